"""The review pages, under /reviews/. Each views module lists its own URL patterns."""

from cases.views import documents, family, overview, people, stages

app_name = "cases"

urlpatterns = [
    *overview.urlpatterns,
    *stages.urlpatterns,
    *people.urlpatterns,
    *documents.urlpatterns,
    *family.urlpatterns,
]
