"""The review pages, under /reviews/, from the features that own them."""

from cases.documents import urls as documents
from cases.family import urls as family
from cases.lifecycle import urls as lifecycle
from cases.people import urls as people
from cases.reviews import urls as reviews

app_name = "cases"

urlpatterns = [
    *reviews.urlpatterns,
    *lifecycle.urlpatterns,
    *people.urlpatterns,
    *documents.urlpatterns,
    *family.urlpatterns,
]
