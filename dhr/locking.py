"""Optimistic locking for the forms that several people edit (STYLE.md 12).

A form records, in the hidden field ``last_seen``, the version of the record it was opened on.
The domain function that saves it locks the row (``select_for_update``) and calls
``check_unchanged``: if the stored version is no longer the one the user saw, it raises
``EditConflict`` and saves nothing. The view then shows the user their own input again, with
what the record holds now and who changed it, and a fresh ``last_seen`` so that their next save
goes through.

The version of a record is its ``updated_at`` (``TimeStampedModel``), or, for a model without
one (the user), a fingerprint of the values its history tracks: a user's sign-in saves the row
without changing anything an administrator edits, and must not count as a change.

Domain functions take ``last_seen=None``: None means "not checked" (scripts, seeds, and a POST
without the field), so callers that know nothing of versions keep working.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import pairwise

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

LAST_SEEN = "last_seen"
# The version of a record that does not exist yet (a chair without a pool profile, say).
NOT_CREATED = "new"
NOT_RECORDED = "Not recorded"
# How far back the history is read to find who made the latest real change (see last_change).
_HISTORY_LOOKBACK = 50


# --- Versions ----------------------------------------------------------------------------------


def version_of(record) -> str:
    """The version of ``record`` as a form stores it: its ``updated_at`` in UTC, ISO format with
    microseconds; a fingerprint of its tracked values for a model without ``updated_at``;
    ``NOT_CREATED`` for None or an unsaved record."""
    if record is None or record.pk is None:
        return NOT_CREATED
    updated_at = getattr(record, "updated_at", None)
    if isinstance(updated_at, datetime):
        return updated_at.astimezone(UTC).isoformat(timespec="microseconds")
    return _fingerprint(record)


def _fingerprint(record) -> str:
    """A digest of the values the record's history tracks (its fields and many-to-many sets)."""
    history_model = type(record).history.model
    values = {
        field.attname: field.value_from_object(record) for field in history_model.tracked_fields
    }
    for field in history_model._history_m2m_fields:
        values[field.name] = sorted(getattr(record, field.name).values_list("pk", flat=True))
    encoded = json.dumps(values, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


class EditConflict(Exception):
    """Someone saved the record after the user opened the form; nothing was saved.

    ``current`` is the record as stored now (None if it no longer exists); ``changed_by`` and
    ``changed_at`` say who made the latest change and when, from the record's history.
    """

    def __init__(self, current):
        self.current = current
        change = last_change(current) if current is not None else None
        self.changed_by = change.history_user if change else None
        self.changed_at = change.history_date if change else None
        super().__init__(self.message_for(None))

    def message_for(self, reader) -> str:
        """The message for the error summary, addressed to ``reader`` (the user saving)."""
        if self.current is None:
            return "This record was removed after you opened it: there is nothing to save."
        when = f" at {describe_time(self.changed_at)}" if self.changed_at else ""
        if reader is not None and self.changed_by == reader:
            who = "You changed this record in another tab or window"
        elif self.changed_by is not None:
            who = f"{self.changed_by} changed this record"
        else:
            who = "Someone else changed this record"
        return (
            f"{who}{when} after you opened it. Your changes are below: "
            "check them against the current values and save again."
        )


def check_unchanged(locked, last_seen: str | None) -> None:
    """Raises ``EditConflict`` when ``locked`` is not at the version ``last_seen``.

    Call it inside the domain function's transaction, on the row just read with
    ``select_for_update()`` (or None when there is no row yet), so that no other save can slip
    in between the check and the change. ``last_seen`` None: nothing is checked.
    """
    if last_seen is not None and version_of(locked) != last_seen:
        raise EditConflict(locked)


def last_change(record):
    """The history row of the latest save that changed ``record``, or None without history.

    With ``updated_at`` every save is a new version, so that is the latest row. Without it,
    saves that changed no tracked value (a sign-in) are passed over.
    """
    history = record.history.select_related("history_user").order_by("-history_date", "-history_id")
    if hasattr(record, "updated_at"):
        return history.first()
    rows = list(history[:_HISTORY_LOOKBACK])
    for newer, older in pairwise(rows):
        if newer.diff_against(older).changes:
            return newer
    return rows[-1] if rows else None  # the creation, or as far back as was read


def describe_time(moment: datetime) -> str:
    """The local time of day, "14:32", with the date when it is not today: "14:32 on 3 March
    2026"."""
    local = timezone.localtime(moment)
    time = date_format(local, "H:i")
    if local.date() == timezone.localdate():
        return time
    return f"{time} on {date_format(local, 'j F Y')}"


# --- Forms -------------------------------------------------------------------------------------


class OptimisticLockFormMixin:
    """Adds the hidden ``last_seen`` field: the version of ``record`` when the form was opened.

    Pass ``record=`` (the stored record the form changes; None for one not created yet); a
    model form defaults to its ``instance``. After validation ``form.last_seen`` holds the
    version sent back (None when the POST had none) and ``last_seen`` is kept out of
    ``cleaned_data``, so views hand ``cleaned_data`` to domain functions as before.
    """

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        if record is None:
            record = getattr(self, "instance", None)
        self.fields[LAST_SEEN] = forms.CharField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:  # a bound form sends back the version it was opened on
            self.initial[LAST_SEEN] = version_of(record)
        self.last_seen = None
        helper = getattr(self, "helper", None)
        if helper is not None:
            # A crispy layout renders only the fields it names; the hidden one must come too.
            helper.render_hidden_fields = True

    def clean(self):
        cleaned = super().clean()
        self.last_seen = cleaned.pop(LAST_SEEN, "") or None
        return cleaned

    def show_conflict(self, conflict: EditConflict, *, reader) -> None:
        """Puts ``conflict`` on this bound form: an error for the page's error summary, and the
        stored version in ``last_seen``, so that the next save is checked against the values
        the page now shows. The user's input is kept as it was sent."""
        self.add_error(None, conflict.message_for(reader))
        data = self.data.copy()
        data[self.add_prefix(LAST_SEEN)] = version_of(conflict.current)
        self.data = data


@dataclass(frozen=True)
class CurrentValues:
    """What a page shows after a conflict: the record's values as stored now, as
    (label, text) rows in the form's order, and who saved them when."""

    rows: list
    changed_by: object = None
    changed_at: datetime | None = None


def current_values(conflict: EditConflict, current_form) -> CurrentValues:
    """The stored values of the record in ``conflict``, read from ``current_form``: an unbound
    form opened on the record as it is now (the form the page would show on a fresh visit)."""
    rows = [
        (str(bound.label), field_text(bound.field, bound.initial))
        for bound in current_form.visible_fields()
    ]
    return CurrentValues(rows=rows, changed_by=conflict.changed_by, changed_at=conflict.changed_at)


def field_text(field: forms.Field, value) -> str:
    """A form value as the reader knows it: choice labels (joined when several), names of
    related records, dates as "3 March 2026", ``NOT_RECORDED`` when blank."""
    if isinstance(value, models.Manager):
        value = list(value.all())
    values = value if isinstance(value, list | tuple | set) else [value]
    values = [item for item in values if item not in (None, "")]
    labels = _choice_labels(field)
    if not values:
        return labels.get("", NOT_RECORDED) or NOT_RECORDED
    return ", ".join(_item_text(field, item, labels) for item in values)


def _choice_labels(field) -> dict:
    """The field's choices as {value as text: label}, option groups flattened."""
    labels = {}
    for key, label in getattr(field, "choices", ()):
        if isinstance(label, list | tuple):
            labels.update({str(inner): str(text) for inner, text in label})
        else:
            labels[str(key)] = str(label)
    return labels


def _item_text(field, item, labels: dict) -> str:
    prepared = str(field.prepare_value(item))
    if prepared in labels:
        return labels[prepared]
    if isinstance(item, models.Model):
        return str(item)
    queryset = getattr(field, "queryset", None)
    if queryset is not None:  # a related record the form no longer offers (made inactive)
        related = queryset.model._default_manager.filter(pk=item).first()
        return str(related) if related else prepared
    if isinstance(item, date):
        return date_format(item, "j F Y")
    if isinstance(item, bool):
        return "Yes" if item else "No"
    return str(item)
