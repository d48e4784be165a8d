"""Checking an uploaded file before it is stored: what it really is, that its name says so, that
it is safe to open, and that it is not too big.

The kind is decided by the file's content (its "magic bytes" and, for office files, the parts
inside the ZIP container), never by the type the browser claims, and the file's name must then
end in that kind's extension: a program or a web page renamed ``report.pdf`` is refused, and so
is a real PDF named ``notes.txt``. Web pages, SVG images, XML and scripts are never taken as
"plain text". A PDF with JavaScript, launch actions or embedded files is refused (pypdf looks
inside it); a Word or Excel file must have the parts of its kind; every ZIP container is
checked against decompression bombs first (``dhr.files.archives``).

Each upload has a purpose (``PURPOSES``: chronology, agency report, minutes, evidence,
Commissioner response, report version, ...) that lists the kinds it accepts; later features
pass their purpose's name, or register a new one with ``register_purpose``. The SHA-256 digest
is computed in the same single pass over the file, in chunks, so a large upload is never read
into memory at once.
"""

import codecs
import hashlib
import logging
import os
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str  # how the error message names the kind


KINDS = {
    kind.extension: kind
    for kind in (
        FileKind("pdf", "application/pdf", "PDF"),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word",
        ),
        FileKind(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
        ),
        FileKind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument"),
        FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument"),
        FileKind("xls", "application/vnd.ms-excel", "Excel"),
        FileKind("csv", "text/csv", "CSV"),
        FileKind("txt", "text/plain", "plain text"),
    )
}


@dataclass(frozen=True)
class Purpose:
    """What an upload is for, and the kinds (extensions of ``KINDS``) it accepts."""

    name: str
    kinds: tuple
    label: str = ""


PURPOSES: dict[str, Purpose] = {}


