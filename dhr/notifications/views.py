"""The user's notifications page: reminders and digests, newest first; opening one marks it
read and goes to the page it is about."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dhr.notifications import services as notifications

PAGE_SIZE = 25


def notification_list(request):
    page = Paginator(notifications.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "dhr/notifications/list.html", {"page": page})


def notification_open(request, pk):
    """Marks one of the user's own notifications read and follows its link (404 for others').

    A plain link (GET): marking read is harmless and idempotent, and a link is what people
    expect to follow."""
    notification = get_object_or_404(notifications.notifications_for(request.user), pk=pk)
    notifications.mark_read(notification)
    target = notification.url
    if not (target and url_has_allowed_host_and_scheme(target, allowed_hosts=None)):
        return redirect("notifications:list")
    return redirect(target)


@require_POST
def notification_read_all(request):
    count = notifications.mark_all_read(request.user)
    if count:
        messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications:list")
