"""The publications app's pages, from its features: the Home Office data form and its exports,
learning briefings (with their public pages) and learning events.

Included at the site root (before ``cases``), so the review pages are written in full.
"""

from publications.briefings import urls as briefings
from publications.events import urls as events
from publications.homeoffice import urls as homeoffice

app_name = "publications"

urlpatterns = [*homeoffice.urlpatterns, *briefings.urlpatterns, *events.urlpatterns]
