"""Agency chronologies: reading spreadsheets (``importer``), the template agencies fill in
(``template``), the combined chronology of a review (``combined``), its exports (``export``,
with the background PDF in ``tasks``) and its pages (``views``, ``forms``, ``urls``)."""
