"""seed_demo gives every review from Home Office QA on a realistic action plan (agreed
recommendations, each with an action led by an agency, completed or closed before the review
closed) and true repeats across reviews: the same lesson in other words, suggested by the
repeats service and confirmed by a person. Seeding again adds nothing."""

from django.core.management import call_command

from actionplans.models import PlanAction, Recommendation, RecommendationLink
from actionplans.recommendations import repeats
from cases.models import Review, Stage

FROM_QA = {
    Stage.QA_SUBMITTED,
    Stage.AMENDMENTS_REQUESTED,
    Stage.QA_APPROVED,
    Stage.SENT_TO_COMMISSIONER,
    Stage.PUBLISHED,
    Stage.MONITORING,
    Stage.CLOSED,
}


def _seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_action_plans_with_true_repeats(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _seed()
    planned = [
        review
        for review in Review.objects.order_by("pk")
        if review.stage in FROM_QA and review.recommendations.exists()
    ]
    assert len(planned) >= 3
    for review in planned:
        recommendations = list(review.recommendations.prefetch_related("actions", "themes"))
        assert len(recommendations) >= 3, review.reference
        for recommendation in recommendations:
            assert recommendation.status == Recommendation.Status.AGREED
            assert len(recommendation.text.split()) >= 12  # a real sentence, not a placeholder
            assert recommendation.themes.exists()
            assert recommendation.actions.exists()
        if review.stage == Stage.CLOSED:
            assert not PlanAction.objects.filter(review=review).exclude(
                status__in=PlanAction.CLOSED_STATUSES
            )
    # Reviews from QA on but not closed still have their plans open: something to monitor.
    assert PlanAction.objects.exclude(status__in=PlanAction.CLOSED_STATUSES).exists()
    assert PlanAction.objects.filter(status=PlanAction.Status.COMPLETED).exists()

    links = list(
        RecommendationLink.objects.select_related("recommendation__review", "earlier__review")
    )
    repeated = [link for link in links if link.relation == RecommendationLink.Relation.REPEATS]
    assert repeated, "no confirmed repeat"
    for link in links:
        later, earlier = link.recommendation, link.earlier
        assert later.review_id != earlier.review_id
        assert later.text != earlier.text  # the same lesson, in other words
        assert earlier.review.notified_on <= later.review.notified_on
        # A true repeat: the service suggests it too, from the later review's side.
        suggested = repeats.suggestions_for_review(later.review).get(later.pk, [])
        assert earlier.pk in [s.recommendation.pk for s in suggested], later.text
    counts = (Recommendation.objects.count(), PlanAction.objects.count(), len(links))

    _seed()  # idempotent
    assert (
        Recommendation.objects.count(),
        PlanAction.objects.count(),
        RecommendationLink.objects.count(),
    ) == counts
