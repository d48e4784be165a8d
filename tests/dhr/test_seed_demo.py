"""seed_demo: idempotent, and its manifest tells the truth."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from dhr.models import Agency, Partnership, User


def _snapshot() -> dict:
    """Every row of every project model (history included), as plain values."""
    data = {}
    for model in apps.get_models():
        if model._meta.app_label not in {
            "dhr",
            "cases",
            "panels",
            "actionplans",
            "publications",
            "auth",
            "guardian",
        }:
            continue
        rows = model.objects.order_by("pk").values()
        data[model._meta.label] = [
            {key: value for key, value in row.items() if key not in {"updated_at"}} for row in rows
        ]
    return data


@pytest.fixture
def manifest(db, tmp_path):
    path = tmp_path / "manifest.json"
    call_command("seed_demo", manifest=str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return json.loads(path.read_text())


def test_seed_demo_twice_gives_the_same_data(manifest):
    first = _snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == first


def test_demo_has_the_kent_and_medway_partnerships_and_agencies(manifest):
    assert Partnership.objects.count() == 13
    assert Partnership.objects.filter(name__in=["Medway", "Swale", "Thanet"]).count() == 3
    assert 14 <= Agency.objects.count() <= 20
    assert {u["role"] for u in manifest["users"]} == {
        "administrator",
        "review_manager",
        "chair",
        "agency_member",
        "steering_group",
    }


def test_every_manifest_user_signs_in_with_the_stated_role(client, manifest):
    for entry in manifest["users"]:
        assert client.login(username=entry["username"], password=entry["password"]), entry
        user = User.objects.get(email=entry["username"])
        assert user.role == entry["role"]
        assert (user.agency.name if user.agency else None) == entry["agency"]
        client.logout()


def test_manifest_review_access_matches_the_pages(client, manifest):
    """For every review and every user: the review page opens exactly for can_open."""
    usernames = [u["username"] for u in manifest["users"]]
    for review in manifest["reviews"]:
        assert set(review["can_open"]) <= set(usernames)
        for username in usernames:
            client.force_login(User.objects.get(email=username))
            page = client.get(reverse("cases:detail", args=[review["reference"]]))
            expected = 200 if username in review["can_open"] else 404
            assert page.status_code == expected, (review["reference"], username)
            for secret in review["restricted"]:
                shown = secret in page.text
                assert shown == (username in review["can_see_restricted"]), (secret, username)
