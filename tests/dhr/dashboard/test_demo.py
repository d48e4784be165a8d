"""The demo data gives every chart something to show, and the manifest's ``listed_for`` tells
who sees a review listed on the dashboard without being able to open it."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from dhr.dashboard import services
from dhr.dashboard.scope import Scope, partnerships_for
from dhr.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def manifest(tmp_path):
    path = tmp_path / "manifest.json"
    call_command("seed_demo", manifest=str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return json.loads(path.read_text())


def numbers(figure) -> list:
    return [
        cell.value
        for row in figure.rows
        for cell in row.cells
        if cell.is_numeric and isinstance(cell.value, int | float)
    ]


def test_every_chart_has_something_to_show_and_the_listing_is_told(client, manifest):
    steering = User.objects.get(email="steering@example.org")
    scope = Scope(
        user=steering,
        partnership_ids=tuple(partnerships_for(steering).values_list("pk", flat=True)),
    )
    for section in services.build_all(scope):
        for figure in section.figures:
            assert not figure.is_empty, figure.key
            assert any(value for value in numbers(figure)) or any(
                cell.suppressed for row in figure.rows for cell in row.cells
            ), figure.key
    by_key = {f.key: f for s in services.build_all(scope) for f in s.figures}
    # The demo's stage changes and holds are dated: time passes in stages and on hold.
    assert max(row.cells[1].value or 0 for row in by_key["stage-time"].rows) > 30
    holds = {row.label: row.cells[0].value for row in by_key["slippage-holds"].rows}
    assert holds["Criminal proceedings"] == 45
    assert holds["Inquest"] == 96

    # listed_for: the steering group (all areas) and the administrator, for every review.
    for review in manifest["reviews"]:
        assert review["listed_for"] == ["admin@example.org", "steering@example.org"], review
        assert not set(review["listed_for"]) & set(review["can_open"])
    # The dashboard names a review (its pseudonym) only to those who can open or list it.
    for entry in manifest["users"]:
        user = User.objects.get(email=entry["username"])
        client.force_login(user)
        page = client.get(reverse("dhr:dashboard"))
        if page.status_code == 403:
            continue
        named = [r for r in manifest["reviews"] if f"(Case {r['pseudonym']})" in page.text]
        for review in named:
            allowed = set(review["listed_for"]) | set(review["can_open"])
            assert user.email in allowed, (review["reference"], user.email)
        if user.email == "steering@example.org":
            assert len(named) >= 10  # every open review, on the slippage table
