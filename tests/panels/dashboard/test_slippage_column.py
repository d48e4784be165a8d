"""The slippage table's column from panels: the longest wait for an agency contribution."""

from datetime import date

import pytest

from cases.models import Stage
from dhr.dashboard import services
from dhr.dashboard.scope import Scope
from panels.contributions import services as contributions
from tests.cases.factories import walk_to
from tests.dhr.factories import AgencyFactory

pytestmark = pytest.mark.django_db

COLUMN = "Longest wait for an agency contribution (days)"


def test_the_longest_wait_counts_to_submission_or_today(clock, review_manager, steering_member):
    review = walk_to(Stage.PANEL, manager=review_manager)
    contributions.make_request(
        review,
        by=review_manager,
        agency=AgencyFactory(name="Kent Police"),
        kind="chronology",
        requested_on=date(2026, 5, 1),
        due_on=date(2026, 5, 29),
    )  # not submitted: 31 days on 1 June
    contributions.make_request(
        review,
        by=review_manager,
        agency=AgencyFactory(name="Swale Housing"),
        kind="report",
        requested_on=date(2026, 5, 20),
        due_on=date(2026, 6, 20),
    )  # 12 days
    quiet = walk_to(Stage.PANEL, manager=review_manager)
    scope = Scope(user=steering_member, partnership_ids=(review.partnership_id,))
    figure = services.find_figure(scope, "slippage-reviews")
    column = figure.columns.index(COLUMN)
    by_label = {row.label: row.cells[column].value for row in figure.rows}
    assert by_label[f"{review.reference} (Case {review.pseudonym})"] == 31
    assert by_label[f"{quiet.reference} (Case {quiet.pseudonym})"] == 0
