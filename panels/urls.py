"""The panels app's pages, from its features: the chair pool, a review's chair and panel, its
agency contributions, combined chronology and panel meetings.

Included at the site root (before ``cases``), so the review pages are written in full.
"""

from panels.chairs import urls as chairs
from panels.chronology import urls as chronology
from panels.contributions import urls as contributions
from panels.meetings import urls as meetings

app_name = "panels"

urlpatterns = [
    *chairs.urlpatterns,
    *contributions.urlpatterns,
    *chronology.urlpatterns,
    *meetings.urlpatterns,
]
