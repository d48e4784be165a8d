"""What must not be published, found in the text of a DOCX or PDF file, and taken out again.

``extract`` reads a file into blocks of text, each with where it is ("page 2", "paragraph 14");
``terms_for`` lists what a review's report must not contain (the subjects' and family members'
real names, dates of birth, addresses, phone numbers, e-mail addresses) and ``scan`` finds
every occurrence of those and of anything that looks like a date of birth, a postcode, an
address, a phone number, an e-mail address or another review's reference. ``redact_docx`` and
``redact_pdf`` produce a copy with the chosen strings truly removed: the DOCX runs are rewritten
(headers, footers, tables and document properties too); a PDF is rebuilt from its redacted text.
Pure functions of their inputs: the review's records are read only by ``terms_for``.
"""

import io
import re
from dataclasses import dataclass
from datetime import date
from html import escape

REDACTED = "[redacted]"
CONTEXT = 40  # characters either side of a finding

TITLES = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord)\.?\s+)?"
POSSESSIVE = r"(?:['\u2019][sS]\b|['\u2019](?!\w))?"

POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s*\d[A-Z]{2}\b", re.IGNORECASE)
PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?\d{2,4}|\(?0\d{2,4}\)?)[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
REVIEW_REFERENCE = re.compile(r"\b(?:DHR|DARDR|SAR|CSPR)-[A-Z]{2,6}-\d{4}-\d{3,}\b", re.IGNORECASE)
STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Terrace|"
    "Grove|Park|Square|Mews|Walk|Row|Rise|View"
)
STREET = re.compile(rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?:{STREET_TYPES})\b")
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
ANY_DATE = (
    rf"(?:{_DAY}(?:\s+of)?\s+(?:{MONTHS})\.?,?\s+\d{{2,4}}"
    rf"|(?:{MONTHS})\.?\s+{_DAY},?\s+\d{{2,4}}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
# Any date said to be a birth date, whoever's it is.
BORN = re.compile(
    rf"(?:\bborn(?:\s+on)?|\bd\.?o\.?b\.?:?|\bdate\s+of\s+birth:?)\s*(?P<date>{ANY_DATE})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Block:
    location: str
    text: str


@dataclass(frozen=True)
class Term:
    kind: str  # a ``Finding.Kind`` value
    pattern: re.Pattern


@dataclass(frozen=True)
class Hit:
    kind: str
    text: str
    location: str
    context: str
    start: int
    end: int


# --- Reading the file ---------------------------------------------------------------------------


def extract(data: bytes, extension: str) -> list[Block]:
    extension = extension.lower().lstrip(".")
    if extension == "docx":
        return _docx_blocks(data)
    if extension == "pdf":
        return _pdf_blocks(data)
    raise ValueError("Only DOCX and PDF files can be checked.")


def _docx_paragraphs(document):
    """Every paragraph of the document with its place: the body, tables, headers and footers."""
    for index, paragraph in enumerate(document.paragraphs, start=1):
        yield f"paragraph {index}", paragraph
    for t_index, table in enumerate(document.tables, start=1):
        for r_index, row in enumerate(table.rows, start=1):
            for c_index, cell in enumerate(row.cells, start=1):
                for paragraph in cell.paragraphs:
                    yield f"table {t_index}, row {r_index}, cell {c_index}", paragraph
    for s_index, section in enumerate(document.sections, start=1):
        for part_name, part in (("header", section.header), ("footer", section.footer)):
            if part.is_linked_to_previous and s_index > 1:
                continue
            for paragraph in part.paragraphs:
                yield f"{part_name} (section {s_index})", paragraph


def _docx_blocks(data: bytes) -> list[Block]:
    import docx

    document = docx.Document(io.BytesIO(data))
    blocks = [Block(where, p.text) for where, p in _docx_paragraphs(document) if p.text.strip()]
    properties = document.core_properties
    for name in ("title", "subject", "author", "keywords", "comments", "last_modified_by"):
        value = getattr(properties, name) or ""
        if value.strip():
            blocks.append(Block(f"document property “{name}”", value))
    return blocks


def _pdf_blocks(data: bytes) -> list[Block]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    blocks = []
    for index, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        for line in text.splitlines():
            if line.strip():
                blocks.append(Block(f"page {index}", line))
    return blocks


# --- What to look for ---------------------------------------------------------------------------


def name_patterns(full_name: str) -> list[re.Pattern]:
    """The full name in any case, with or without a title and a possessive; the surname (and
    the first name) alone when written as a name (capitalised or upper case), never as an
    ordinary lower-case word."""
    parts = [part for part in re.split(r"\s+", full_name.strip()) if part]
    if not parts:
        return []
    patterns = []
    whole = r"\s+".join(re.escape(part) for part in parts)
    patterns.append(re.compile(rf"\b{TITLES}{whole}{POSSESSIVE}", re.IGNORECASE))
    if len(parts) > 2:  # first and last name without the middle names
        short = rf"{re.escape(parts[0])}\s+{re.escape(parts[-1])}"
        patterns.append(re.compile(rf"\b{TITLES}{short}{POSSESSIVE}", re.IGNORECASE))
    singles = {parts[-1], parts[0]} if len(parts) > 1 else {parts[0]}
    for single in singles:
        if len(single) < 2:
            continue
        forms = {single.capitalize(), single.upper(), single}
        alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        titles = TITLES.replace("(?:(?:", "(?:(?i:")  # titles in any case, the name as written
        patterns.append(re.compile(rf"\b{titles}(?:{alternatives}){POSSESSIVE}(?!\w)"))
    return patterns


def date_patterns(day: date) -> list[re.Pattern]:
    """``day`` in the common ways of writing a date: 12/03/1975, 12.3.75, 1975-03-12,
    12 March 1975, 12th of Mar 1975, March 12, 1975."""
    month_names = day.strftime("%B"), day.strftime("%b")
    months = "|".join({*month_names, "Sept"} if day.month == 9 else month_names)
    d = rf"0?{day.day}(?:st|nd|rd|th)?"
    y = rf"(?:{day.year}|{day.year % 100:02d})"
    numeric_day, numeric_month = rf"0?{day.day}", rf"0?{day.month}"
    forms = [
        rf"{numeric_day}[/.-]{numeric_month}[/.-]{y}",
        rf"{day.year}-{day.month:02d}-{day.day:02d}",
        rf"{d}(?:\s+of)?\s+(?:{months})\.?,?\s+{y}",
        rf"(?:{months})\.?\s+{d},?\s+{y}",
    ]
    return [re.compile(rf"(?<![\d/.-]){form}(?![\d/])", re.IGNORECASE) for form in forms]


def address_patterns(address: str) -> list[re.Pattern]:
    """The lines of a recorded address that identify it, in any case: the first (the house or
    street) and any other with a number in it; a town alone is an ordinary word of a report,
    and postcodes are found by their pattern."""
    patterns = []
    lines = [line.strip() for line in re.split(r"[\n,]+", address) if line.strip()]
    for index, line in enumerate(lines):
        if index > 0 and not re.search(r"\d", line):
            continue
        if len(line) >= 6 and not POSTCODE.fullmatch(line):
            words = r"\s+".join(re.escape(word) for word in line.split())
            patterns.append(re.compile(rf"\b{words}\b", re.IGNORECASE))
    return patterns


def literal_pattern(text: str) -> re.Pattern:
    return re.compile(re.escape(text.strip()), re.IGNORECASE)


def people_terms(people) -> list[Term]:
    """``people``: dicts with any of name, date_of_birth, address, phone, email."""
    terms = []
    for person in people:
        if person.get("name"):
            terms += [Term("name", p) for p in name_patterns(person["name"])]
        if person.get("date_of_birth"):
            terms += [Term("date_of_birth", p) for p in date_patterns(person["date_of_birth"])]
        if person.get("address"):
            terms += [Term("address", p) for p in address_patterns(person["address"])]
        if person.get("phone"):
            digits = re.sub(r"\D", "", person["phone"])
            if len(digits) >= 6:
                spaced = r"[\s-]?".join(re.escape(c) for c in digits)
                terms.append(Term("phone", re.compile(rf"(?<!\d){spaced}(?!\d)")))
        if person.get("email"):
            terms.append(Term("email", literal_pattern(person["email"])))
    return terms


GENERIC_TERMS = [
    Term("postcode", POSTCODE),
    Term("phone", PHONE),
    Term("email", EMAIL),
    Term("address", STREET),
]


def terms_for(review) -> list[Term]:
    """What ``review``'s report must not contain: its people's restricted details."""
    people = [
        {"name": s.real_name, "date_of_birth": s.date_of_birth, "address": s.address}
        for s in review.subjects.all()
    ]
    people += [
        {"name": m.name, "address": m.address, "phone": m.phone, "email": m.email}
        for m in review.family_members.all()
    ]
    return people_terms(people)


# --- Finding ------------------------------------------------------------------------------------


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    lead = "…" if start > CONTEXT else ""
    tail = "…" if end + CONTEXT < len(text) else ""
    return f"{lead}{before}{text[start:end]}{after}{tail}"


def scan_text(blocks: list[Block], terms: list[Term], own_reference: str = "") -> list[Hit]:
    """Every occurrence, in reading order; where two overlap, the longer one is kept."""
    hits = []
    for block in blocks:
        found = []
        for term in terms + GENERIC_TERMS:
            for match in term.pattern.finditer(block.text):
                found.append((match.start(), match.end(), term.kind))
        for match in BORN.finditer(block.text):
            found.append((match.start("date"), match.end("date"), "date_of_birth"))
        for match in REVIEW_REFERENCE.finditer(block.text):
            if match.group(0).upper() != own_reference.upper():
                found.append((match.start(), match.end(), "review_reference"))
        # Longest first, then drop any hit inside one already kept.
        found.sort(key=lambda item: (-(item[1] - item[0]), item[0]))
        kept = []
        for start, end, kind in found:
            if start == end or any(start < k_end and end > k_start for k_start, k_end, _ in kept):
                continue
            kept.append((start, end, kind))
        for start, end, kind in sorted(kept):
            hits.append(
                Hit(
                    kind,
                    block.text[start:end],
                    block.location,
                    _context(block.text, start, end),
                    start,
                    end,
                )
            )
    return hits


def scan(data: bytes, extension: str, terms: list[Term], own_reference: str = "") -> list[Hit]:
    return scan_text(extract(data, extension), terms, own_reference)


# --- Redacting ----------------------------------------------------------------------------------


def _spans(text: str, strings) -> list[tuple[int, int]]:
    spans = []
    for string in strings:
        # As found, case and all: an ordinary word that merely looks like a name stays.
        for match in re.finditer(re.escape(string), text):
            spans.append((match.start(), match.end()))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact_text(text: str, strings) -> str:
    for start, end in reversed(_spans(text, strings)):
        text = text[:start] + REDACTED + text[end:]
    return text


def _redact_paragraph(paragraph, strings) -> None:
    """Rewrites the paragraph's runs: the characters of each span are removed from every run
    they are in, and the marker put in the run where the span starts (its formatting kept)."""
    runs = list(paragraph.runs)
    full = "".join(run.text for run in runs)
    spans = _spans(full, strings)
    if not spans:
        return
    offset = 0
    for run in runs:
        text = run.text
        run_start, run_end = offset, offset + len(text)
        offset = run_end
        pieces, cursor = [], run_start
        for start, end in spans:
            if end <= run_start or start >= run_end:
                continue
            pieces.append(full[cursor : max(start, run_start)])
            if run_start <= start < run_end:
                pieces.append(REDACTED)
            cursor = min(end, run_end)
        if cursor != run_start or pieces:
            pieces.append(full[cursor:run_end])
            run.text = "".join(pieces)
    if _spans(paragraph.text, strings):  # text outside plain runs (fields, hyperlinks)
        paragraph.text = redact_text(paragraph.text, strings)


def redact_docx(data: bytes, strings) -> bytes:
    import docx

    strings = [s for s in strings if s]
    document = docx.Document(io.BytesIO(data))
    for _where, paragraph in _docx_paragraphs(document):
        _redact_paragraph(paragraph, strings)
    properties = document.core_properties
    for name in ("title", "subject", "author", "keywords", "comments", "last_modified_by"):
        value = getattr(properties, name) or ""
        if value:
            setattr(properties, name, redact_text(value, strings))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def redact_pdf(data: bytes, strings) -> bytes:
    """A new PDF made from the redacted text of each page: nothing of the removed strings is
    left under a box, because the original's content is not carried over at all."""
    from pypdf import PdfReader
    from weasyprint import HTML

    strings = [s for s in strings if s]
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        lines = (page.extract_text() or "").splitlines()
        body = "".join(f"<p>{escape(redact_text(line, strings))}</p>" for line in lines)
        pages.append(f"<section>{body}</section>")
    html = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Redacted copy</title>"
        "<style>@page{size:A4;margin:2cm} body{font-family:sans-serif;font-size:11pt}"
        "section{break-after:page} section:last-child{break-after:auto} p{margin:0 0 .4em}"
        "</style></head><body>" + "".join(pages) + "</body></html>"
    )
    return HTML(string=html).write_pdf()


def redact(data: bytes, extension: str, strings) -> bytes:
    extension = extension.lower().lstrip(".")
    if extension == "docx":
        return redact_docx(data, strings)
    if extension == "pdf":
        return redact_pdf(data, strings)
    raise ValueError("Only DOCX and PDF files can be redacted.")
