"""The public register: the only pages besides signing in that need no sign-in.

They show what the publication records hold and nothing else (no review reference, no real
data, nothing unpublished), are cacheable by anyone for a few minutes, and a withdrawn
document answers 410 Gone.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from publications.register import services
from publications.register.models import PublishedDocument

CACHE_SECONDS = 300


def _public(request, response):
    """Shared caches may keep the page a few minutes. A request that carries a session (a
    signed-in user) may get a refreshed session cookie back: that answer is kept private."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
    else:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@login_not_required
@require_safe
def register_page(request):
    entries = services.public_entries()
    # Rendered without the request: nothing on the page depends on who asks.
    html = render_to_string(
        "publications/register/register.html",
        {
            "years": services.by_year(entries),
            "count": len(entries),
            "organisation_name": getattr(settings, "ORGANISATION_NAME", "")
            or "Community Safety Partnership",
        },
    )
    return _public(request, HttpResponse(html))


class RegisterFeed(Feed):
    feed_type = Atom1Feed
    title = "Published domestic homicide reviews"
    subtitle = "Reviews, summaries and learning published by the partnership."

    def link(self):
        return reverse("publications:register")

    def items(self):
        return services.public_entries()[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        if item.url:
            return item.url
        return f"{reverse('publications:register')}#{item.key}"

    def item_guid(self, item):
        return item.key or self.item_link(item)

    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(item.published_on, time(9)))

    item_updateddate = item_pubdate

    def __call__(self, request, *args, **kwargs):
        return _public(request, super().__call__(request, *args, **kwargs))


register_feed = login_not_required(require_safe(RegisterFeed()))


@login_not_required
@require_safe
def public_document(request, pk, filename):
    """A published document; 410 once withdrawn, 404 for anything never published."""
    document = get_object_or_404(
        PublishedDocument.objects.select_related("version", "record__review"),
        pk=pk,
        record__published_on__isnull=False,
        record__review__stage__in=services.PUBLISHED_STAGES,
    )
    if document.is_withdrawn:
        response = HttpResponse(
            "This document has been withdrawn.", status=410, content_type="text/plain"
        )
        return _public(request, response)
    try:
        handle = document.version.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing.") from missing
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=filename,
        content_type=document.version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _public(request, response)
