"""The models of the publications app, from its features (DESIGN.md 2)."""

from publications.homeoffice.models import HomeOfficeForm

__all__ = ["HomeOfficeForm"]
