"""The family pages are tried on a review whose panel is at work (``tests/panels``)."""

from tests.panels.conftest import panel

__all__ = ["panel"]
