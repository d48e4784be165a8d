"""Files the publication tests build: a DOCX and a PDF with real details planted in them."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.family import services as family
from cases.models import Subject
from cases.people import services as people

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

VICTIM_NAME = "Joanna Mary Whitcombe"
VICTIM_DOB = date(1979, 4, 23)
VICTIM_ADDRESS = "17 Larkspur Crescent\nSittingbourne\nME10 4QT"
PERPETRATOR_NAME = "Gareth Pennington"
SISTER = {
    "name": "Laura Whitcombe",
    "relationship": "sister",
    "phone": "07700 900461",
    "email": "laura.w@example.net",
    "address": "3 Orchard Mews, Faversham",
}

# Every planted item, in the form it is written, with the kind of finding it must give.
PLANTED = [
    ("Mrs Joanna Mary Whitcombe", "name"),
    ("Joanna Whitcombe", "name"),
    ("WHITCOMBE", "name"),
    ("Whitcombe\u2019s", "name"),
    ("Ms Whitcombe's", "name"),
    ("Joanna", "name"),
    ("Mr Pennington", "name"),
    ("PENNINGTON'S", "name"),
    ("Gareth", "name"),
    ("23/04/1979", "date_of_birth"),
    ("23 April 1979", "date_of_birth"),
    ("April 23rd, 1979", "date_of_birth"),
    ("1979-04-23", "date_of_birth"),
    ("23.4.79", "date_of_birth"),
    ("2 February 1961", "date_of_birth"),  # anyone's: "born on"
    ("17 Larkspur Crescent", "address"),
    ("ME10 4QT", "postcode"),
    ("CT1 2EH", "postcode"),
    ("07700 900461", "phone"),
    ("+44 1632 960983", "phone"),
    ("(01795) 417 200", "phone"),
    ("laura.w@example.net", "email"),
    ("DHR-KNT-2023-004", "review_reference"),
]

# Ordinary words that look like the names or the patterns, and must give no finding.
ORDINARY = (
    "The panel met in April 2024 and agreed twelve recommendations. A whitcombe is not a word, "
    "and joanna in lower case is not a name here either. Paragraph 4.3 and page 12 of the "
    "report refer to 2019-20 figures; 15 agencies took part; the budget was 1,200 pounds."
)

PARAGRAPHS = [
    "Mrs Joanna Mary Whitcombe lived with her partner for eleven years.",
    "Joanna Whitcombe was known to her GP. WHITCOMBE family members spoke to the panel.",
    "Whitcombe\u2019s sister said that Ms Whitcombe's car had been damaged. Joanna said nothing.",
    "Mr Pennington was arrested; PENNINGTON'S account differs. Gareth denied it.",
    "Her date of birth was 23/04/1979 (written 23 April 1979, April 23rd, 1979 or "
    "1979-04-23 and 23.4.79 in the agencies' records).",
    "Her mother was born on 2 February 1961.",
    "They lived at 17 Larkspur Crescent, ME10 4QT; the hostel was at CT1 2EH.",
    "Her sister's number was 07700 900461; the refuge +44 1632 960983; the council "
    "(01795) 417 200; the sister's e-mail laura.w@example.net.",
    "A similar review, DHR-KNT-2023-004, made the same finding.",
    ORDINARY,
]


def add_people(review, *, by) -> None:
    people.add_subject(
        review,
        by=by,
        role=Subject.Role.VICTIM,
        pseudonym="Diana",
        real_name=VICTIM_NAME,
        date_of_birth=VICTIM_DOB,
        address=VICTIM_ADDRESS,
    )
    people.add_subject(
        review,
        by=by,
        role=Subject.Role.PERPETRATOR,
        pseudonym="Adam",
        real_name=PERPETRATOR_NAME,
    )
    family.add_member(review, by=by, **SISTER)


def docx_bytes(paragraphs=PARAGRAPHS, *, split_runs=True) -> bytes:
    """A DOCX whose paragraphs are split over several runs (as Word does), one in a table."""
    import docx

    document = docx.Document()
    document.add_heading("Domestic Homicide Review: Case Diana", level=1)
    for text in paragraphs[:-1]:
        paragraph = document.add_paragraph()
        if split_runs:
            third = max(1, len(text) // 3)
            for piece in (text[:third], text[third : 2 * third], text[2 * third :]):
                run = paragraph.add_run(piece)
                run.bold = piece is text[:third]
        else:
            paragraph.add_run(text)
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = paragraphs[-1]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(paragraphs=PARAGRAPHS) -> bytes:
    """A two-page PDF with a real text layer (WeasyPrint)."""
    from html import escape

    from weasyprint import HTML

    half = len(paragraphs) // 2
    pages = [paragraphs[:half], paragraphs[half:]]
    body = "".join(
        "<section style='break-after:page'>"
        + "".join(f"<p>{escape(text)}</p>" for text in page)
        + "</section>"
        for page in pages
    )
    return HTML(string=f"<html><body style='font-size:9pt'>{body}</body></html>").write_pdf()


def docx_upload(data: bytes, name="overview.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX_TYPE)


def pdf_upload(data: bytes, name="overview.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")
