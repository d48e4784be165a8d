"""Fixtures of the review tests, shared with the publications tests."""

from tests.cases.conftest import cast, manager_client, media_root, medway_manager  # noqa: F401
