"""The submission pack: one zip with what a recipient of the finished review is sent — the
latest overview report and executive summary, the action plan where there is one, and the
Home Office data form — each file named with the review's reference and pseudonym, never a
real name.

Who receives the pack is data (``RECIPIENTS``): the Home Office QA panel and the Domestic
Abuse Commissioner (Domestic Abuse Act 2021 s.17) today; the Secretary of State once section
19 of the Victims and Prisoners Act 2024 is in force (set ``in_force`` then).
"""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from publications.homeoffice import exports


@dataclass(frozen=True)
class Recipient:
    code: str
    name: str
    law: str
    in_force: bool = True


RECIPIENTS = {
    recipient.code: recipient
    for recipient in (
        Recipient(
            "home-office-qa",
            "Home Office Quality Assurance panel",
            "Home Office statutory guidance on Domestic Homicide Reviews",
        ),
        Recipient(
            "commissioner",
            "Domestic Abuse Commissioner",
            "Domestic Abuse Act 2021, section 17",
        ),
        Recipient(
            "secretary-of-state",
            "Secretary of State",
            "Victims and Prisoners Act 2024, section 19 (not yet in force)",
            in_force=False,
        ),
    )
}


def recipients() -> list[Recipient]:
    """The recipients a pack can be made for now."""
    return [recipient for recipient in RECIPIENTS.values() if recipient.in_force]


@dataclass(frozen=True)
class PackFile:
    title: str  # "Overview report"
    filename_suffix: str  # ".pdf"
    read: object  # () -> bytes


def report_documents(review) -> list[PackFile]:
    """The newest version of the overview report and of the executive summary of ``review``
    (``publications.reports``)."""
    from publications.reports.models import ReportVersion
    from publications.reports.services import latest_versions

    latest = latest_versions(review)
    files = []
    for document in (ReportVersion.Document.OVERVIEW, ReportVersion.Document.EXECUTIVE_SUMMARY):
        version = latest.get(document)
        if version is not None:
            files.append(
                PackFile(
                    ReportVersion.Document(document).label,
                    PurePath(version.original_name).suffix.lower(),
                    _reader(version),
                )
            )
    return files


def _reader(document):
    def read() -> bytes:
        with document.file.open("rb") as handle:
            return handle.read()

    return read


def action_plan_file(review) -> PackFile | None:
    """The action plan as a spreadsheet, where the action-plan feature provides one.

    ``actionplans.recommendations.export.action_plan_xlsx(review)`` is written in parallel
    (issue 9); until it is merged there is no action plan to add, and the pack says so."""
    try:
        from actionplans.recommendations.export import action_plan_xlsx
    except ImportError:
        return None
    content = action_plan_xlsx(review)
    if not content:
        return None
    return PackFile("Action plan", ".xlsx", lambda: content)


def _name(review, title: str, suffix: str) -> str:
    stem = f"{review.reference} Case {review.pseudonym} - {title}"
    return re.sub(r"[^\w .()-]", "-", stem) + suffix


def pack_name(review, recipient: Recipient) -> str:
    return _name(review, f"pack for the {recipient.name}", ".zip").replace(" ", "-")


def build_pack(review, recipient: Recipient) -> tuple[bytes, list[str]]:
    """The zip's bytes and the names of the files in it (a contents note first)."""
    files = [*report_documents(review)]
    plan = action_plan_file(review)
    if plan is not None:
        files.append(plan)
    form_xlsx = exports.review_xlsx(review)
    form_pdf = exports.review_pdf(review)
    files.append(PackFile("Home Office data collection form", ".xlsx", lambda: form_xlsx))
    files.append(PackFile("Home Office data collection form", ".pdf", lambda: form_pdf))
    names = [_name(review, file.title, file.filename_suffix) for file in files]
    missing = []
    titles = {file.title for file in files}
    for wanted in ("Overview report", "Executive summary", "Action plan"):
        if wanted not in titles:
            missing.append(wanted)
    note = [
        f"Review {review.reference} (Case {review.pseudonym}), {review.partnership}",
        f"For: {recipient.name} ({recipient.law})",
        "",
        "Contents:",
        *[f"- {name}" for name in names],
    ]
    if missing:
        note += ["", "Not in this pack (not recorded in the case manager yet):"]
        note += [f"- {title}" for title in missing]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        contents = _name(review, "contents", ".txt")
        archive.writestr(contents, "\n".join(note) + "\n")
        for name, file in zip(names, files, strict=True):
            archive.writestr(name, file.read())
    return buffer.getvalue(), [contents, *names]
