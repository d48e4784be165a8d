"""Filled in by the panels pages work."""

app_name = "panels"

urlpatterns = []
