"""The action plans' records as the dashboard reads them (``actionplans.dashboard.progress``).

Two methods, one query each, whatever the number of reviews, recommendations or actions:
``reviews`` is a queryset used as a subquery. Only agreed recommendations and their actions
count: a draft is not yet part of the plan and a withdrawn one is no longer (its actions are
superseded), as the agencies themselves see it (``services.actions_for``).

- An action's RAG rating is derived by ``services.rag_of`` from the same values as on the
  action plan's page (its deadline's date, which a hold moves on, and the day the review's
  hold began), so the dashboard and the plan never disagree.
- A recommendation's year is the year it was agreed.
- A repeat is "confirmed" when a person linked it to an earlier recommendation, "suggested"
  when the repeats search (``repeats``) finds an earlier one of the same partnership, as the
  partnership's repeats report does, and "" otherwise.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from actionplans.dashboard.progress import ActionRow, RecommendationRow
from actionplans.models import PlanAction, Recommendation, RecommendationLink, Theme
from actionplans.recommendations import repeats, services

AGREED = Recommendation.Status.AGREED

# Whether an earlier recommendation of the same partnership says much the same as this one:
# the repeats search's ``%`` filter (GIN index) and score, correlated with the outer row.
_SUGGESTED = f"""
    EXISTS (
        SELECT 1
        FROM actionplans_recommendation b
        JOIN cases_review rb ON rb.id = b.review_id
        JOIN cases_review ra ON ra.id = "actionplans_recommendation"."review_id"
        WHERE b.text %% "actionplans_recommendation"."text"
          AND b.review_id <> "actionplans_recommendation"."review_id"
          AND b.status <> 'withdrawn'
          AND rb.partnership_id = ra.partnership_id
          AND (rb.notified_on, rb.id) < (ra.notified_on, ra.id)
          AND {repeats._score('"actionplans_recommendation"."text"', "b.text")} >= %s
    )
"""  # noqa: S608 - fixed SQL only; the threshold is a parameter


class Source:
    """The dashboard's view of the action plans (``progress.Source``)."""

    def actions(self, reviews):
        today = timezone.localdate()
        rows = (
            PlanAction.objects.filter(review__in=reviews, recommendation__status=AGREED)
            .annotate(due=Coalesce("deadline__due_on", "target_date"))
            .values_list(
                "review_id",
                "lead_agency__name",
                "status",
                "due",
                "completed_on",
                "review__is_on_hold",
                "review__on_hold_since",
            )
            .order_by()
        )
        for review_id, agency, status, due, completed_on, on_hold, held_since in rows:
            rag = services.rag_of(status, due, held_since if on_hold else None, today)
            yield ActionRow(
                review_id=review_id,
                lead_agency=agency,
                rag=rag.key,
                due_on=due,
                completed_on=completed_on if status == PlanAction.Status.COMPLETED else None,
            )

    def recommendations(self, reviews):
        rows = (
            Recommendation.objects.filter(review__in=reviews, status=AGREED)
            .annotate(
                year=ExtractYear(Coalesce("agreed_on", "created_at__date")),
                # Subqueries rather than joins: one row per recommendation, no GROUP BY.
                theme_names=ArraySubquery(
                    Theme.objects.filter(recommendations=OuterRef("pk")).values("name")
                ),
                confirmed=Exists(RecommendationLink.objects.filter(recommendation=OuterRef("pk"))),
                suggested=RawSQL(_SUGGESTED, [repeats.THRESHOLD]),  # noqa: S611 - fixed SQL
            )
            .values_list("review_id", "year", "theme_names", "confirmed", "suggested")
            .order_by()
        )
        for review_id, year, themes, confirmed, suggested in rows:
            yield RecommendationRow(
                review_id=review_id,
                year=year,
                themes=tuple(sorted(themes)),
                repeat="confirmed" if confirmed else ("suggested" if suggested else ""),
            )


SOURCE = Source()
