"""The publications app's pages, from its features: the Home Office data form and its exports,
the review's report versions and checks, the public register, learning briefings (with
their public pages) and learning events.

Included at the site root (before ``cases``), so the review pages are written in full.
"""

from publications.briefings import urls as briefings
from publications.events import urls as events
from publications.homeoffice import urls as homeoffice
from publications.register import urls as register
from publications.reports import urls as reports

app_name = "publications"

urlpatterns = [
    *homeoffice.urlpatterns,
    *reports.urlpatterns,
    # Before the register's, so /published/briefings/ is never taken for a review's page.
    *briefings.urlpatterns,
    *register.urlpatterns,
    *events.urlpatterns,
]
