"""Learning briefings: who may do what, the domain functions (the only code that changes
briefings), the PDF, and what the public register lists.

Rules chosen here:
- the review manager writes, publishes, withdraws and deletes the briefing; the chair reads it;
- a briefing can be written at any stage once the review is commissioned, but is published only
  when the review has itself been published (stage "published", "monitoring", or closed after
  publication), with every one of the seven parts written and none of the subjects' real names
  in it;
- only a draft can be changed or deleted: a published briefing is withdrawn first (its public
  address then answers 410 Gone).
"""

import re

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from actionplans.models import Recommendation, Theme
from cases.lifecycle.workflow import TransitionRefused
from cases.models import Review, Stage
from cases.reviews import access
from publications.briefings.models import PARTS, Briefing

PUBLISHED_STAGES = frozenset({Stage.PUBLISHED, Stage.MONITORING})
TEXT_FIELDS = [name for name, _, _ in PARTS]


def may_read(user, review: Review) -> bool:
    return access.can_see_restricted(user, review)


def may_manage(user, review: Review) -> bool:
    return access.manages(user, review)


def briefing_of(review: Review) -> Briefing | None:
    return Briefing.objects.filter(review=review).first()


def default_title(review: Review) -> str:
    return f"Learning briefing: Case {review.pseudonym}"


def offered_recommendations(review: Review):
    """The review's agreed recommendations, offered for reuse under "What to do"."""
    return review.recommendations.filter(status=Recommendation.Status.AGREED).order_by("number")


def offered_themes(review: Review):
    """The themes a briefing may choose from: the partnership's active themes (those of the
    review's agreed recommendations, ``review_theme_ids``, are chosen to start with)."""
    from actionplans.recommendations.services import themes_for

    return themes_for(review.partnership).order_by("name")


def review_theme_ids(review: Review) -> set[int]:
    return set(
        Theme.objects.filter(
            recommendations__review=review,
            recommendations__status=Recommendation.Status.AGREED,
        ).values_list("pk", flat=True)
    )


def review_was_published(review: Review) -> bool:
    if review.stage in PUBLISHED_STAGES:
        return True
    return (
        review.stage == Stage.CLOSED
        and review.stage_changes.filter(to_stage=Stage.PUBLISHED).exists()
    )


def _commissioned(review: Review) -> bool:
    return review.decision in (Review.Decision.COMMISSION, Review.Decision.JOINT)


@transaction.atomic
def save_briefing(
    review: Review, *, by, title: str = "", themes=(), recommendations=(), **parts
) -> Briefing:
    """Creates or changes the review's draft briefing."""
    if not may_manage(by, review):
        raise TransitionRefused("Only the review manager writes the learning briefing.")
    if not _commissioned(review):
        raise TransitionRefused("A learning briefing is written for a commissioned review.")
    unknown = set(parts) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not parts of a briefing: {sorted(unknown)}")
    briefing = Briefing.objects.select_for_update().filter(review=review).first()
    if briefing is None:
        briefing = Briefing(review=review)
        reason = "Briefing started"
    elif briefing.is_published:
        raise TransitionRefused("The briefing is published: withdraw it before changing it.")
    else:
        reason = "Briefing changed"
    briefing.title = (title or "").strip() or default_title(review)
    for name in TEXT_FIELDS:
        if name in parts:
            setattr(briefing, name, (parts[name] or "").strip())
    briefing._history_user = by
    briefing._change_reason = reason
    briefing.save()
    allowed_themes = set(offered_themes(review).values_list("pk", flat=True))
    briefing.themes.set([t for t in themes if t.pk in allowed_themes])
    allowed = set(offered_recommendations(review).values_list("pk", flat=True))
    briefing.recommendations.set([r for r in recommendations if r.pk in allowed])
    return briefing


def missing_parts(briefing: Briefing) -> list[str]:
    """The headings of the parts still empty (themes: chosen themes or words will do)."""
    missing = []
    has_themes = briefing.themes.exists()
    for name, heading, _ in PARTS:
        if name == "themes_text" and has_themes:
            continue
        if not getattr(briefing, name).strip():
            missing.append(heading)
    return missing


def _name_patterns(review: Review) -> list[tuple[str, re.Pattern]]:
    """Each subject's real name, and each part of it of three letters or more."""
    patterns = []
    for real_name in review.subjects.exclude(real_name="").values_list("real_name", flat=True):
        words = {real_name, *(w for w in re.split(r"[\s-]+", real_name) if len(w) >= 3)}
        for word in words:
            patterns.append((word, re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)))
    return patterns


