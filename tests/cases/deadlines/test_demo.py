"""The demo data makes deadlines through the domain functions, and a Commissioner's report."""

from django.core.management import call_command

from actionplans.models import CommissionerRecommendation, CommissionerReport
from cases.deadlines import services as deadlines
from cases.models import Deadline, DeadlineKind, Review
from dhr.models import User


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_deadlines_and_a_commissioner_report(db):
    seed()
    kinds = set(Deadline.objects.values_list("kind", flat=True))
    assert {
        DeadlineKind.DECISION,
        DeadlineKind.HOME_OFFICE,
        DeadlineKind.COMPLETION,
        DeadlineKind.INFORMATION_REQUEST,
        DeadlineKind.QA_RESUBMISSION,
        DeadlineKind.COMMISSIONER_RESPONSE,
    } <= kinds
    assert Deadline.objects.open().exists()
    report = CommissionerReport.objects.get()
    assert report.review == Review.objects.get(pseudonym="Katarina")
    assert report.recommendations.count() == 3
    police = User.objects.get(email="police@example.org")
    mine = deadlines.deadlines_for(police)
    assert mine.filter(kind=DeadlineKind.COMMISSIONER_RESPONSE).count() == 1
    # The Integrated Care Board was not on the panel: the recommendation lets it in.
    icb = CommissionerRecommendation.objects.get(agency__name__contains="Integrated Care").agency
    assert icb.group.reviewgroupobjectpermission_set.filter(content_object=report.review).exists()

    seed()
    assert CommissionerReport.objects.count() == 1
    assert CommissionerRecommendation.objects.count() == 3
