"""seed_demo --national at a tiny scale: the counts follow the scale, the same seed gives the
same data, and the data is what the domain would have made (pages open, grants hold)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from dhr import national
from dhr.demo import DEMO_PASSWORD

SCALE = 0.002


class _Rollback(Exception):
    pass


def _digest() -> dict:
    """The data as plain values without ids (ids come from sequences, which never roll back)."""
    from actionplans.models import PlanAction, Recommendation
    from cases.models import (
        Deadline,
        Hold,
        InformationRequest,
        Review,
        ReviewGroupObjectPermission,
        StageChange,
    )
    from dhr.models import Agency, User
    from panels.models import ChronologyEntry, PanelMember

    agency_of_group = dict(Agency.objects.values_list("group_id", "name"))

    def rows(model, *fields):
        return list(model.objects.order_by(*fields).values_list(*fields))

    return {
        "users": rows(User, "email", "full_name", "role", "agency__name"),
        "reviews": rows(
            Review,
            "reference",
            "pseudonym",
            "stage",
            "notified_on",
            "closed_on",
            "is_on_hold",
            "chair__email",
            "partnership__code",
        ),
        "requests": rows(InformationRequest, "review__reference", "agency__name", "answered_at"),
        "panels": rows(PanelMember, "review__reference", "agency__name"),
        "grants": sorted(
            (ref, agency_of_group[group])
            for ref, group in ReviewGroupObjectPermission.objects.values_list(
                "content_object__reference", "group_id"
            )
        ),
        "entries": rows(
            ChronologyEntry, "review__reference", "agency__name", "row_number", "date", "event"
        ),
        "recommendations": rows(Recommendation, "review__reference", "number", "text"),
        "actions": rows(
            PlanAction, "review__reference", "recommendation__number", "number", "status"
        ),
        "deadlines": rows(Deadline, "review__reference", "kind", "title", "due_on", "met_on"),
        "changes": rows(StageChange, "review__reference", "at", "action", "to_stage"),
        "holds": rows(Hold, "review__reference", "started_at", "reason"),
    }


def _load(seed: int = 7) -> str:
    out = io.StringIO()
    call_command("seed_demo", national=True, scale=SCALE, seed=seed, stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(db):
    return _load()


def test_counts_follow_the_scale(loaded):
    from actionplans.models import PlanAction, Recommendation
    from cases.models import Review, Stage
    from dhr.models import Partnership, User
    from panels.models import ChronologyEntry

    def size(name, minimum=1):
        return max(minimum, round(national.SIZES[name] * SCALE))

    assert Partnership.objects.count() == size("partnerships")
    assert Review.objects.count() == size("reviews", len(Stage) + 1)  # every stage, and a large one
    assert User.objects.count() == size("users", 10)
    assert ChronologyEntry.objects.count() == size("chronology_entries", 100)
    assert Recommendation.objects.count() == size("recommendations")
    assert PlanAction.objects.count() == size("actions")
    assert set(Review.objects.values_list("stage", flat=True)) == set(Stage.values)
    # Every part says how long it took.
    for part in ("reviews", "chronology entries", "recommendations and actions", "total"):
        assert part in loaded


def test_the_same_seed_gives_the_same_data(db):
    try:
        with transaction.atomic():
            _load(seed=7)
            first = _digest()
            raise _Rollback
    except _Rollback:
        pass
    try:
        with transaction.atomic():
            _load(seed=8)
            other = _digest()
            raise _Rollback
    except _Rollback:
        pass
    _load(seed=7)
    assert _digest() == first
    assert other["reviews"] != first["reviews"]


def test_loading_twice_is_refused(loaded):
    with pytest.raises(CommandError, match="already has a national data set"):
        _load()


def test_a_generated_manager_signs_in_and_opens_the_list_and_an_overview(client, loaded):
    from cases.models import Review
    from dhr.models import User

    review = Review.objects.filter(stage="panel").order_by("pk").first()
    manager = User.objects.filter(role="review_manager", partnerships=review.partnership).first()
    assert client.login(request=HttpRequest(), username=manager.email, password=DEMO_PASSWORD)
    listing = client.get(reverse("cases:list"))
    assert listing.status_code == 200
    assert review.reference in listing.text
    overview = client.get(reverse("cases:detail", args=[review.reference]))
    assert overview.status_code == 200
    assert review.pseudonym in overview.text
    chronology = client.get(reverse("panels:combined_chronology", args=[review.reference]))
    assert chronology.status_code == 200


def test_grants_are_those_the_domain_makes(client, loaded):
    """An agency opens exactly the reviews it was asked about or sits on the panel of; a chair
    exactly the reviews they chair; nobody else's review opens."""
    from cases.models import Review
    from cases.reviews.access import reviews_for
    from dhr.models import User
    from panels.models import PanelMember

    for member in User.objects.filter(role="agency_member").select_related("agency")[:15]:
        involved = set(
            Review.objects.filter(info_requests__agency=member.agency).values_list("pk", flat=True)
        ) | set(
            PanelMember.objects.filter(agency=member.agency).values_list("review_id", flat=True)
        )
        assert set(reviews_for(member).values_list("pk", flat=True)) == involved
    for chair in User.objects.filter(role="chair"):
        chaired = set(Review.objects.filter(chair=chair).values_list("pk", flat=True))
        assert set(reviews_for(chair).values_list("pk", flat=True)) == chaired
    # Pages follow the same rule: an agency member not involved gets 404.
    review = Review.objects.filter(stage="panel").order_by("pk").first()
    outsider = (
        User.objects.filter(role="agency_member")
        .exclude(agency__in=review.panel_members.values("agency"))
        .exclude(agency__in=review.info_requests.values("agency"))
        .first()
    )
    if outsider is not None:
        client.force_login(outsider)
        assert client.get(reverse("cases:detail", args=[review.reference])).status_code == 404
    insider = User.objects.filter(
        role="agency_member", agency__in=review.panel_members.values("agency")
    ).first()
    client.force_login(insider)
    assert client.get(reverse("cases:detail", args=[review.reference])).status_code == 200


def test_history_rows_name_the_acting_user(loaded):
    from cases.models import Review, StageChange

    history = Review.history.model
    assert history.objects.count() == StageChange.objects.count()
    assert not history.objects.filter(history_user__isnull=True).exists()