def register_purpose(name: str, kinds, label: str = "") -> Purpose:
    """Adds (or replaces) an upload purpose; ``kinds`` are extensions of ``KINDS``."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"Unknown file kinds for {name}: {sorted(unknown)}")
    PURPOSES[name] = Purpose(name, tuple(kinds), label or name.replace("_", " "))
    return PURPOSES[name]


def purpose_kinds(name: str) -> tuple:
    """The kinds the purpose ``name`` accepts (``KeyError`` for a purpose never registered)."""
    return PURPOSES[name].kinds


_DOCUMENTS = ("pdf", "docx", "odt")
for _name, _kinds, _label in (
    # Documents of the review itself: terms of reference, QA letters, reports, others.
    ("review_document", ("pdf", "docx", "xlsx", "odt", "ods", "txt"), "a review document"),
    ("chronology", ("xlsx", "xls", "csv"), "an agency chronology"),
    ("agency_report", _DOCUMENTS, "an agency report"),
    ("minutes", (*_DOCUMENTS, "txt"), "meeting minutes"),
    ("evidence", ("pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"), "evidence"),
    ("commissioner_response", _DOCUMENTS, "a response to the Commissioner"),
    ("report_version", _DOCUMENTS, "a version of the review report"),
    ("action_plan", ("xlsx", "xls", "csv"), "an action plan spreadsheet"),
):
    register_purpose(_name, _kinds, _label)

DEFAULT_PURPOSE = "review_document"
DEFAULT_ALLOWED = PURPOSES[DEFAULT_PURPOSE].kinds

# The ODF ``mimetype`` entry names the document type; these are the ones we accept.
_ODF_MIMETYPES = {KINDS[ext].content_type: ext for ext in ("odt", "ods")}
_HEAD_BYTES = 8  # enough for every signature we look at
_MAX_NAME_LENGTH = 255  # Document.original_name


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed ``check_upload``: what it is, how big, and its SHA-256 digest."""

    file: UploadedFile
    original_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    """The largest file accepted, in bytes (setting ``DHR_MAX_UPLOAD_BYTES``, default 20 MB)."""
    return getattr(settings, "DHR_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def check_upload(uploaded_file, allowed=None, *, purpose: str | None = None) -> CheckedUpload:
    """Returns the checked upload, or raises ``ValidationError`` with a message for the user.

    ``purpose`` names an entry of ``PURPOSES`` whose kinds are accepted (or ``allowed`` lists
    them; by default a review document's). Refused: an empty file, one larger than
    ``DHR_MAX_UPLOAD_BYTES``, a web page, SVG, XML or script, content of no accepted kind, a
    name that does not end in the extension of the kind the content shows, and a file of the
    right kind that is unsafe or damaged (see the module's docstring).
    """
    if purpose is not None:
        allowed = purpose_kinds(purpose)
    allowed = tuple(allowed or DEFAULT_ALLOWED)
    limit = max_upload_bytes()
    if not uploaded_file.size:
        raise ValidationError("The selected file is empty", code="empty")
    if uploaded_file.size > limit:
        raise ValidationError(_too_big_message(limit), code="too_big")

    scan = _scan(uploaded_file, limit)
    try:
        if scan.markup:
            raise ValidationError(_MARKUP_MESSAGE, code="markup")
        extension = _detect_kind(uploaded_file, scan)
        if extension not in allowed:
            raise ValidationError(_wrong_kind_message(allowed), code="wrong_kind")
        _check_name(uploaded_file.name, extension)
        problem = _inside_problem(uploaded_file, extension, scan)
        if problem:
            raise ValidationError(problem, code="unsafe")
    finally:
        uploaded_file.seek(0)  # storage will read it again from the start
    return CheckedUpload(
        file=uploaded_file,
        original_name=clean_original_name(uploaded_file.name),
        extension=extension,
        content_type=KINDS[extension].content_type,
        size=scan.size,
        sha256=scan.sha256,
    )


def _name_extension(name: str | None) -> str:
    base = os.path.basename((name or "").replace("\\", "/"))
    stem, dot, extension = base.rpartition(".")
    return extension.strip().lower() if dot and stem else ""


def _check_name(name: str | None, extension: str) -> None:
    given = _name_extension(name)
    if given == extension:
        return
    kind = KINDS[extension]
    article = "an" if kind.label[0].lower() in "aeiou" else "a"
    ends = f"its name ends in “.{given}”" if given else "its name has no extension"
    raise ValidationError(
        f"The selected file is {article} {kind.label} file but {ends}: check it is the file "
        f"you meant, and rename it to end in “.{extension}”",
        code="misnamed",
    )


def clean_original_name(name: str | None) -> str:
    """The user's file name as it may be shown and offered on download: no folders, no control
    characters, at most 255 characters (keeping the extension when it has to be shortened)."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(char for char in name if char.isprintable()).strip() or "document"
    if len(name) > _MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep = _MAX_NAME_LENGTH - len(dot + extension)
        name = (stem[:keep] + dot + extension) if stem and keep > 0 else name[:_MAX_NAME_LENGTH]
    return name


@dataclass
class _Scan:
    size: int = 0
    sha256: str = ""
    head: bytes = b""
    markup: bool = False  # text that a browser would run or render: HTML, SVG, XML, a script
    pdf_actions: bool = False  # the raw bytes of a PDF name JavaScript, a launch or a file
    is_utf8_text: bool = True
    is_8bit_text: bool = True  # Windows-1252 or Latin-1: no control characters but tab, CR, LF


def _scan(uploaded_file, limit: int) -> _Scan:
    """One pass over the file: digest, size, first bytes, and whether it is UTF-8 text."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    scan = _Scan()
    tail = b""
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        window = (tail + chunk).lower()
        tail = window[-_OVERLAP:]
        if _PDF_ACTIONS.search(window):
            scan.pdf_actions = True
        scan.size += len(chunk)
        if scan.size > limit:  # the declared size was wrong: trust what we read
            raise ValidationError(_too_big_message(limit), code="too_big")
        digest.update(chunk)
        if len(scan.head) < _HEAD_BYTES:
            scan.head += chunk[: _HEAD_BYTES - len(scan.head)]
        if scan.is_utf8_text:
            scan.is_utf8_text = _still_text(decoder, chunk)
        if scan.is_8bit_text:
            scan.is_8bit_text = not chunk.translate(None, _TEXT_BYTES)
        if (scan.is_utf8_text or scan.is_8bit_text) and _MARKUP.search(window):
            scan.markup = True
    if scan.is_utf8_text:
        scan.is_utf8_text = _still_text(decoder, b"", final=True)
    if scan.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    scan.sha256 = digest.hexdigest()
    if not (scan.is_utf8_text or scan.is_8bit_text):
        scan.markup = False  # a binary file's bytes may look like anything
    elif scan.head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"#!"):
        scan.markup = True  # a shell, Python or Perl script
    return scan


