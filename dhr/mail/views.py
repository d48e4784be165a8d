"""Administrators' page of e-mails not sent a day after they were written, and resending one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from dhr.mail import services
from dhr.permissions import AdministratorRequiredMixin

PAGE_SIZE = 25


class FailedEmailListView(AdministratorRequiredMixin, View):
    def get(self, request):
        emails = services.failed_for_a_day().only(
            "pk",
            "created_at",
            "status",
            "to",
            "cc",
            "bcc",
            "subject",
            "attempts",
            "last_attempt_at",
            "last_error",
        )
        page = Paginator(emails, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "dhr/mail/failed.html", {"page": page})


class ResendEmailView(AdministratorRequiredMixin, View):
    """Asks for confirmation, then puts the message back in the queue."""

    def get(self, request, pk):
        email = get_object_or_404(services.failed_for_a_day(), pk=pk)
        return render(request, "dhr/mail/confirm_resend.html", {"email": email})

    def post(self, request, pk):
        email = get_object_or_404(services.failed_for_a_day(), pk=pk)
        try:
            services.resend(email, by=request.user)
        except services.ResendRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "The e-mail is queued to be sent again.")
        return redirect("mail:failed")
