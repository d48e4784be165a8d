"""The Home Office data form as files: one review's form (XLSX, PDF), and the bulk export of
many reviews (XLSX with a sheet explaining each column and its codes, or CSV).

The files hold codes, pseudonyms and references only: no real name, date of birth, address or
free-text circumstances, because nothing here reads those fields (the age band is worked out
from the date of birth, never the date itself). ``export`` checks who may export what, builds
the file and writes the access-log entry; the pages and the management command call it.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Review, Subject
from dhr.accounts.roles import Role
from dhr.files import access_log, spreadsheets
from dhr.models import AccessLog
from publications.homeoffice import fields, services
from publications.homeoffice.fields import Answer, Section

XLSX = "xlsx"
CSV = "csv"
PDF = "pdf"
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
    PDF: "application/pdf",
}


class Basis:
    """Which date of a review the bulk export's date range is about."""

    DEATH = "death"
    DECISION = "decision"
    QA_SUBMISSION = "qa_submission"
    CHOICES = [
        (DEATH, "Date of death"),
        (DECISION, "Date of the partnership's decision"),
        (QA_SUBMISSION, "Date of the first submission to Home Office QA"),
    ]
    FIELDS = {
        DEATH: "date_of_death",
        DECISION: "decision_on",
        QA_SUBMISSION: "first_qa_submitted_on",
    }


@dataclass(frozen=True)
class Filters:
    """What a bulk export holds: a date range on one of a review's dates, one partnership (by
    code) or all the exporter may see, or one review (by reference)."""

    date_from: date | None = None
    date_to: date | None = None
    basis: str = Basis.DEATH
    partnership: str = ""
    reference: str = ""

    def describe(self) -> str:
        parts = []
        if self.reference:
            parts.append(f"review {self.reference}")
        label = dict(Basis.CHOICES)[self.basis].lower()
        if self.date_from:
            parts.append(f"{label} from {self.date_from:%d/%m/%Y}")
        if self.date_to:
            parts.append(f"{label} to {self.date_to:%d/%m/%Y}")
        parts.append(f"partnership {self.partnership}" if self.partnership else "all partnerships")
        return "; ".join(parts)


# --- Who may export ---------------------------------------------------------------------------


