"""The review fixtures of ``tests/cases`` (the cast, another partnership's manager, an
outsider, a media folder per test), for the action plan tests."""

from tests.cases.conftest import cast, manager_client, media_root, medway_manager, outsider

__all__ = ["cast", "manager_client", "media_root", "medway_manager", "outsider"]
