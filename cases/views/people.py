"""Filled in by the stage pages work."""

urlpatterns = []
