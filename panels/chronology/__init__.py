"""Agency chronologies: reading spreadsheets (``importer``), the template agencies fill in
(``template``), the combined chronology of a review (``combined``) and its exports (``export``)."""
