"""Removing files nobody needs any more, and never one a record still points to.

Three kinds go (a daily beat task, and ``manage.py clean_files [--dry-run]``):

- *expiring records* and their files: records that other apps register with
  ``register_expiring`` (staged chronology imports not confirmed within a day, background
  exports older than a week) are deleted with their files;
- *orphans*: files in the default storage (MEDIA_ROOT, or the object store) that no record
  points to and that are older than a day (younger ones may belong to an upload whose
  transaction has not committed yet).

"Points to" is found generically: every ``FileField`` of every installed model
(``apps.get_models()``), so a new app's files are kept without a list to update. The
references are read in one REPEATABLE READ snapshot *after* the files were listed, so a record
committed meanwhile (a staged file confirmed into a version, say) is seen, and a file still named
by any other record (a confirmed import keeps its staged file) is never deleted with its row.
"""

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

ORPHAN_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class Expiring:
    model_label: str  # "app_label.ModelName"
    date_field: str
    keep_for: timedelta
    description: str


_expiring: list[Expiring] = []


def register_expiring(model, *, date_field: str, keep_for: timedelta, description: str) -> None:
    """Rows of ``model`` whose ``date_field`` is older than ``keep_for`` are deleted, with their
    files (unless another record names the same file). Called from ``AppConfig.ready()``."""
    entry = Expiring(model._meta.label, date_field, keep_for, description)
    if entry not in _expiring:
        _expiring.append(entry)


def registered() -> list[Expiring]:
    return list(_expiring)


@dataclass
class Report:
    dry_run: bool
    expired: dict[str, int] = field(default_factory=dict)  # description -> records
    files_removed: list[str] = field(default_factory=list)
    files_kept: list[str] = field(default_factory=list)  # of expired records, still referenced

    @property
    def total_removed(self) -> int:
        return len(self.files_removed)


def file_fields():
    """(model, field name) for every concrete FileField (and ImageField) of every model."""
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field.name


def referenced_names() -> set[str]:
    """Every file name a record points to, read in one snapshot."""
    names: set[str] = set()
    with transaction.atomic():
        if connection.vendor == "postgresql" and not _inside_outer_transaction():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model, name in file_fields():
            values = (
                model._base_manager.exclude(**{f"{name}__isnull": True})
                .exclude(**{name: ""})
                .values_list(name, flat=True)
            )
            names.update(values.iterator(chunk_size=5000))
    return names


def _inside_outer_transaction() -> bool:
    # SET TRANSACTION must come first in a transaction; inside a test's (or a caller's)
    # transaction the snapshot is that transaction's anyway.
    return len(connection.atomic_blocks) > 0


def is_referenced(name: str, excluding=None) -> bool:
    """Whether any record (other than ``excluding``) points to the file ``name``."""
    for model, field_name in file_fields():
        rows = model._base_manager.filter(**{field_name: name})
        if excluding is not None and isinstance(excluding, model):
            rows = rows.exclude(pk=excluding.pk)
        if rows.exists():
            return True
    return False


def stored_files(storage=None):
    """Every file name in the storage, walking its folders."""
    storage = storage or default_storage

    def walk(folder: str):
        try:
            directories, files = storage.listdir(folder)
        except FileNotFoundError:
            return
        for filename in files:
            yield f"{folder}/{filename}" if folder else filename
        for directory in directories:
            yield from walk(f"{folder}/{directory}" if folder else directory)

    yield from walk("")


def clean(*, dry_run: bool = False, now=None, storage=None) -> Report:
    storage = storage or default_storage
    now = now or timezone.now()
    report = Report(dry_run=dry_run)
    _remove_expired(report, now, storage)
    _remove_orphans(report, now, storage)
    logger.info(
        "File clean-up%s: %d expired records, %d files removed",
        " (dry run)" if dry_run else "",
        sum(report.expired.values()),
        report.total_removed,
    )
    return report


def _remove_expired(report: Report, now, storage) -> None:
    for entry in _expiring:
        model = apps.get_model(entry.model_label)
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        old = model._base_manager.filter(**{f"{entry.date_field}__lt": now - entry.keep_for})
        count = 0
        for pk in list(old.values_list("pk", flat=True)):
            with transaction.atomic():
                record = (
                    model._base_manager.select_for_update(skip_locked=True).filter(pk=pk).first()
                )
                if record is None:  # gone, or being changed right now: next time
                    continue
                names = [getattr(record, name).name for name in fields if getattr(record, name)]
                count += 1
                # Another record (a confirmed import's version) may name the same file.
                kept = [name for name in names if is_referenced(name, excluding=record)]
                report.files_kept.extend(kept)
                gone = [name for name in names if name not in kept]
                report.files_removed.extend(gone)
                if report.dry_run:
                    continue
                record.delete()
                for name in gone:
                    transaction.on_commit(_deleter(storage, name))
        report.expired[entry.description] = count


def _deleter(storage, name: str):
    def delete():
        with contextlib.suppress(FileNotFoundError):
            storage.delete(name)

    return delete


def _remove_orphans(report: Report, now, storage) -> None:
    old_enough = now - ORPHAN_GRACE
    candidates = []
    for name in stored_files(storage):
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            continue
        if modified < old_enough:
            candidates.append(name)
    if not candidates:
        return
    referenced = referenced_names()  # after listing: anything committed since is seen
    already = set(report.files_removed)
    for name in candidates:
        if name in referenced or name in already:
            continue
        report.files_removed.append(name)
        if not report.dry_run:
            _deleter(storage, name)()
