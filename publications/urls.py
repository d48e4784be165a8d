"""The publications app's pages, from its features: the Home Office data form and its exports.

Included at the site root (before ``cases``), so the review pages are written in full.
"""

from publications.homeoffice import urls as homeoffice

app_name = "publications"

urlpatterns = [*homeoffice.urlpatterns]
