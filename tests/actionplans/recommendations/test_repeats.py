"""Repeat detection (issue 9, point 4): paraphrases of earlier recommendations are suggested,
unrelated recommendations are not; only reviews the user may open are searched on the pages,
every partnership by the command; a person's confirmation is recorded; the number of queries
does not grow with the number of recommendations."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from actionplans.models import Recommendation, RecommendationLink
from actionplans.recommendations import repeats, services
from cases.models import Stage
from dhr.accounts.roles import Role
from tests.cases.factories import walk_to
from tests.dhr.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

EARLIER = {
    "dash": "Kent Police should ensure that officers complete a DASH risk assessment at every "
    "domestic abuse incident and that supervisors check its quality.",
    "carers": "Adult social care should ask carers about their own safety and about domestic "
    "abuse at every carer's assessment, and record the answer.",
    "training": "The partnership should provide training on coercive and controlling behaviour "
    "to frontline practitioners in all agencies.",
    "mental_health": "Mental health services should share information about domestic abuse risk "
    "with the MARAC and with the police when a patient discloses abuse.",
}
# The later review: three paraphrases, then three unrelated recommendations of the same field.
LATER = [
    # Different word order
    (
        "dash",
        "Supervisors should check the quality of DASH risk assessments, which officers "
        "must complete at every domestic abuse incident they attend.",
    ),
    # Synonyms
    (
        "carers",
        "At each carer's assessment, adult social care should ask the carer about "
        "domestic abuse and their own safety, and write down what they say.",
    ),
    # Extra words
    (
        "training",
        "The community safety partnership should commission and provide regular "
        "training on coercive and controlling behaviour to all frontline practitioners in every "
        "partner agency.",
    ),
    (
        None,
        "GP practices should record domestic abuse disclosures and refer patients to the "
        "IDVA service.",
    ),
    (
        None,
        "The Home Office should issue national guidance on how MARACs handle repeat "
        "referrals of the same victim.",
    ),
    (
        None,
        "Housing providers should flag tenancies where domestic abuse has been reported and "
        "share this with the police.",
    ),
]


def recommend(review, manager, text):
    return services.draft_recommendation(
        review, by=manager, text=text, level=Recommendation.Level.LOCAL, addressed_to="Partners"
    )


@pytest.fixture
def earlier(review_manager):
    """A review notified in 2024 with the four original recommendations."""
    review = walk_to(Stage.COMMISSIONED, manager=review_manager, notified_on=date(2024, 3, 4))
    return review, {key: recommend(review, review_manager, text) for key, text in EARLIER.items()}


@pytest.fixture
def later(review_manager, earlier):
    review = walk_to(Stage.COMMISSIONED, manager=review_manager, notified_on=date(2026, 2, 2))
    return review, [recommend(review, review_manager, text) for _, text in LATER]


def test_paraphrases_are_suggested_and_unrelated_recommendations_are_not(earlier, later):
    _, originals = earlier
    review, recommendations = later
    found = repeats.suggestions_for_review(review)
    suggested = {
        rec.pk: [s.recommendation.pk for s in found.get(rec.pk, [])] for rec in recommendations
    }
    for (key, _), rec in zip(LATER, recommendations, strict=True):
        expected = [originals[key].pk] if key else []
        assert suggested[rec.pk] == expected, rec.text
    scores = [found[rec.pk][0].score for rec in recommendations[:3]]
    assert all(repeats.THRESHOLD <= score <= 1 for score in scores)


def test_only_earlier_reviews_are_suggested(earlier, later):
    assert repeats.suggestions_for_review(earlier[0]) == {}


def test_while_writing_the_same_service_suggests(earlier, later, review_manager):
    review, _ = later
    originals = earlier[1]
    found = repeats.suggestions_for_text(
        "Officers must complete the DASH risk assessment at every domestic abuse incident, "
        "and supervisors should check its quality.",
        review=review,
        user=review_manager,
    )
    assert [s.recommendation for s in found] == [originals["dash"]]
    assert repeats.suggestions_for_text("Fund more refuge places.", review=review) == []


def test_pages_search_only_reviews_the_user_may_open(earlier, later, medway_manager):
    review, _ = later
    other = walk_to(Stage.COMMISSIONED, manager=medway_manager, notified_on=date(2026, 4, 1))
    copy = recommend(other, medway_manager, LATER[0][1])
    # Morgan Medway cannot open Swale's reviews: nothing suggested to him...
    assert repeats.suggestions_for_review(other, user=medway_manager) == {}
    # ...but the command searches every partnership.
    everywhere = repeats.suggestions_for_review(other)
    assert {s.review for s in everywhere[copy.pk]} == {review, earlier[0]}


def test_the_command_prints_the_exact_json(earlier, later):
    review, _ = later
    earlier_review = earlier[0]
    out = StringIO()
    call_command("repeated_recommendations", review.reference, "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert [item["number"] for item in printed] == [1, 2, 3, 4, 5, 6]
    assert [[(r["reference"], r["number"]) for r in item["repeats"]] for item in printed] == [
        [(earlier_review.reference, 1)],
        [(earlier_review.reference, 2)],
        [(earlier_review.reference, 3)],
        [],
        [],
        [],
    ]
    first = printed[0]["repeats"][0]
    assert set(first) == {"reference", "number", "score"}
    assert isinstance(first["score"], float)
    assert 0 < first["score"] <= 1
    text = StringIO()
    call_command("repeated_recommendations", review.reference, stdout=text)
    assert f"Recommendation 1 may repeat:\n  {earlier_review.reference} recommendation 1" in (
        text.getvalue()
    )
    assert "Recommendation 4: no earlier repeat found" in text.getvalue()


def test_a_person_confirms_the_link_and_it_is_recorded(client, earlier, later, review_manager):
    review, recommendations = later
    original = earlier[1]["dash"]
    client.force_login(review_manager)
    page = client.get(
        reverse("actionplans:plan_recommendation", args=[review.reference, recommendations[0].pk])
    )
    assert original.text in page.content.decode()
    response = client.post(
        reverse(
            "actionplans:plan_recommendation_link",
            args=[review.reference, recommendations[0].pk],
        ),
        {"earlier": original.pk, "relation": "repeats", "score": "0.7"},
    )
    assert response.status_code == 302
    link = RecommendationLink.objects.get()
    assert (link.recommendation, link.earlier, link.relation, link.confirmed_by) == (
        recommendations[0],
        original,
        "repeats",
        review_manager,
    )
    assert link.history.get().history_user == review_manager
    report = client.get(reverse("actionplans:plan_repeats"))
    assert report.status_code == 200
    assert [row["recommendation"] for row in report.context["confirmed"]] == [recommendations[0]]
    assert {row["recommendation"] for row in report.context["suggested"]} == set(
        recommendations[1:3]
    )


def test_the_steering_group_reads_the_report_without_record_pages(earlier, later, client):
    review, _ = later
    steering = UserFactory(
        role=Role.STEERING_GROUP, partnerships=[review.partnership], full_name="Sam Steering"
    )
    client.force_login(steering)
    report = client.get(reverse("actionplans:plan_repeats"))
    assert len(report.context["suggested"]) == 3
    assert "/action-plan/recommendations/" not in report.content.decode()


def test_the_query_count_does_not_grow_with_the_recommendations(
    review_manager,
):
    old = walk_to(Stage.COMMISSIONED, manager=review_manager, notified_on=date(2024, 1, 8))
    new = walk_to(Stage.COMMISSIONED, manager=review_manager, notified_on=date(2026, 1, 8))
    for key in ("dash", "carers"):
        recommend(old, review_manager, EARLIER[key])
    recommend(new, review_manager, LATER[0][1])
    recommend(new, review_manager, LATER[1][1])

    partnership = new.partnership

    def count() -> list:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            repeats.suggestions_for_review(new, user=review_manager)
            repeats.partnership_report(partnership)
        return [q["sql"][:90] for q in captured]

    small = count()
    for key in ("training", "mental_health"):
        recommend(old, review_manager, EARLIER[key])
    for _, text in LATER[2:]:
        recommend(new, review_manager, text)
    big = count()
    assert len(big) == len(small), "\n".join(big)


def test_the_report_covers_one_partnership(earlier, later, review_manager):
    elsewhere = PartnershipFactory(name="Dover", code="DOV")
    assert repeats.partnership_report(elsewhere) == []


def test_the_report_is_paginated_with_the_totals_of_every_page(
    earlier, later, client, review_manager, monkeypatch
):
    from actionplans.recommendations import views

    monkeypatch.setattr(views, "REPEATS_PAGE_SIZE", 2)
    client.force_login(review_manager)
    first = client.get(reverse("actionplans:plan_repeats"))
    second = client.get(reverse("actionplans:plan_repeats"), {"page": 2})
    assert len(first.context["suggested"]) == 2
    assert len(second.context["suggested"]) == 1
    for page in (first, second):
        assert "Suggested (3)" in page.text
        assert 'class="govuk-pagination"' in page.text
    assert "page=2" in first.text
    code = review_manager.partnerships.get().code
    assert f"partnership={code}&amp;page=2" in first.text


def _pair_score(text: str, earlier_text: str) -> float:
    """One pair's score, computed on its own (the service computes it for many at once)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT round((" + repeats._score("q.a", "q.b") + ")::numeric, 2) "
            "FROM (SELECT %s::text AS a, %s::text AS b) q",
            [text, earlier_text],
        )
        return float(cursor.fetchone()[0])


