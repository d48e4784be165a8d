"""Finding earlier recommendations that say much the same (issue 9, point 4).

PostgreSQL does the work: the ``%`` operator of pg_trgm (served by the GIN index
``recommendation_text_trgm``) picks the candidates, and each is scored by the mean of its
trigram ``similarity()`` and of the overlap of the two texts' English stems (full-text search's
lexemes, which see "assessments" and "assessment" as one word); a candidate is suggested from
``THRESHOLD`` up. Tuned on the wording of real recommendations
(``tests/actionplans/recommendations/test_repeats.py``): a paraphrase (other word order, a few
synonyms, extra words) scores 0.50 to 0.76 against its original; unrelated recommendations of
the same field, which share "domestic abuse", "police", "should", score 0.05 to 0.38.

"Earlier" means a recommendation of another review notified before this one (ties by the
order in which the reviews were recorded); while a recommendation is being written, every
recorded recommendation of another review is earlier than it. Withdrawn recommendations are
never suggested. The pages pass the user, so that only reviews the user may open are searched; the
``repeated_recommendations`` command passes none and searches every partnership. The number
of queries does not depend on how many recommendations there are.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch

from actionplans.models import PlanAction, Recommendation, RecommendationLink
from cases.models import Review

THRESHOLD = 0.45
LIMIT = 5  # suggestions per recommendation


@dataclass(frozen=True)
class Suggestion:
    """An earlier recommendation that may be repeated, how alike the two are (0 to 1) and the
    link a person confirmed between them, if any."""

    recommendation: Recommendation
    score: float
    link: RecommendationLink | None = None

    @property
    def review(self) -> Review:
        return self.recommendation.review

    @property
    def actions_summary(self) -> str:
        from actionplans.recommendations.services import summary

        return summary(self.recommendation.actions.all())


def _visible_clause(user) -> tuple[str, list]:
    if user is None:
        return "", []
    sql, params = Review.objects.for_user(user).values("pk").query.sql_with_params()
    return f" AND b.review_id IN ({sql})", list(params)


def _fetch(ids) -> dict:
    """The suggested recommendations with what a page shows of them, in three queries."""
    records = (
        Recommendation.objects.filter(pk__in=set(ids))
        .select_related("review", "review__partnership")
        .prefetch_related("themes", Prefetch("actions", PlanAction.objects.order_by("number")))
    )
    return {record.pk: record for record in records}


def _score(a: str, b: str) -> str:
    """The SQL of the score of two texts: the mean of their trigram similarity and of the
    Dice overlap of their English stems (full-text lexemes), 0 to 1."""
    la = f"tsvector_to_array(to_tsvector('english', {a}))"
    lb = f"tsvector_to_array(to_tsvector('english', {b}))"
    shared = f"(SELECT count(*) FROM (SELECT unnest({la}) INTERSECT SELECT unnest({lb})) x)"  # noqa: S608 - column names only
    sizes = f"greatest(1, coalesce(array_length({la}, 1), 0) + coalesce(array_length({lb}, 1), 0))"
    return f"((similarity({a}, {b}) + 2.0 * {shared} / {sizes}) / 2)"


def _pairs(where: str, params: list, *, user=None, partnership_id=None) -> list:
    """(recommendation id, earlier id, score) for the recommendations ``a`` chosen by
    ``where``, best first per recommendation: one query."""
    visible, visible_params = _visible_clause(user)
    if partnership_id is not None:
        visible += " AND rb.partnership_id = %s"
        visible_params.append(partnership_id)
    # Only fixed SQL fragments are formatted in; every value is a parameter.
    sql = f"""
        SELECT a_id, b_id, score FROM (
            SELECT a.id AS a_id, b.id AS b_id, a.number AS a_number,
                   ra.notified_on AS a_notified, ra.id AS a_review,
                   {_score("a.text", "b.text")} AS score
            FROM actionplans_recommendation a
            JOIN cases_review ra ON ra.id = a.review_id
            JOIN actionplans_recommendation b
              ON b.text %% a.text AND b.review_id <> a.review_id
            JOIN cases_review rb ON rb.id = b.review_id
            WHERE {where}
              AND b.status <> 'withdrawn'
              AND (rb.notified_on, rb.id) < (ra.notified_on, ra.id)
              {visible}
        ) pairs
        WHERE score >= %s
        ORDER BY a_notified DESC, a_review DESC, a_number, score DESC, b_id
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *visible_params, THRESHOLD])
        return cursor.fetchall()


