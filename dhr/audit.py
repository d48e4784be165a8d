"""Readable history: who changed what and when, with names instead of ids (STYLE.md 10-11)."""

from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from django.db import models

from dhr.formats import readable_datetime

_CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}
BLANK = "(blank)"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    record: str = ""  # which record changed, when entries of several are merged
    user_id: int | None = None


def _display(model_field, value, names: dict) -> str:
    """A value as a person reads it: choice labels, related objects' names, Yes/No."""
    if value in (None, "", []):
        return BLANK
    if model_field is None:
        return str(value)
    if isinstance(model_field, models.ManyToManyField):
        target = model_field.related_model
        ids = [row[model_field.m2m_reverse_field_name()] for row in value]
        labels = sorted(names.get((target, pk), f"#{pk}") for pk in ids)
        return ", ".join(labels) if labels else BLANK
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(value, date):  # a datetime too: "1 December 2026, 8:51pm", local time
        return readable_datetime(value)
    return str(value)


def _related_ids(model, deltas) -> dict:
    """Every related object's id that appears in the deltas, grouped by model."""
    wanted: dict = {}
    for delta in deltas:
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            for value in (change.old, change.new):
                if value in (None, "", []):
                    continue
                if isinstance(model_field, models.ManyToManyField):
                    name = model_field.m2m_reverse_field_name()
                    wanted.setdefault(model_field.related_model, set()).update(
                        row[name] for row in value
                    )
                elif model_field.is_relation:
                    wanted.setdefault(model_field.related_model, set()).add(value)
    return wanted


def history_entries(instance, hidden_fields=()) -> list[HistoryEntry]:
    """The instance's history, newest first, each entry with its readable field changes."""
    records = instance.history.select_related("history_user")
    return entries_from_records(type(instance), records, hidden_fields)


def entries_from_records(model, records, hidden_fields=(), describe=None) -> list[HistoryEntry]:
    """Readable entries from historical records of ``model`` (of one or several objects).

    ``hidden_fields`` are left out of the changes (restricted data the reader may not see);
    ``describe(record)`` names the object each entry is about, for merged histories.
    """
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    by_object: dict = {}
    for record in records:
        by_object.setdefault(record.id, []).append(record)
    deltas = {}
    for object_records in by_object.values():
        for previous, record in pairwise(object_records):
            deltas[record.pk] = record.diff_against(previous, excluded_fields=hidden_fields)

    names = {}
    for related_model, ids in _related_ids(model, deltas.values()).items():
        for obj in related_model._default_manager.filter(pk__in=ids):
            names[(related_model, obj.pk)] = str(obj)

    entries = []
    for record in records:
        entry = HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "System",
            action=_CHANGE_TYPES.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
            record=describe(record) if describe else "",
            user_id=record.history_user_id,
        )
        delta = deltas.get(record.pk)
        for change in delta.changes if delta else []:
            model_field = model._meta.get_field(change.field)
            old = _display(model_field, change.old, names)
            new = _display(model_field, change.new, names)
            if old != new:  # blank and None are the same to a reader
                label = str(model_field.verbose_name)
                entry.changes.append(FieldChange(label[:1].upper() + label[1:], old, new))
        if entry.action != "Changed" or entry.changes:
            entries.append(entry)
    entries.reverse()
    return entries


def merged(*entry_lists) -> list[HistoryEntry]:
    """Entries of several records in one list, newest first."""
    entries = [entry for entries in entry_lists for entry in entries]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def tracked_models():
    """Every model with django-simple-history, found through the app registry."""
    from django.apps import apps

    return [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]


def restricted_fields(model) -> tuple:
    """Fields a model marks as restricted identity data (``RESTRICTED_FIELDS``)."""
    return tuple(getattr(model, "RESTRICTED_FIELDS", ()))


def entries_by_user(user, limit: int = 500, describer=None) -> list[HistoryEntry]:
    """Every change ``user`` made, in any record, newest first; restricted fields hidden.

    ``describer(model)`` may give a function naming a record of that model (apps that keep a
    registry of record names pass theirs). One query for the user's rows and one for those
    records' whole histories, per model.
    """
    lists = []
    for model in tracked_models():
        history = model.history
        ids = set(
            history.filter(history_user=user)
            .order_by("-history_date")
            .values_list("id", flat=True)[:limit]
        )
        if not ids:
            continue
        label = str(model._meta.verbose_name).capitalize()
        describe = (describer and describer(model)) or (lambda r, label=label: f"{label} {r.id}")
        records = history.filter(id__in=ids).select_related("history_user")
        if any(field.name == "agency" for field in model._meta.fields):
            records = records.select_related("agency")  # record names often mention it
        entries = entries_from_records(model, records, restricted_fields(model), describe=describe)
        lists.append([entry for entry in entries if entry.user_id == user.pk])
    return merged(*lists)[:limit]
