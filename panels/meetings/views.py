"""Panel meeting pages: the list, one meeting (agenda, attendance, minutes, actions), and the
chair's and manager's forms. Readers: the manager, the chair and the panel's agencies; others
who may open the review get a 403, and a review outside the user's scope is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from cases.lifecycle.workflow import TransitionRefused
from cases.reviews.page import review_context, review_for
from dhr.files import downloads
from dhr.models import Agency
from panels.meetings import services as meetings
from panels.meetings.forms import ActionForm, AttendanceForm, DoneForm, MeetingForm
from panels.models import MeetingAction, PanelMeeting


def _readable_review(request, reference):
    review = review_for(request, reference)
    if not meetings.can_read(request.user, review):
        raise PermissionDenied(
            "Panel meetings are for the chair, the review manager and the panel."
        )
    return review


def _managed_review(request, reference):
    review = _readable_review(request, reference)
    if not meetings.can_manage(request.user, review):
        raise PermissionDenied("Only the chair or the review manager can change panel meetings.")
    return review


def _panel_agencies(review):
    return Agency.objects.filter(panel_seats__review=review).order_by("name")


def _render(request, review, template_name, **extra):
    context = review_context(request, review)
    context.update(extra)
    return render(request, template_name, context)


def meeting_list(request, reference):
    review = _readable_review(request, reference)
    rows = review.panel_meetings.annotate(
        present=Count("attendance", filter=Q(attendance__status="present"), distinct=True),
        open_actions=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
    )
    return _render(
        request,
        review,
        "panels/meetings/list.html",
        meetings=rows,
        can_manage=meetings.can_manage(request.user, review) and not review.is_closed,
    )


def meeting_detail(request, reference, pk):
    review = _readable_review(request, reference)
    meeting = get_object_or_404(review.panel_meetings, pk=pk)
    attendance = {row.agency_id: row for row in meeting.attendance.all()}
    return _render(
        request,
        review,
        "panels/meetings/detail.html",
        meeting=meeting,
        attendance=[(agency, attendance.get(agency.pk)) for agency in _panel_agencies(review)],
        actions=meeting.actions.select_related("owner_agency"),
        can_manage=meetings.can_manage(request.user, review) and not review.is_closed,
        today=timezone.localdate(),
    )


class MeetingFormView(View):
    """Schedules a meeting (no ``pk``) or changes one: date, agenda, minutes."""

    def dispatch(self, request, reference, pk=None):
        self.review = _managed_review(request, reference)
        self.meeting = get_object_or_404(self.review.panel_meetings, pk=pk) if pk else None
        return super().dispatch(request)

    def get(self, request):
        initial = {}
        if self.meeting:
            initial = {
                name: getattr(self.meeting, name)
                for name in ("held_on", "starts_at", "location", "agenda", "minutes")
            }
        return self._render(MeetingForm(initial=initial))

    def post(self, request):
        form = MeetingForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                meeting = meetings.save_meeting(
                    self.review, by=request.user, meeting=self.meeting, **form.cleaned_data
                )
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"The {meeting} has been saved.")
                return redirect("panels:meeting", self.review.reference, meeting.pk)
        return self._render(form)

    def _render(self, form):
        return _render(
            self.request, self.review, "panels/meetings/form.html", form=form, meeting=self.meeting
        )


class AttendanceView(View):
    def dispatch(self, request, reference, pk):
        self.review = _managed_review(request, reference)
        self.meeting = get_object_or_404(self.review.panel_meetings, pk=pk)
        self.agencies = list(_panel_agencies(self.review))
        return super().dispatch(request)

    def _form(self, data=None):
        current = {row.agency_id: row.status for row in self.meeting.attendance.all()}
        return AttendanceForm(data, agencies=self.agencies, current=current)

    def get(self, request):
        return self._render(self._form())

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                meetings.record_attendance(self.meeting, by=request.user, statuses=form.statuses())
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "Attendance has been recorded.")
                return redirect("panels:meeting", self.review.reference, self.meeting.pk)
        return self._render(form)

    def _render(self, form):
        return _render(
            self.request,
            self.review,
            "panels/meetings/attendance.html",
            form=form,
            meeting=self.meeting,
        )


class ActionCreateView(View):
    def dispatch(self, request, reference, pk):
        self.review = _managed_review(request, reference)
        self.meeting = get_object_or_404(self.review.panel_meetings, pk=pk)
        return super().dispatch(request)

    def _form(self, data=None):
        return ActionForm(data, agencies=Agency.objects.filter(is_active=True).order_by("name"))

    def get(self, request):
        return self._render(self._form())

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                meetings.add_action(self.meeting, by=request.user, **form.cleaned_data)
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The action has been added.")
                return redirect("panels:meeting", self.review.reference, self.meeting.pk)
        return self._render(form)

    def _render(self, form):
        return _render(
            self.request,
            self.review,
            "panels/meetings/action_form.html",
            form=form,
            meeting=self.meeting,
        )


class ActionDoneView(View):
    def dispatch(self, request, reference, pk, action_pk):
        self.review = _managed_review(request, reference)
        self.meeting = get_object_or_404(self.review.panel_meetings, pk=pk)
        self.action = get_object_or_404(
            MeetingAction.objects.select_related("owner_agency"), pk=action_pk, meeting=self.meeting
        )
        return super().dispatch(request)

    def get(self, request):
        return self._render(DoneForm(initial={"done_on": timezone.localdate()}))

    def post(self, request):
        form = DoneForm(request.POST)
        if form.is_valid():
            try:
                meetings.complete_action(
                    self.action, by=request.user, done_on=form.cleaned_data["done_on"]
                )
            except TransitionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, "The action is recorded as done.")
                return redirect("panels:meeting", self.review.reference, self.meeting.pk)
        return self._render(form)

    def _render(self, form):
        return _render(
            self.request,
            self.review,
            "panels/meetings/action_done.html",
            form=form,
            meeting=self.meeting,
            action=self.action,
        )


class MeetingDeleteView(View):
    """Asks for confirmation, then deletes a meeting recorded by mistake."""

    def dispatch(self, request, reference, pk):
        self.review = _managed_review(request, reference)
        self.meeting = get_object_or_404(self.review.panel_meetings, pk=pk)
        return super().dispatch(request)

    def get(self, request):
        return _render(request, self.review, "panels/meetings/delete.html", meeting=self.meeting)

    def post(self, request):
        try:
            meetings.delete_meeting(self.meeting, by=request.user)
        except TransitionRefused as refused:
            messages.error(request, str(refused))
            return redirect("panels:meeting", self.review.reference, self.meeting.pk)
        messages.success(request, f"The {self.meeting} has been deleted.")
        return redirect("panels:meetings", self.review.reference)


def minutes_download(request, reference, pk):
    review = _readable_review(request, reference)
    meeting = get_object_or_404(PanelMeeting.objects.filter(review=review), pk=pk)
    if not meeting.minutes_file:
        raise Http404("This meeting has no minutes file.")
    return downloads.stored_file_response(
        request,
        meeting.minutes_file,
        filename=meeting.minutes_original_name or "minutes",
        content_type=meeting.minutes_content_type,
        description=f"Minutes of the {meeting} of {review.reference}",
        object_type="panel_meeting",
        object_id=meeting.pk,
        review_reference=review.reference,
    )