def test_the_command_json_is_exactly_the_specified_shape(earlier, later, medway_manager):
    """``[{"number": 1, "repeats": [{"reference": "DHR-…", "number": 3, "score": 0.62}, …]},
    …]``: every recommendation of the review in number order, each with its suggested
    repeats from every partnership (best first), the scores rounded to two places."""
    review, recommendations = later
    swale_review, originals = earlier
    medway = walk_to(Stage.COMMISSIONED, manager=medway_manager, notified_on=date(2025, 5, 5))
    medway_dash = recommend(
        medway,
        medway_manager,
        "Officers should complete a DASH risk assessment at every domestic abuse incident.",
    )
    out = StringIO()
    call_command("repeated_recommendations", review.reference, "--json", stdout=out)

    def entry(original, rec):
        return {
            "reference": original.review.reference,
            "number": original.number,
            "score": _pair_score(rec.text, original.text),
        }

    dash_repeats = sorted(
        [entry(originals["dash"], recommendations[0]), entry(medway_dash, recommendations[0])],
        key=lambda item: -item["score"],
    )
    expected = [
        {"number": 1, "repeats": dash_repeats},
        {"number": 2, "repeats": [entry(originals["carers"], recommendations[1])]},
        {"number": 3, "repeats": [entry(originals["training"], recommendations[2])]},
        {"number": 4, "repeats": []},
        {"number": 5, "repeats": []},
        {"number": 6, "repeats": []},
    ]
    assert out.getvalue().strip() == json.dumps(expected, ensure_ascii=False)
    assert {item["reference"] for item in dash_repeats} == {
        swale_review.reference,
        medway.reference,
    }
    assert all(
        isinstance(r["score"], float) and repeats.THRESHOLD <= r["score"] <= 1
        for item in expected
        for r in item["repeats"]
    )
    # A review with no recommendations prints an empty list.
    empty = walk_to(Stage.COMMISSIONED, manager=medway_manager, notified_on=date(2026, 6, 1))
    out = StringIO()
    call_command("repeated_recommendations", empty.reference, "--json", stdout=out)
    assert out.getvalue().strip() == "[]"
