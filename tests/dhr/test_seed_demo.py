"""seed_demo: idempotent, and its manifest tells the truth."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.http import HttpRequest
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
        assert client.login(
            request=HttpRequest(), username=entry["username"], password=entry["password"]
        ), entry
        user = User.objects.get(email=entry["username"])
        assert user.role == entry["role"]
        assert (user.agency.name if user.agency else None) == entry["agency"]
        client.logout()


def test_demo_reviews_cover_every_stage(manifest):
    from cases.models import QARound, Review, Stage

    assert {review["stage"] for review in manifest["reviews"]} == {stage.value for stage in Stage}
    assert Review.objects.filter(is_on_hold=True).exists()
    assert QARound.objects.filter(outcome=QARound.Outcome.RESUBMIT).exists()
    pseudonyms = [review["pseudonym"] for review in manifest["reviews"]]
    assert len(pseudonyms) == len(set(pseudonyms))


def test_generated_reviews_are_added(db):
    from cases.models import Review

    call_command("seed_demo", reviews=3, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Review.objects.filter(pseudonym__startswith="Generated ").count() == 3


def test_manifest_review_access_matches_the_pages(client, manifest):
    """For every review and every user: the review page opens exactly for can_open."""
    usernames = [u["username"] for u in manifest["users"]]
    assert manifest["reviews"], "the demo has reviews"
    assert all(review["can_open"] for review in manifest["reviews"])
    for review in manifest["reviews"]:
        assert set(review["can_open"]) <= set(usernames)
        for username in usernames:
            client.force_login(User.objects.get(email=username))
            page = client.get(reverse("cases:detail", args=[review["reference"]]))
            expected = 200 if username in review["can_open"] else 404
            assert page.status_code == expected, (review["reference"], username)
            if expected == 404:
                continue
            # The People tab is where subjects' identities are shown to those allowed.
            people = client.get(reverse("cases:subjects", args=[review["reference"]]))
            assert people.status_code == 200
            for secret in review["restricted"]:
                shown = secret in people.text
                assert shown == (username in review["can_see_restricted"]), (secret, username)


def test_each_pseudonym_appears_nowhere_else(manifest):
    """So a test can search any page for a pseudonym to detect a leak of that review."""
    from cases.models import Review

    elsewhere_common = (
        [u.full_name for u in User.objects.all()]
        + [a.name for a in Agency.objects.all()]
        + [p.name for p in Partnership.objects.all()]
    )
    reviews = list(Review.objects.prefetch_related("subjects"))
    for review in reviews:
        others = list(elsewhere_common)
        for other in reviews:
            if other.pk != review.pk:
                others += [other.pseudonym, other.circumstances, other.reference]
                others += [f"{s.pseudonym} {s.real_name} {s.address}" for s in other.subjects.all()]
        assert not [text for text in others if review.pseudonym.lower() in text.lower()], review


def test_a_generated_review_asked_for_amendments_without_resubmission_stops_there(db):
    """What stopped ``seed_demo --reviews 200`` (its 30th review, seed 0): a review generated at
    "amendments requested" without ``qa_resubmission`` ran on to "closed", and putting it on hold
    then raised TransitionRefused. Built the same way as a generated review, it now stops at its
    stage and can be held."""
    from django.utils import timezone

    from cases.models import Stage
    from panels import demo

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    stages = list(Stage)
    generated = demo.DemoReview(
        "Generated 00030",
        "SWA",
        Stage.AMENDMENTS_REQUESTED,
        "Ada Generated-30",
        "Other 00030",
        "Perpetrator Generated-30",
        qa_resubmission=False,
        on_hold=True,
    )
    review = demo._create_review(
        generated, stages.index(Stage.AMENDMENTS_REQUESTED), timezone.localdate()
    )
    review.refresh_from_db()
    assert review.stage == Stage.AMENDMENTS_REQUESTED
    assert review.is_on_hold
