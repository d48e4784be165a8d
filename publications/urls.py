"""The publications app's pages, from its features: the Home Office data form and its exports,
the review's report versions and checks, and the public register.

Included at the site root (before ``cases``), so the review pages are written in full.
"""

from publications.homeoffice import urls as homeoffice
from publications.register import urls as register
from publications.reports import urls as reports

app_name = "publications"

urlpatterns = [*homeoffice.urlpatterns, *reports.urlpatterns, *register.urlpatterns]
