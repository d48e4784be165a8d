"""Checking an uploaded file before it is stored: what it really is, and that it is not too big.

The type is decided by the file's content (its "magic bytes" and, for office files, the parts
inside the ZIP container), never by its name or the type the browser claims: a program renamed
``report.pdf`` is refused. The SHA-256 digest is computed in the same single pass over the file,
in chunks, so a large upload is never read into memory at once.
"""

import codecs
import hashlib
import os
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
DEFAULT_ALLOWED = ("pdf", "docx", "xlsx", "odt", "ods", "txt")

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


def check_upload(uploaded_file, allowed=DEFAULT_ALLOWED) -> CheckedUpload:
    """Returns the checked upload, or raises ``ValidationError`` with a message for the user.

    Refused: an empty file, one larger than ``DHR_MAX_UPLOAD_BYTES``, and one whose content is
    not one of the ``allowed`` kinds (extensions of ``KINDS``), whatever its name says.
    """
    limit = max_upload_bytes()
    if not uploaded_file.size:
        raise ValidationError("The selected file is empty", code="empty")
    if uploaded_file.size > limit:
        raise ValidationError(_too_big_message(limit), code="too_big")

    scan = _scan(uploaded_file, limit)
    extension = _detect_kind(uploaded_file, scan)
    uploaded_file.seek(0)  # storage will read it again from the start
    if extension not in allowed:
        raise ValidationError(_wrong_kind_message(allowed), code="wrong_kind")
    return CheckedUpload(
        file=uploaded_file,
        original_name=clean_original_name(uploaded_file.name),
        extension=extension,
        content_type=KINDS[extension].content_type,
        size=scan.size,
        sha256=scan.sha256,
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
    is_utf8_text: bool = True
    is_8bit_text: bool = True  # Windows-1252 or Latin-1: no control characters but tab, CR, LF


def _scan(uploaded_file, limit: int) -> _Scan:
    """One pass over the file: digest, size, first bytes, and whether it is UTF-8 text."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    scan = _Scan()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
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
    if scan.is_utf8_text:
        scan.is_utf8_text = _still_text(decoder, b"", final=True)
    if scan.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    scan.sha256 = digest.hexdigest()
    return scan


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
    """The extension of the kind the content shows, or None when it is none of ours."""
    if scan.head.startswith(b"%PDF-"):
        return "pdf"
    if scan.head.startswith(b"PK\x03\x04"):
        return _zip_kind(uploaded_file)
    name = (uploaded_file.name or "").lower()
    if scan.head.startswith(_OLE_SIGNATURE):
        return "xls" if name.endswith(".xls") else None  # Word 97 and others: not taken
    if scan.is_utf8_text or scan.is_8bit_text:
        return "csv" if name.endswith(".csv") else "txt"
    return None


_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, Word 97-2003, ...


def _zip_kind(uploaded_file) -> str | None:
    """docx, xlsx, odt or ods from the container's part names (nothing is decompressed except
    the few bytes of the ODF ``mimetype`` entry, so a ZIP bomb costs nothing here)."""
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


def _too_big_message(limit: int) -> str:
    return f"The selected file must be smaller than {describe_size(limit)}"


def describe_size(size: int) -> str:
    """A limit as people read it: "20 MB", "1.5 KB", "100 bytes"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            amount = size / factor
            return f"{amount:g} {unit}" if amount == int(amount) else f"{amount:.1f} {unit}"
    return f"{size} bytes"


def _wrong_kind_message(allowed) -> str:
    labels = list(dict.fromkeys(KINDS[ext].label for ext in KINDS if ext in allowed))
    if len(labels) > 1:
        described = ", ".join(labels[:-1]) + " or " + labels[-1]
    else:
        described = labels[0] if labels else "permitted"
    article = "an" if described[0].lower() in "aeiou" else "a"
    return f"The selected file must be {article} {described} file"