def may_export(user) -> bool:
    """Administrators (every partnership) and review managers (their own partnerships)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role in (Role.ADMINISTRATOR, Role.REVIEW_MANAGER)
    )


def exportable_reviews(user):
    """The reviews whose form ``user`` may export (PermissionDenied for any other role)."""
    if not may_export(user):
        raise PermissionDenied("Only administrators and review managers export the form.")
    reviews = Review.objects.select_related("partnership")
    if user.role == Role.REVIEW_MANAGER:
        reviews = reviews.filter(partnership__in=user.partnerships.values("pk"))
    return reviews


def selected_reviews(user, filters: Filters):
    reviews = exportable_reviews(user)
    if filters.reference:
        reviews = reviews.filter(reference=filters.reference)
    if filters.partnership:
        reviews = reviews.filter(partnership__code__iexact=filters.partnership)
    date_field = Basis.FIELDS[filters.basis]
    if filters.date_from:
        reviews = reviews.filter(**{f"{date_field}__gte": filters.date_from})
    if filters.date_to:
        reviews = reviews.filter(**{f"{date_field}__lte": filters.date_to})
    people = Subject.objects.filter(role__in=[Subject.Role.VICTIM, Subject.Role.PERPETRATOR])
    return (
        reviews.select_related("home_office_form")
        .prefetch_related(Prefetch("subjects", queryset=people.order_by("pk")))
        .order_by("date_of_death", "reference")
    )


# --- One review's form ------------------------------------------------------------------------

REVIEW_HEADINGS = ["Section", "Question", "Answer", "Code"]


def review_rows(review) -> list[tuple]:
    """(section, question, answer, code) for every question, as the form lays them out."""
    filled = services.filled_in(review)
    rows = []
    for section in filled.sections:
        for item in section.items:
            rows.append(
                (
                    section.title,
                    item.label,
                    item.display or "Not answered",
                    fields.export_value(item.question, item.value),
                )
            )
    return rows


def _title(review) -> str:
    return f"Home Office data collection form: {review.reference} (Case {review.pseudonym})"


def review_xlsx(review) -> bytes:
    sheet = spreadsheets.Sheet(
        title="Data collection form",
        preamble=(_title(review), f"Exported {timezone.localtime():%d/%m/%Y %H:%M}."),
        headings=REVIEW_HEADINGS,
        rows=review_rows(review),
        widths=[30, 50, 50, 28],
        wrap=frozenset({1, 2}),
    )
    return spreadsheets.xlsx_bytes([sheet])


def review_pdf(review) -> bytes:
    import weasyprint

    filled = services.filled_in(review)
    html = render_to_string(
        "publications/homeoffice/print.html",
        {"review": review, "filled": filled, "exported_at": timezone.localtime()},
    )
    return weasyprint.HTML(string=html).write_pdf()


# --- Many reviews -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    explanation: str
    question: fields.Question | None = None


def _person_columns(section: str) -> list[Column]:
    return [
        Column(q.code, f"{fields.SECTION_TITLES[section]}: {q.label}", "", q)
        for q in fields.SECTION_QUESTIONS[section]
    ]


def bulk_columns() -> list[Column]:
    """Every column of the bulk export, in order: the review, the incident, the victim of the
    row, then the perpetrator."""
    return [
        Column("review_reference", "Review reference", "The review's reference in this service."),
        Column("review_pseudonym", "Review pseudonym", "The pseudonym the review is known by."),
        Column("victim_pseudonym", "Victim pseudonym", "The victim of this row (one row each)."),
        *[
            Column(q.code, q.label, "", q)
            for q in [*fields.INCIDENT_QUESTIONS, *fields.CIRCUMSTANCE_QUESTIONS]
        ],
        *_person_columns(Section.VICTIM),
        Column(
            "perpetrator_count",
            "Number of perpetrators",
            "The perpetrators recorded. The perpetrator columns describe the first recorded.",
        ),
        Column("perpetrator_pseudonym", "Perpetrator pseudonym", "The first perpetrator."),
        *_person_columns(Section.PERPETRATOR),
    ]


def _answers(section) -> dict:
    if section is None:
        return {}
    return {
        item.question.code: fields.export_value(item.question, item.value) for item in section.items
    }


def bulk_rows(reviews) -> list[list]:
    """One row per victim of each review, with the incident's and the first perpetrator's
    answers on it (a review with no victim recorded has no row)."""
    columns = bulk_columns()
    rows = []
    for review in reviews:
        filled = services.filled_in(review, subjects=list(review.subjects.all()))
        incident = _answers(filled.section(Section.INCIDENT)) | _answers(
            filled.section(Section.CIRCUMSTANCES)
        )
        perpetrators = filled.perpetrators
        first = perpetrators[0] if perpetrators else None
        perpetrator = _answers(filled.section(f"{Section.PERPETRATOR}-{first.pk}")) if first else {}
        for victim in filled.victims:
            values = {
                "review_reference": review.reference,
                "review_pseudonym": review.pseudonym,
                "victim_pseudonym": victim.pseudonym,
                "perpetrator_count": len(perpetrators),
                "perpetrator_pseudonym": first.pseudonym if first else "",
                **incident,
                **_answers(filled.section(f"{Section.VICTIM}-{victim.pk}")),
                **perpetrator,
            }
            rows.append([values.get(column.code, "") for column in columns])
    return rows


def _codes_text(question: fields.Question | None) -> str:
    if question is None:
        return ""
    if question.answer == Answer.YES_NO:
        return "yes = Yes; no = No; unknown = Not known"
    if question.choices:
        return "\n".join(f"{code} = {label}" for code, label in question.choices)
    return {
        Answer.NUMBER: "A whole number",
        Answer.MONTH: "Year and month, YYYY-MM",
        Answer.TEXT: "The partnership's code",
    }.get(question.answer, "")


ANSWER_TYPES = {
    Answer.CHOICE: "One code",
    Answer.YES_NO: "Yes, no or not known",
    Answer.MULTIPLE: "Codes separated by ;",
    Answer.NUMBER: "Number",
    Answer.MONTH: "Month",
    Answer.TEXT: "Text",
}


def codes_rows() -> list[tuple]:
    """The second sheet: each column, what it asks, its type and its codes."""
    rows = []
    for column in bulk_columns():
        question = column.question
        explanation = column.explanation
        if question is not None and question.derive:
            explanation = f"Filled in from {question.source}."
        rows.append(
            (
                column.code,
                column.label,
                ANSWER_TYPES.get(question.answer, "Text") if question else "Text",
                _codes_text(question),
                explanation + (" An empty cell: not answered." if question else ""),
            )
        )
    return rows


CODES_HEADINGS = ["Column", "Question", "Answer type", "Codes", "Notes"]


def bulk_xlsx(reviews, filters: Filters) -> bytes:
    columns = bulk_columns()
    data = spreadsheets.Sheet(
        title="Data collection forms",
        headings=[column.code for column in columns],
        rows=bulk_rows(reviews),
    )
    codes = spreadsheets.Sheet(
        title="Columns and codes",
        preamble=(
            "Home Office data collection forms: columns and codes",
            f"Reviews: {filters.describe()}. Exported {timezone.localtime():%d/%m/%Y %H:%M}.",
            'One row per victim. "unknown" is the answer Not known; an empty cell was not '
            "answered.",
        ),
        headings=CODES_HEADINGS,
        rows=codes_rows(),
        widths=[34, 50, 22, 60, 50],
        wrap=frozenset({3, 4}),
    )
    return spreadsheets.xlsx_bytes([data, codes])


def bulk_csv(reviews) -> bytes:
    return spreadsheets.csv_bytes([c.code for c in bulk_columns()], bulk_rows(reviews))


# --- The one entry point ----------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str


def _stamp() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


def export_review(user, reference: str, file_format: str) -> ExportFile:
    """One review's form as XLSX or PDF, for a user who may export it; logged."""
    if file_format not in (XLSX, PDF):
        raise ValueError(f"Not a format of one review's form: {file_format}")
    review = exportable_reviews(user).filter(reference=reference).first()
    if review is None:
        raise Review.DoesNotExist(reference)
    content = review_xlsx(review) if file_format == XLSX else review_pdf(review)
    _log(user, f"Home Office data form of {review.reference} ({file_format.upper()})", review)
    filename = f"{review.reference}-{review.pseudonym}-home-office-form.{file_format}"
    return ExportFile(content, _safe(filename), CONTENT_TYPES[file_format])


def export_bulk(user, filters: Filters, file_format: str) -> ExportFile:
    """The forms of the reviews ``filters`` selects, among those ``user`` may export; logged."""
    if file_format not in (XLSX, CSV):
        raise ValueError(f"Not a format of the bulk export: {file_format}")
    reviews = list(selected_reviews(user, filters))
    content = bulk_xlsx(reviews, filters) if file_format == XLSX else bulk_csv(reviews)
    _log(
        user,
        f"Home Office data forms ({file_format.upper()}, {len(reviews)} reviews): "
        f"{filters.describe()}",
    )
    return ExportFile(
        content, f"home-office-forms-{_stamp()}.{file_format}", CONTENT_TYPES[file_format]
    )


def _log(user, description: str, review=None) -> None:
    access_log.record(
        user,
        AccessLog.Action.DOWNLOAD,
        description=description,
        object_type="home_office_form",
        object_id=review.pk if review else "",
        review_reference=review.reference if review else "",
    )


def _safe(filename: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in filename)
