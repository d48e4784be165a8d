"""The clean-up of stored files: expired staged imports and exports go with their files,
orphans older than a day go, and no file that any record points to is ever removed."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from dhr.celery import app as celery_app
from dhr.files import cleanup
from dhr.files.tasks import clean_files
from panels.models import ChronologyExport, StagedChronology
from tests.security.conftest import build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """A media folder of this test's own: the clean-up deletes what it finds there."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scenario(own_media):
    return build_scenario()


@pytest.fixture
def clean(django_capture_on_commit_callbacks):
    """The clean-up with its after-commit file deletions carried out."""

    def run(**options):
        with django_capture_on_commit_callbacks(execute=True):
            return cleanup.clean(**options)

    return run


def every_referenced_file():
    return {
        (model._meta.label, name, getattr(row, name).name)
        for model, name in cleanup.file_fields()
        for row in model._base_manager.exclude(**{name: ""})
    }


def orphan(name="contributions/2026/01/forgotten.csv") -> str:
    return default_storage.save(name, ContentFile(b"nobody points here"))


def later(days: float):
    return timezone.now() + timedelta(days=days)


def test_every_file_a_record_points_to_is_kept_and_orphans_go(scenario, clean):
    lost = orphan()
    report = clean(now=later(10))  # everything is old by then
    assert lost in report.files_removed
    assert not default_storage.exists(lost)
    kept = every_referenced_file()
    # Documents, chronology versions and the exported PDF at least.
    assert len({label for label, _, _ in kept}) >= 3
    for label, field_name, name in kept:
        assert default_storage.exists(name), f"{label}.{field_name} lost {name}"


def test_file_fields_are_found_in_every_app():
    found = {f"{model._meta.label}.{name}" for model, name in cleanup.file_fields()}
    assert {
        "cases.Document.file",
        "panels.ContributionVersion.file",
        "panels.StagedChronology.file",
        "panels.ChronologyExport.file",
        "panels.PanelMeeting.minutes_file",
    } <= found


def test_a_young_orphan_is_kept(db):
    young = orphan()
    assert cleanup.clean().files_removed == []
    assert default_storage.exists(young)


def staged_like(staged: StagedChronology, *, age: timedelta, name=None) -> StagedChronology:
    copy = StagedChronology.objects.create(
        request=staged.request,
        uploaded_by=staged.uploaded_by,
        uploaded_at=timezone.now() - age,
        original_name="chronology.csv",
        content_type="text/csv",
        size=10,
        sha256="0" * 64,
        file=name or default_storage.save("contributions/staged.csv", ContentFile(b"staged")),
    )
    return copy


def test_a_staged_import_not_confirmed_within_a_day_goes_with_its_file(scenario, clean):
    template = StagedChronology.objects.first()
    stale = staged_like(template, age=timedelta(hours=25))
    fresh = staged_like(template, age=timedelta(hours=23))
    report = clean()
    assert not StagedChronology.objects.filter(pk=stale.pk).exists()
    assert not default_storage.exists(stale.file.name)
    assert StagedChronology.objects.filter(pk=fresh.pk).exists()
    assert default_storage.exists(fresh.file.name)
    assert report.expired["staged chronology imports not confirmed within a day"] >= 1


def test_a_file_another_record_names_stays_when_its_expired_record_goes(scenario, clean):
    template = StagedChronology.objects.first()
    stale = staged_like(template, age=timedelta(days=2))
    staged_like(template, age=timedelta(hours=1), name=stale.file.name)
    report = clean()
    assert not StagedChronology.objects.filter(pk=stale.pk).exists()
    assert stale.file.name in report.files_kept
    assert default_storage.exists(stale.file.name)


def test_exports_older_than_a_week_go(scenario, clean):
    # The scenario prepares an export for each of its reviews: this one is the in-scope review's.
    export = scenario.records.contributions.export
    name = export.file.name
    ChronologyExport.objects.filter(pk=export.pk).update(
        requested_at=timezone.now() - timedelta(days=6)
    )
    clean()
    assert default_storage.exists(name)
    ChronologyExport.objects.filter(pk=export.pk).update(
        requested_at=timezone.now() - timedelta(days=8)
    )
    clean()
    assert not ChronologyExport.objects.filter(pk=export.pk).exists()
    assert not default_storage.exists(name)


def test_a_dry_run_removes_nothing_and_says_what_it_would(scenario, capsys):
    lost = orphan()
    before = every_referenced_file()
    staged_count = StagedChronology.objects.count()
    report = cleanup.clean(dry_run=True, now=later(10))
    assert lost in report.files_removed
    assert default_storage.exists(lost)
    assert every_referenced_file() == before
    assert StagedChronology.objects.count() == staged_count


def test_the_command_dry_run(db, capsys):
    lost = orphan()
    old = timezone.now() - timedelta(days=2)
    os.utime(default_storage.path(lost), (old.timestamp(), old.timestamp()))
    call_command("clean_files", "--dry-run")
    output = capsys.readouterr().out
    assert f"Would remove file {lost}" in output
    assert default_storage.exists(lost)
    call_command("clean_files")
    assert not default_storage.exists(lost)


def test_the_task_runs_daily(db):
    entry = celery_app.conf.beat_schedule["clean-files"]
    assert entry["task"] == clean_files.name
    assert clean_files.apply().get() == 0
