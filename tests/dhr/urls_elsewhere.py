"""URL patterns for tests/dhr/test_links.py: the home page at another address."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/", lambda request: HttpResponse("elsewhere"), name="home")]
