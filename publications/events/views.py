"""Learning events (review managers of the event's partnership) and the reach figures
(review managers, the steering group, administrators).

An event outside the manager's partnerships does not exist for them (404); a role that never
records events gets a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render

from cases.lifecycle.workflow import TransitionRefused
from dhr.audit import entries_from_records, history_entries, merged
from publications.events import services
from publications.events.forms import AttendanceForm, EventForm, ReachFilterForm
from publications.events.models import EventAttendance

PAGE_SIZE = 20


def _recorder(request):
    if not services.may_record(request.user):
        raise PermissionDenied("Learning events are recorded by review managers.")


def _event(request, pk):
    _recorder(request)
    return get_object_or_404(services.events_for(request.user).select_related("partnership"), pk=pk)


def _partnerships(user):
    return user.partnerships.filter(is_active=True).order_by("name")


def event_list(request):
    _recorder(request)
    attended = (
        EventAttendance.objects.filter(event=OuterRef("pk"))
        .values("event")
        .annotate(total=Sum("attended"))
        .values("total")
    )
    events = (
        services.events_for(request.user)
        .select_related("partnership")
        .annotate(
            review_count=Count("reviews", distinct=True),
            attended_total=Coalesce(Subquery(attended, output_field=IntegerField()), 0),
        )
        .order_by("-held_on", "title", "pk")
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publications/events/list.html", {"page": page})


def _save(request, event, form):
    data = form.cleaned_data
    return services.save_event(
        event,
        by=request.user,
        partnership=data["partnership"],
        title=data["title"],
        held_on=data["held_on"],
        format=data["format"],
        audience=data["audience"],
        description=data["description"],
        reviews=data["reviews"],
        themes=data["themes"],
    )


def event_form(request, pk=None):
    """A new event (no ``pk``) or a change to one."""
    event = _event(request, pk) if pk else None
    _recorder(request)
    initial = {}
    if event is not None:
        initial = {
            "partnership": event.partnership_id,
            "title": event.title,
            "held_on": event.held_on,
            "format": event.format,
            "audience": event.audience,
            "description": event.description,
            "reviews": list(event.reviews.values_list("pk", flat=True)),
            "themes": list(event.themes.values_list("pk", flat=True)),
        }
    form = EventForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        partnerships=_partnerships(request.user),
    )
    if form.is_valid():
        try:
            saved = _save(request, event, form)
        except TransitionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"“{saved.title}” has been saved.")
            return redirect("publications:event", pk=saved.pk)
    return render(request, "publications/events/form.html", {"form": form, "event": event})


def event_detail(request, pk):
    event = _event(request, pk)
    attendance = list(event.attendance.select_related("agency"))
    return render(
        request,
        "publications/events/detail.html",
        {
            "event": event,
            "reviews": event.reviews.order_by("reference"),
            "themes": event.themes.order_by("name"),
            "attendance": attendance,
            "registered": sum(row.registered for row in attendance),
            "attended": sum(row.attended for row in attendance),
            "form": AttendanceForm(),
        },
    )


def event_attendance(request, pk):
    """GET: the form (``?agency=`` to change an agency's figures); POST: saves them."""
    event = _event(request, pk)
    initial = {}
    agency_id = request.GET.get("agency", "")
    if agency_id.isdigit():
        row = event.attendance.filter(agency_id=int(agency_id)).first()
        if row is not None:
            initial = {
                "agency": row.agency_id,
                "registered": row.registered,
                "attended": row.attended,
            }
    form = AttendanceForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_attendance(
                event,
                by=request.user,
                agency=data["agency"],
                registered=data["registered"],
                attended=data["attended"],
            )
        except TransitionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{data['agency']}: the figures have been saved.")
            return redirect("publications:event", pk=event.pk)
    return render(request, "publications/events/attendance.html", {"event": event, "form": form})


def event_delete(request, pk):
    """GET: the confirmation; POST: deletes the event and its attendance (history kept)."""
    event = _event(request, pk)
    if request.method == "POST":
        try:
            services.delete_event(event, by=request.user)
        except TransitionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("publications:event", pk=event.pk)
        messages.success(request, f"“{event.title}” has been deleted.")
        return redirect("publications:events")
    return render(request, "publications/events/delete.html", {"event": event})


def event_history(request, pk):
    """The event's changes and its attendance figures' changes, with who made them."""
    event = _event(request, pk)
    attendance = EventAttendance.history.filter(event_id=event.pk).select_related(
        "history_user", "agency"
    )
    entries = merged(
        history_entries(event),
        entries_from_records(
            EventAttendance, attendance, describe=lambda record: f"Attendance of {record.agency}"
        ),
    )
    return render(request, "publications/events/history.html", {"event": event, "entries": entries})


def reach(request):
    """Practitioners reached per review, per theme and per agency, for the steering group."""
    if not services.may_read_reach(request.user):
        raise PermissionDenied("The reach figures are for the steering group and managers.")
    form = ReachFilterForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    events = services.reach_events(request.user, year=year)
    reviews = services.reach_reviews(request.user)
    return render(
        request,
        "publications/events/reach.html",
        {
            "form": form,
            "year": year,
            "by_review": services.reach_by_review(reviews, events),
            "by_theme": services.reach_by_theme(events),
            "by_agency": services.reach_by_agency(events),
            "event_count": events.count(),
            "may_record": services.may_record(request.user),
        },
    )
