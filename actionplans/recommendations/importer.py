"""Importing an existing action plan from XLSX or CSV (issue 9, point 5), as partnerships hold
them today: title rows above the headings, a recommendation cell merged down over its action
rows (or left blank below its first row), columns such as Recommendation | Action | Lead agency
| Target date | Progress / evidence | Status (or RAG), UK dates in mixed forms, blank rows.

The file is read by the chronology import's reader (``panels.chronology.importer``: its
``read_sheet``, ``find_header``, ``normalise`` and ``parse_date``), so both imports accept the
same files and dates. ``read_plan`` only reads and reports every problem by the spreadsheet's
row number; ``import_plan`` saves all of it or nothing. The import page and
``manage.py import_action_plan`` both use these two functions.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from actionplans.models import (
    PlanAction,
    PlanColumnMapping,
    ProgressUpdate,
    Recommendation,
    StagedActionPlan,
)
from actionplans.recommendations import services
from cases.lifecycle.workflow import TransitionRefused
from cases.reviews import access
from dhr.files import columns as shared_columns
from dhr.files.columns import Column
from dhr.models import Agency
from panels.chronology import importer as reader

S = PlanAction.Status

# Our fields, and the headings partnerships use for them (compared after ``reader.normalise``).
HEADINGS = {
    "number": ("No", "No.", "Number", "Rec no", "Rec no.", "Recommendation number", "Ref", "Rec"),
    "recommendation": ("Recommendation", "Recommendations", "Recommendation text"),
    "action": (
        "Action",
        "Actions",
        "Action to be taken",
        "Actions to be taken",
        "What will be done",
        "Key actions",
    ),
    "lead_agency": (
        "Lead agency",
        "Lead",
        "Agency",
        "Responsible agency",
        "Lead organisation",
        "Lead officer agency",
    ),
    "target_date": (
        "Target date",
        "Target",
        "Due date",
        "Date due",
        "Completion date",
        "Target completion date",
        "Deadline",
    ),
    "progress": (
        "Progress",
        "Progress / evidence",
        "Progress and evidence",
        "Evidence",
        "Update",
        "Progress update",
        "Evidence of completion",
    ),
    "status": ("Status", "RAG", "RAG status", "RAG rating", "Status (RAG)", "Status / RAG"),
}
REQUIRED = ("recommendation", "action", "lead_agency", "target_date")
# Our headings, shown on the column-matching page.
OUR_HEADINGS = {
    "number": "Recommendation number",
    "recommendation": "Recommendation",
    "action": "Action",
    "lead_agency": "Lead agency",
    "target_date": "Target date",
    "progress": "Progress / evidence",
    "status": "Status (or RAG)",
}
# The same ``Column`` as the chronology's, for the shared matcher (``dhr.files.columns``).
COLUMNS = tuple(
    Column(name, OUR_HEADINGS[name], required=name in REQUIRED, aliases=headings)
    for name, headings in HEADINGS.items()
)
LABELS = {column.name: column.heading for column in COLUMNS if column.required}
# Status or RAG words -> our status. A RAG colour says how an action is going, not that it is
# finished, except blue (the usual "complete").
STATUS_WORDS = {
    "not started": S.NOT_STARTED,
    "red": S.NOT_STARTED,
    "open": S.NOT_STARTED,
    "in progress": S.IN_PROGRESS,
    "ongoing": S.IN_PROGRESS,
    "on track": S.IN_PROGRESS,
    "started": S.IN_PROGRESS,
    "amber": S.IN_PROGRESS,
    "green": S.IN_PROGRESS,
    "complete": S.COMPLETED,
    "completed": S.COMPLETED,
    "done": S.COMPLETED,
    "closed": S.COMPLETED,
    "blue": S.COMPLETED,
    "achieved": S.COMPLETED,
    "not completed": S.NOT_COMPLETED,
    "not achieved": S.NOT_COMPLETED,
    "not complete": S.NOT_COMPLETED,
    "superseded": S.SUPERSEDED,
}
_NUMBERED = re.compile(r"^(?:rec(?:ommendation)?\.?\s*)?(\d{1,3})\s*[.):\-]\s+(.+)$", re.I | re.S)
MAX_ROWS = 2000


@dataclass
class ParsedAction:
    row: int
    description: str
    agency: Agency
    target_date: date
    status: str = S.NOT_STARTED
    reason: str = ""
    progress: str = ""


@dataclass
class ParsedRecommendation:
    row: int
    number: int | None
    text: str
    actions: list = field(default_factory=list)


@dataclass
class PlanResult:
    """What reading the file gave: the recommendations with their actions, and the problems
    (``reader.Issue``: a row number, or None for the whole file)."""

    recommendations: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    header_row: int | None = None
    action_rows: int = 0  # every action row found, read or refused
    header: reader.Header | None = None
    columns: dict = field(default_factory=dict)  # our field -> the file's column (0-based)
    needs_mapping: bool = False  # a required column is not placed: nothing else was read
    described: str = ""  # how the file was read ("an Excel workbook")

    @property
    def action_count(self) -> int:
        return sum(len(rec.actions) for rec in self.recommendations)

    @property
    def can_import(self) -> bool:
        return not self.errors and not self.needs_mapping and bool(self.recommendations)

    @property
    def chosen_labels(self) -> dict:
        """Our field name -> the file's heading, for the columns used (to remember them)."""
        if self.header is None:
            return {}
        return shared_columns.chosen_labels(self.columns, self.header.labels)

    def counts(self) -> str:
        """What the file holds: "4 recommendations, 9 actions" (rows in error included)."""
        recs, actions = len(self.recommendations), max(self.action_rows, self.action_count)
        return (
            f"{recs} recommendation{'s' if recs != 1 else ''}, "
            f"{actions} action{'s' if actions != 1 else ''}"
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def _fill_down(rows: list, merged: list, after_row: int) -> list:
    """Each merged range below the headings gives its value to every row it covers, in its
    first column (a recommendation merged over its actions' rows)."""
    rows = [list(row) for row in rows]
    for first_row, first_col, last_row, _last_col in merged:
        if first_row <= after_row or first_row > len(rows):
            continue
        source = rows[first_row - 1]
        value = source[first_col - 1] if first_col - 1 < len(source) else None
        for number in range(first_row + 1, min(last_row, len(rows)) + 1):
            target = rows[number - 1]
            while len(target) < first_col:
                target.append(None)
            target[first_col - 1] = value
    return rows


def _agencies() -> dict:
    return {reader.normalise(agency.name): agency for agency in Agency.objects.all()}


def _status(raw: str, row: int, result: PlanResult) -> str:
    if not raw:
        return S.NOT_STARTED
    key = reader.normalise(raw)
    if key in STATUS_WORDS:
        return STATUS_WORDS[key]
    for words, status in sorted(STATUS_WORDS.items(), key=lambda item: -len(item[0])):
        if key.startswith(words):
            return status
    result.warnings.append(
        reader.Issue(
            row, f"The status “{raw}” is not one we know: the action is imported as not started"
        )
    )
    return S.NOT_STARTED


def read_plan(content: bytes, extension: str, *, chosen: dict | None = None) -> PlanResult:
    """Reads an action plan file; nothing is saved (``chosen``: see ``read_plan_sheet``)."""
    try:
        sheet = reader.read_sheet(content, extension)
    except reader.UnreadableFile as unreadable:
        result = PlanResult()
        result.errors.append(reader.Issue(None, str(unreadable)))
        return result
    return read_plan_sheet(sheet, chosen=chosen)


def read_plan_sheet(sheet: reader.Sheet, *, chosen: dict | None = None) -> PlanResult:
    """Reads the cells of an action plan (read by the chronology import's reader).

    ``chosen`` maps our field names to the file's headings (the column-matching page, the
    partnership's remembered choice, or the command's ``--column``); the other columns are
    found by our headings and their usual variants, as the chronology import finds its own."""
    result = PlanResult(described=sheet.described)
    known = [h for hs in HEADINGS.values() for h in hs] + list((chosen or {}).values())
    header = reader.find_header(sheet, known)
    if header is None:
        result.errors.append(reader.Issue(None, "The file has no row of column headings"))
        return result
    result.header_row = header.row_number
    result.header = header
    columns = shared_columns.match_columns(header.labels, COLUMNS, chosen)
    result.columns = columns
    missing = [LABELS[column.name] for column in shared_columns.missing_columns(columns, COLUMNS)]
    if missing:
        result.needs_mapping = True
        names = ", ".join(f"“{label}”" for label in missing)
        result.errors.append(
            reader.Issue(
                None,
                f"The headings (row {header.row_number}) have no {names} column: "
                "name the columns Recommendation, Action, Lead agency and Target date",
            )
        )
        return result
    rows = _fill_down(sheet.rows, sheet.merged, header.row_number)[header.row_number :]
    if len(rows) > MAX_ROWS:
        result.errors.append(reader.Issue(None, f"The file has more than {MAX_ROWS} rows"))
        return result
    agencies = _agencies()
    current: ParsedRecommendation | None = None
    current_raw = ""
    numbers: dict = {}
    for number, row in enumerate(rows, start=header.row_number + 1):

        def cell(name, row=row):
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else None

        values = {name: cell(name) for name in columns}
        if all(_text(value) == "" for value in values.values()):
            continue  # a blank row
        raw_text = _text(values.get("recommendation"))
        raw_number = _text(values.get("number"))
        if raw_text and raw_text != current_raw:
            text, rec_number = raw_text, None
            found = _NUMBERED.match(raw_text)
            if found:
                rec_number, text = int(found.group(1)), found.group(2).strip()
            if raw_number:
                digits = re.sub(r"^(?:rec(?:ommendation)?\.?\s*)", "", raw_number, flags=re.I)
                if digits.rstrip(".").isdigit():
                    rec_number = int(digits.rstrip("."))
                else:
                    result.errors.append(
                        reader.Issue(
                            number, f"The recommendation number “{raw_number}” is not a number"
                        )
                    )
            if rec_number is not None and rec_number in numbers:
                result.errors.append(
                    reader.Issue(
                        number,
                        f"Recommendation {rec_number} appears twice "
                        f"(also on row {numbers[rec_number]})",
                    )
                )
            if rec_number is not None:
                numbers[rec_number] = number
            current = ParsedRecommendation(number, rec_number, text)
            current_raw = raw_text
            result.recommendations.append(current)
        description = _text(values.get("action"))
        if not description:
            if not raw_text:
                result.warnings.append(
                    reader.Issue(
                        number, "The row has no action and no recommendation: it is ignored"
                    )
                )
            continue
        result.action_rows += 1
        if current is None:
            result.errors.append(reader.Issue(number, "The action has no recommendation above it"))
            continue
        errors_before = len(result.errors)
        lead = _text(values.get("lead_agency"))
        agency = agencies.get(reader.normalise(lead)) if lead else None
        if not lead:
            result.errors.append(reader.Issue(number, "The lead agency is missing"))
        elif agency is None:
            result.errors.append(
                reader.Issue(
                    number,
                    f"The lead agency “{lead}” is not an agency of the system: "
                    "correct the name or ask an administrator to add the agency",
                )
            )
        target = None
        raw_date = values.get("target_date")
        if _text(raw_date) == "":
            result.errors.append(reader.Issue(number, "The target date is missing"))
        else:
            try:
                target, _ = reader.parse_date(raw_date)
            except Exception as invalid:  # the reader's own refusal, with its message
                result.errors.append(reader.Issue(number, f"Target date: {invalid}"))
        status = _status(_text(values.get("status")), number, result)
        progress = _text(values.get("progress"))
        reason = ""
        if status == S.NOT_COMPLETED:
            reason = progress or "Recorded as not completed in the imported plan."
        if len(result.errors) == errors_before:
            current.actions.append(
                ParsedAction(number, description, agency, target, status, reason, progress)
            )
    for rec in result.recommendations:
        if not rec.actions and not any(issue.row == rec.row for issue in result.errors):
            result.warnings.append(
                reader.Issue(rec.row, "The recommendation has no action: add its actions after")
            )
    if not result.recommendations and not result.errors:
        result.errors.append(
            reader.Issue(
                None, f"There are no recommendations below the headings (row {header.row_number})"
            )
        )
    return result


@transaction.atomic
def import_plan(review, result: PlanResult, *, by=None, replace: bool = False, on=None) -> str:
    """Saves the plan read by ``read_plan``: every recommendation agreed, with its actions
    (deadlines owned by their lead agencies), their statuses and progress notes. ``replace``
    first removes the review's recommendations (their history keeps them; their actions'
    deadlines are cancelled). ``by`` is the review manager (None: the command line).
    Returns "4 recommendations, 9 actions"."""
    if by is not None and not services.may_manage(by, review):
        raise TransitionRefused("Only the review manager can import an action plan.")
    if not result.can_import:
        raise TransitionRefused("The file has errors: correct them and upload it again.")
    on = on or timezone.localdate()
    existing = review.recommendations.all()
    if replace:
        for action in PlanAction.objects.filter(review=review):
            services.deadlines.close_deadline(
                kind=services.KIND, source=action, cancelled=True, met_on=on
            )
        for record in existing:
            record._history_user = by
            record._change_reason = "Replaced by an imported action plan"
            record.delete()
    taken = set(review.recommendations.values_list("number", flat=True))
    clash = sorted(taken & {rec.number for rec in result.recommendations if rec.number})
    if clash:
        raise TransitionRefused(
            f"The review already has recommendation {', '.join(map(str, clash))}: "
            "replace its recommendations instead"
        )
    next_number = max([*taken, *[rec.number or 0 for rec in result.recommendations], 0]) + 1
    for parsed in result.recommendations:
        number = parsed.number
        if number is None:
            number, next_number = next_number, next_number + 1
        agencies = list({action.agency.pk: action.agency for action in parsed.actions}.values())
        recommendation = Recommendation(
            review=review,
            number=number,
            text=parsed.text,
            level=Recommendation.Level.MULTI_AGENCY
            if len(agencies) > 1
            else Recommendation.Level.SINGLE_AGENCY,
            status=Recommendation.Status.AGREED,
            agreed_on=on,
            drafted_by=by,
        )
        recommendation._history_user = by
        recommendation._change_reason = "Imported from an action plan file"
        recommendation.save()
        recommendation.addressed_agencies.set(agencies)
        for index, parsed_action in enumerate(parsed.actions, start=1):
            _import_action(review, recommendation, index, parsed_action, by=by, on=on)
    return result.counts()


def _import_action(review, recommendation, number, parsed: ParsedAction, *, by, on) -> None:
    action = PlanAction(
        recommendation=recommendation,
        review=review,
        number=number,
        description=parsed.description,
        lead_agency=parsed.agency,
        target_date=parsed.target_date,
    )
    action._history_user = by
    action._change_reason = "Imported from an action plan file"
    action.save()
    access.grant_agency(review, parsed.agency)
    services._open_deadline(action, review)
    if parsed.progress:
        update = ProgressUpdate(
            action=action,
            review=review,
            note=parsed.progress,
            proposed_status=parsed.status,
            reason=parsed.reason,
            decision=ProgressUpdate.Decision.APPLIED,
            posted_by=by,
            posted_on=on,
        )
        update._history_user = by
        update.save()
    if parsed.status in PlanAction.CLOSED_STATUSES:
        done_on = min(parsed.target_date, on) if parsed.status == S.COMPLETED else on
        services._close(action, by=by, status=parsed.status, reason=parsed.reason, on=done_on)
    elif parsed.status != S.NOT_STARTED:
        action.status = parsed.status
        action._history_user = by
        action.save()


# --- The import page's steps: upload (staged), match the columns, preview, confirm ------------


def saved_columns(partnership) -> dict:
    """The headings the partnership's review managers matched to our columns last time."""
    mapping = PlanColumnMapping.objects.filter(partnership=partnership).first()
    return dict(mapping.columns) if mapping else {}


def _remember_columns(partnership, labels: dict, by) -> None:
    mapping = PlanColumnMapping.objects.select_for_update().filter(partnership=partnership).first()
    if mapping is None:
        mapping = PlanColumnMapping(partnership=partnership)
    if mapping.columns != labels:
        mapping.columns = labels
        mapping.updated_by = by
        mapping._history_user = by
        mapping.save()


def staged_for(user, review):
    """The files ``user`` staged for this review's import (only theirs: a file is its
    uploader's until confirmed)."""
    return StagedActionPlan.objects.filter(review=review, uploaded_by=user)


@transaction.atomic
def stage_plan(review, *, by, content: bytes, extension: str, name: str, sha256: str = ""):
    """Reads the uploaded file once and keeps its cells for the next steps (``UnreadableFile``
    when it is not a spreadsheet). The user's earlier staged files of this review go."""
    if not services.may_manage(by, review):
        raise TransitionRefused("Only the review manager can import an action plan.")
    sheet = reader.read_sheet(content, extension)
    staged_for(by, review).delete()
    sha256 = sha256 or hashlib.sha256(content).hexdigest()
    return StagedActionPlan.objects.create(
        review=review,
        original_name=name[:255],
        extension=extension,
        size=len(content),
        sha256=sha256,
        sheet=sheet.to_data(),
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )


def preview_staged(staged: StagedActionPlan, *, chosen: dict | None = None) -> PlanResult:
    """Reads the staged cells as the import would. Columns: ``chosen``, else the ones chosen
    for this file, else the partnership's remembered choice, else our headings."""
    if chosen is None:
        chosen = staged.columns or saved_columns(staged.review.partnership)
    return read_plan_sheet(reader.Sheet.from_data(staged.sheet), chosen=chosen)


def choose_columns(staged: StagedActionPlan, *, by, chosen: dict) -> StagedActionPlan:
    """Records which of the file's columns hold our fields (the matching page)."""
    if not services.may_manage(by, staged.review) or staged.uploaded_by_id != by.pk:
        raise TransitionRefused("Only the review manager who uploaded the file can do this.")
    staged.columns = {name: label for name, label in chosen.items() if label}
    staged.save(update_fields=["columns"])
    return staged


def confirm_staged(staged: StagedActionPlan, *, by, replace: bool = False) -> str:
    """Imports the staged plan, all or nothing: its cells are read again here (never trusting
    what a preview showed), the columns used are remembered for the partnership, and the
    staged row goes. Returns "4 recommendations, 9 actions"."""
    with transaction.atomic():
        locked = StagedActionPlan.objects.select_for_update().filter(pk=staged.pk).first()
        if locked is None:
            raise TransitionRefused(
                "This file is no longer waiting to be imported: upload it again."
            )
        if locked.columns != staged.columns:
            raise TransitionRefused(
                "The columns were matched again meanwhile: check the preview and confirm again."
            )
        locked.review = staged.review
        result = preview_staged(locked)
        counts = import_plan(staged.review, result, by=by, replace=replace)
        _remember_columns(staged.review.partnership, result.chosen_labels, by)
        locked.delete()
    return counts


def discard_staged(staged: StagedActionPlan) -> None:
    StagedActionPlan.objects.filter(pk=staged.pk).delete()