def _suggestions(found, links: dict, limit: int) -> dict:
    records = _fetch(earlier for _, earlier, _ in found)
    result: dict = {}
    for recommendation_id, earlier_id, score in found:
        suggestions = result.setdefault(recommendation_id, [])
        if len(suggestions) < limit:
            suggestions.append(
                Suggestion(
                    records[earlier_id],
                    round(score, 2),
                    links.get((recommendation_id, earlier_id)),
                )
            )
    return result


def _links(**filters) -> dict:
    return {
        (link.recommendation_id, link.earlier_id): link
        for link in RecommendationLink.objects.filter(**filters)
    }


def suggestions_for_review(review: Review, *, user=None, limit: int = LIMIT) -> dict:
    """For each recommendation of ``review``: its suggested earlier recommendations, best
    first, as ``{recommendation id: [Suggestion, ...]}`` (recommendations with none are left
    out). Four queries, however many recommendations there are."""
    found = _pairs("a.review_id = %s", [review.pk], user=user)
    return _suggestions(found, _links(review=review), limit)


def suggestions_for_text(
    text: str, *, review: Review, user=None, limit: int = LIMIT
) -> list[Suggestion]:
    """Recommendations of other reviews like ``text`` (a recommendation being written now for
    ``review``, so every recorded one is earlier), best first."""
    if not (text or "").strip():
        return []
    visible, visible_params = _visible_clause(user)
    # Only fixed SQL fragments are formatted in; every value is a parameter.
    sql = f"""
        WITH q AS (SELECT %s::text AS text)
        SELECT b_id, score FROM (
            SELECT b.id AS b_id, {_score("q.text", "b.text")} AS score
            FROM q
            JOIN actionplans_recommendation b ON b.text %% q.text
            JOIN cases_review rb ON rb.id = b.review_id
            WHERE b.review_id <> %s
              AND b.status <> 'withdrawn'
              {visible}
        ) found
        WHERE score >= %s
        ORDER BY score DESC, b_id
        LIMIT %s
    """  # noqa: S608
    params = [text, review.pk, *visible_params, THRESHOLD, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    records = _fetch(pk for pk, _ in found)
    return [Suggestion(records[pk], round(score, 2)) for pk, score in found]


def repeated_recommendations(review: Review) -> list[dict]:
    """For ``manage.py repeated_recommendations``: every recommendation of ``review`` with the
    earlier recommendations of other reviews, in every partnership, suggested as repeats."""
    suggestions = suggestions_for_review(review)
    return [
        {
            "number": recommendation.number,
            "repeats": [
                {
                    "reference": suggestion.review.reference,
                    "number": suggestion.recommendation.number,
                    "score": suggestion.score,
                }
                for suggestion in suggestions.get(recommendation.pk, [])
            ],
        }
        for recommendation in review.recommendations.order_by("number")
    ]


def partnership_report(partnership, *, limit: int = LIMIT) -> list[dict]:
    """The repeats report of one partnership: its reviews' recommendations that a person
    confirmed as repeating (or building on) an earlier one, and those only suggested, among
    the partnership's own reviews. A fixed number of queries, however many reviews."""
    found = _pairs("ra.partnership_id = %s", [partnership.pk], partnership_id=partnership.pk)
    links = _links(review__partnership=partnership)
    suggested = _suggestions(found, links, limit)
    linked = (
        RecommendationLink.objects.filter(review__partnership=partnership)
        .select_related("earlier__review")
        .prefetch_related("earlier__actions", "earlier__themes")
    )
    ids = set(suggested) | {link.recommendation_id for link in linked}
    recommendations = {
        record.pk: record
        for record in Recommendation.objects.filter(pk__in=ids)
        .select_related("review")
        .prefetch_related("themes")
    }
    rows = []
    shown = set()
    for recommendation_id, suggestions in suggested.items():
        for suggestion in suggestions:
            shown.add((recommendation_id, suggestion.recommendation.pk))
            rows.append(
                {
                    "recommendation": recommendations[recommendation_id],
                    "suggestion": suggestion,
                    "confirmed": suggestion.link is not None,
                }
            )
    for link in linked:
        if (link.recommendation_id, link.earlier_id) not in shown:
            rows.append(
                {
                    "recommendation": recommendations[link.recommendation_id],
                    "suggestion": Suggestion(link.earlier, link.score or 0.0, link),
                    "confirmed": True,
                }
            )
    rows.sort(
        key=lambda row: (
            not row["confirmed"],
            -row["recommendation"].review.notified_on.toordinal(),
            row["recommendation"].number,
        )
    )
    return rows
