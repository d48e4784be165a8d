"""The only code that changes partnerships and agencies from the service's pages: each change is
one transaction with one history row (the acting user comes from simple-history's request
middleware), checked against the version the administrator's form was opened on."""

from django.db import transaction

from dhr.locking import check_unchanged
from dhr.organisations.models import Agency, Partnership

EDITABLE = {
    Partnership: ("name", "code", "region"),
    Agency: ("name", "kind"),
}


@transaction.atomic
def create(model, **values):
    """A new, active partnership or agency."""
    record = model(**{name: values[name] for name in EDITABLE[model]})
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def update(record, *, last_seen: str | None = None, **values):
    """Changes the record's details; raises ``dhr.locking.EditConflict`` if another
    administrator saved it since ``last_seen`` (None: not checked)."""
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    check_unchanged(locked, last_seen)
    changed = False
    for name in EDITABLE[type(record)]:
        if name in values and getattr(locked, name) != values[name]:
            setattr(locked, name, values[name])
            changed = True
    if changed:
        locked.full_clean()
        locked.save()
    return locked


@transaction.atomic
def set_active(record, *, active: bool, reason: str = ""):
    """Deactivates (no longer offered in any choice list; existing reviews, panels and users
    keep it) or reactivates a partnership or agency."""
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if locked.is_active == active:
        return locked
    locked.is_active = active
    locked._change_reason = reason or ("Reactivated" if active else "Deactivated")
    locked.save()
    return locked