_OVERLAP = 32  # longer than every pattern below, so none is missed across two chunks
# Text that a browser renders or runs, or that is XML (SVG is XML): never "plain text".
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|\?xml|html|head|body|script|svg|iframe|object|embed|meta|link|style"
    rb"|form|img|xsl)|javascript:|vbscript:"
)
_PDF_ACTIONS = re.compile(rb"/(?:javascript|launch|embeddedfiles?|richmedia)\b")
_MARKUP_MESSAGE = (
    "The selected file is a web page, an SVG image, XML or a script, which cannot be uploaded: "
    "save it as a PDF or Word document"
)


# Every byte but the C0 control characters (tab, line feed, form feed and carriage return
# excepted) and DEL: what a text file in a single-byte Windows or ISO encoding is made of.
_TEXT_BYTES = bytes(
    byte for byte in range(256) if (byte >= 0x20 and byte != 0x7F) or byte in (9, 10, 12, 13)
)


def _still_text(decoder, chunk: bytes, final: bool = False) -> bool:
    if b"\x00" in chunk:  # binary formats are full of NULs; text never has one
        return False
    try:
        decoder.decode(chunk, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _detect_kind(uploaded_file, scan: _Scan) -> str | None:
    """The extension of the kind the content shows, or None when it is none of ours. Text is
    a CSV file when its name says so, plain text otherwise."""
    if scan.head.startswith(b"%PDF-"):
        return "pdf"
    if scan.head.startswith(b"PK\x03\x04"):
        return _zip_kind(uploaded_file)
    if scan.head.startswith(_OLE_SIGNATURE):
        # Excel 97-2003 when named so (the reader checks the workbook inside); Word 97 and
        # other OLE files are not taken.
        return "xls" if _name_extension(uploaded_file.name) == "xls" else None
    if scan.is_utf8_text or scan.is_8bit_text:
        return "csv" if _name_extension(uploaded_file.name) == "csv" else "txt"
    return None


_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, Word 97-2003, ...


def _zip_kind(uploaded_file) -> str | None:
    """docx, xlsx, odt or ods from the container's part names (nothing is decompressed here
    except the few bytes of the ODF ``mimetype`` entry, so a ZIP bomb costs nothing)."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return "docx"
                if any(name.startswith("xl/") for name in names):
                    return "xlsx"
                return None  # PowerPoint or another OOXML kind we do not take
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(100).decode("ascii", "replace").strip()
                return _ODF_MIMETYPES.get(mimetype)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    return None


# --- Looking inside a file of the right kind ------------------------------------------------------

# The main part of each Office Open XML kind, as [Content_Types].xml declares it. A
# macro-enabled document (docm, xlsm) declares another type and is refused.
_MAIN_PARTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_NOT_REAL = {
    "docx": "The selected file is not a real Word document: open it in Word, save it as a "
    "Word document (.docx) and upload it again",
    "xlsx": "The selected file is not a real Excel workbook: open it in Excel, save it as an "
    "Excel workbook (.xlsx) and upload it again",
    "odt": "The selected file is not a real OpenDocument file: save it again and upload it",
    "ods": "The selected file is not a real OpenDocument file: save it again and upload it",
}
_MACROS = (
    "The selected file contains macros, which could run when it is opened: save it again "
    "without macros (as .docx or .xlsx) and upload it"
)
_CONTENT_TYPES_LIMIT = 1024 * 1024
PDF_JAVASCRIPT = (
    "The selected PDF contains JavaScript, which could run when it is opened: save it again "
    "without scripts (for example with “Print to PDF”) and upload it"
)
PDF_LAUNCH = (
    "The selected PDF can start other programs when it is opened: save it again without "
    "actions (for example with “Print to PDF”) and upload it"
)
PDF_EMBEDDED = (
    "The selected PDF has files embedded in it: upload those files separately, and save the "
    "PDF again without them"
)
PDF_ENCRYPTED = "The selected PDF is protected by a password: remove the password and upload it"
PDF_DAMAGED = "The selected PDF could not be read: save it again and upload it"
_PDF_MAX_OBJECTS = 200_000


def _inside_problem(uploaded_file, extension: str, scan: _Scan) -> str | None:
    """Why a file of a kind we take is still refused (None: it is fine)."""
    if extension in ("docx", "xlsx", "odt", "ods"):
        return _container_problem(uploaded_file, extension)
    if extension == "pdf":
        return _pdf_problem(uploaded_file, scan)
    return None


def _container_problem(uploaded_file, extension: str) -> str | None:
    from dhr.files.archives import UnsafeArchive, check_archive

    try:
        summary = check_archive(uploaded_file, nested_allowed=extension in ("docx", "odt"))
    except UnsafeArchive as unsafe:
        return str(unsafe)
    except (zipfile.BadZipFile, OSError, ValueError):
        return _NOT_REAL[extension]
    names = set(summary.names)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return _MACROS
    if extension in ("odt", "ods"):
        return None if "content.xml" in names else _NOT_REAL[extension]
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_LIMIT:
                return _NOT_REAL[extension]
            types = archive.read(info).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return _NOT_REAL[extension]
    if "macroEnabled" in types:
        return _MACROS
    main = re.search(
        r'PartName="/?([^"]+)"\s+ContentType="' + re.escape(_MAIN_PARTS[extension]) + '"', types
    ) or re.search(
        r'ContentType="' + re.escape(_MAIN_PARTS[extension]) + r'"\s+PartName="/?([^"]+)"', types
    )
    if main is None or main.group(1) not in names:
        return _NOT_REAL[extension]
    if extension == "xlsx" and not any(name.startswith("xl/worksheets/") for name in names):
        return _NOT_REAL[extension]
    return None


def _pdf_problem(uploaded_file, scan: _Scan) -> str | None:
    """JavaScript, launch actions, embedded files or a password: looked for in every object
    reachable from the document's trailer (compressed object streams and #-escaped names
    included), and in the raw bytes. A PDF with more objects than any report is refused."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    # pypdf logs every repair it makes to a damaged file as a warning: the refusal (or not) is
    # what matters here, and a hostile upload must not fill the logs.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    uploaded_file.seek(0)
    try:
        reader = PdfReader(uploaded_file, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return PDF_ENCRYPTED
        pending = [reader.trailer]
        seen: set = set()
        visited = 0
        while pending:
            item = pending.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                item = item.get_object()
            visited += 1
            if visited > _PDF_MAX_OBJECTS:
                return PDF_DAMAGED
            if isinstance(item, DictionaryObject):
                problem = _pdf_dictionary_problem(item)
                if problem:
                    return problem
                pending.extend(value for name, value in item.items() if name != "/Parent")
            elif isinstance(item, ArrayObject):
                pending.extend(item)
    except Exception:  # noqa: S110 (pypdf raises many kinds for a damaged or hostile file)
        # What pypdf cannot read at all is judged by its raw bytes alone (below): refusing
        # it would refuse the odd real PDF from an old scanner along with it.
        pass
    if scan.pdf_actions:
        # Named in the raw bytes but unreachable from the trailer: still refused, a viewer
        # that repairs the file could find it.
        return PDF_JAVASCRIPT
    return None


def _pdf_dictionary_problem(dictionary) -> str | None:
    keys = set(dictionary.keys())
    if keys & {"/JS", "/JavaScript"}:
        return PDF_JAVASCRIPT
    action = dictionary.get("/S")
    if action in ("/JavaScript", "/Rendition"):
        return PDF_JAVASCRIPT
    if action in ("/Launch", "/ImportData") or "/Launch" in keys:
        return PDF_LAUNCH
    if keys & {"/EmbeddedFiles", "/EmbeddedFile", "/EF", "/RichMedia"}:
        return PDF_EMBEDDED
    if dictionary.get("/Subtype") in ("/FileAttachment", "/RichMedia"):
        return PDF_EMBEDDED
    return None


def _too_big_message(limit: int) -> str:
    return f"The selected file must be smaller than {describe_size(limit)}"


def describe_size(size: int) -> str:
    """A limit as people read it: "20 MB", "1.5 KB", "100 bytes"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            amount = size / factor
            return f"{amount:g} {unit}" if amount == int(amount) else f"{amount:.1f} {unit}"
    return f"{size} bytes"


def describe_kinds(allowed) -> str:
    """ "a PDF, Word or OpenDocument" for the kinds ``allowed``."""
    labels = list(dict.fromkeys(KINDS[ext].label for ext in KINDS if ext in allowed))
    if len(labels) > 1:
        described = ", ".join(labels[:-1]) + " or " + labels[-1]
    else:
        described = labels[0] if labels else "permitted"
    article = "an" if described[0].lower() in "aeiou" else "a"
    return f"{article} {described}"


def _wrong_kind_message(allowed) -> str:
    return f"The selected file must be {describe_kinds(allowed)} file"