def real_names_in(briefing: Briefing) -> list[str]:
    """The subjects' real names (or parts of them) found in the briefing's text."""
    text = "\n".join(
        [
            briefing.title,
            *(getattr(briefing, name) for name in TEXT_FIELDS),
            *briefing.recommendations.values_list("text", flat=True),
        ]
    )
    found = {word for word, pattern in _name_patterns(briefing.review) if pattern.search(text)}
    return sorted(found)


def publication_refusal(briefing: Briefing) -> str:
    """Why the briefing cannot be published now ("" when it can)."""
    if briefing.is_published:
        return "The briefing is already published."
    if not review_was_published(briefing.review):
        return "A briefing is published once the review itself has been published."
    missing = missing_parts(briefing)
    if missing:
        return "Write every part of the briefing first: " + ", ".join(missing) + "."
    names = real_names_in(briefing)
    if names:
        return (
            "The briefing names a person of the review: remove "
            + ", ".join(f"“{name}”" for name in names)
            + "."
        )
    return ""


@transaction.atomic
def publish(briefing: Briefing, *, by) -> Briefing:
    if not may_manage(by, briefing.review):
        raise TransitionRefused("Only the review manager publishes the learning briefing.")
    locked = Briefing.objects.select_for_update().select_related("review").get(pk=briefing.pk)
    refusal = publication_refusal(locked)
    if refusal:
        raise TransitionRefused(refusal)
    locked.status = Briefing.Status.PUBLISHED
    locked.published_on = timezone.localdate()
    locked.published_by = by
    locked._history_user = by
    locked._change_reason = "Briefing published"
    locked.save()
    return locked


@transaction.atomic
def withdraw(briefing: Briefing, *, by, reason: str) -> Briefing:
    """Back to draft: the public pages answer 410 Gone until it is published again."""
    if not may_manage(by, briefing.review):
        raise TransitionRefused("Only the review manager withdraws the learning briefing.")
    locked = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if not locked.is_published:
        raise TransitionRefused("The briefing is not published.")
    if not reason.strip():
        raise TransitionRefused("Say why the briefing is withdrawn.")
    locked.status = Briefing.Status.DRAFT
    locked._history_user = by
    locked._change_reason = f"Briefing withdrawn: {reason.strip()}"
    locked.save()
    return locked


@transaction.atomic
def delete(briefing: Briefing, *, by) -> None:
    if not may_manage(by, briefing.review):
        raise TransitionRefused("Only the review manager deletes the learning briefing.")
    locked = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if locked.is_published:
        raise TransitionRefused("The briefing is published: withdraw it before deleting it.")
    locked._history_user = by
    locked._change_reason = "Briefing deleted"
    locked.delete()


# --- Reading -------------------------------------------------------------------------------------


def published_briefings():
    """What the public register lists: the published briefings, newest first, each with its
    review (pseudonym, partnership) and themes, in a fixed number of queries."""
    return (
        Briefing.objects.filter(status=Briefing.Status.PUBLISHED)
        .select_related("review", "review__partnership")
        .prefetch_related("themes")
        .order_by("-published_on", "pk")
    )


def sections(briefing: Briefing) -> list[dict]:
    """The seven parts as the page and the PDF show them."""
    themes = list(briefing.themes.order_by("name"))
    recommendations = list(briefing.recommendations.order_by("number"))
    shown = []
    for number, (name, heading, _) in enumerate(PARTS, start=1):
        part = {
            "number": number,
            "name": name,
            "heading": heading,
            "paragraphs": [p for p in re.split(r"\n\s*\n", getattr(briefing, name)) if p.strip()],
            # Always a key: a template reading ``part.items`` would otherwise call dict.items.
            "items": [],
        }
        if name == "themes_text":
            part["items"] = [theme.name for theme in themes]
        elif name == "what_to_do":
            part["items"] = [f"Recommendation {r.number}: {r.text}" for r in recommendations]
        elif name == "reflective_questions":
            part["paragraphs"] = []
            part["items"] = briefing.questions
        shown.append(part)
    return shown


def briefing_pdf(briefing: Briefing) -> bytes:
    """The briefing as an accessible A4 PDF: tagged (PDF/UA-1), with a real text layer, the
    document's language and title set (WeasyPrint, as every PDF of the project)."""
    import weasyprint

    html = render_to_string(
        "publications/briefings/print.html",
        {"briefing": briefing, "review": briefing.review, "sections": sections(briefing)},
    )
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def pdf_name(briefing: Briefing) -> str:
    return f"learning-briefing-case-{briefing.review.pseudonym}".lower().replace(" ", "-") + ".pdf"
