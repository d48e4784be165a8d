"""Checking a ZIP container (XLSX, DOCX, ODF) before anything inside it is decompressed.

Office files are ZIP archives, and a ZIP archive can be a bomb: a few hundred kilobytes that
expand to gigabytes, or to hundreds of thousands of rows. ``check_archive`` reads only the
archive's central directory (names and declared sizes, nothing decompressed) and refuses, with
a message for the user, an archive that is too large once expanded, expands too much for its
size, holds too many members or holds another archive. The declared sizes can be trusted for
what follows: Python's ``zipfile`` (which openpyxl uses) never returns more bytes than a
member declares, and fails on a member whose content does not match.
"""

import zipfile
from dataclasses import dataclass

# Far above any real agency file (a 10,000-row chronology is 5 MB expanded, 15 times its
# compressed size), far below what would hurt a web worker.
MAX_MEMBERS = 1_000
MAX_TOTAL_EXPANDED = 100 * 1024 * 1024
MAX_RATIO = 100  # expanded / compressed, for members large enough for it to matter
RATIO_FROM = 1024 * 1024  # members smaller than this expanded are never a bomb on their own
NESTED_SUFFIXES = (
    ".zip",
    ".xlsx",
    ".xlsm",
    ".docx",
    ".docm",
    ".odt",
    ".ods",
    ".jar",
    ".gz",
    ".tgz",
    ".bz2",
    ".xz",
    ".7z",
    ".rar",
    ".cab",
)
UNSAFE = "The selected file cannot be opened safely: save it again from Excel or Word and upload it"


class UnsafeArchive(ValueError):
    """The archive is refused; ``str(exc)`` is the message for the user."""


@dataclass(frozen=True)
class ArchiveSummary:
    names: tuple
    members: int
    expanded: int
    compressed: int


def check_archive(file, *, nested_allowed: bool = False) -> ArchiveSummary:
    """The archive's member names and sizes, or ``UnsafeArchive`` (``zipfile.BadZipFile`` for
    a file that is not a ZIP archive at all). ``file`` is a seekable binary file.

    ``nested_allowed``: a Word document may carry an embedded workbook (a chart's data), which
    the service never opens; a workbook we read may carry no archive at all."""
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        infos = archive.infolist()
    file.seek(0)
    if len(infos) > MAX_MEMBERS:
        raise UnsafeArchive(f"{UNSAFE} (it holds more than {MAX_MEMBERS:,} parts)")
    expanded = compressed = 0
    for info in infos:
        name = info.filename.lower()
        if not nested_allowed and name.endswith(NESTED_SUFFIXES):
            raise UnsafeArchive(f"{UNSAFE} (it holds another archive)")
        expanded += info.file_size
        compressed += info.compress_size
        if info.file_size >= RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeArchive(f"{UNSAFE} (it expands far more than any real document)")
        if expanded > MAX_TOTAL_EXPANDED:
            raise UnsafeArchive(f"{UNSAFE} (it expands to more than 100 MB)")
    return ArchiveSummary(
        names=tuple(info.filename for info in infos),
        members=len(infos),
        expanded=expanded,
        compressed=compressed,
    )
