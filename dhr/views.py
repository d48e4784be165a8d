"""Pages of the core app that are not about users: home, statements, health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache

from dhr import home as home_page
from dhr.models import User

# Candidate names of the steering group's dashboard (built on another branch): the first that
# resolves is linked; none resolving means the home page says it is not there yet.
DASHBOARD_URL_NAMES = ("dhr:dashboard", "dashboards:index", "dashboards:dashboard", "dashboard")


def home(request):
    """The signed-in user's starting page: their role's work first (the sections and links
    that the apps register in ``dhr.home``), then who they are here."""
    user = request.user
    context = {
        "partnerships": list(user.partnerships.all()),
        "sections": home_page.sections_for(request),
        "link_groups": home_page.links_for(user),
    }
    return render(request, "dhr/home.html", context)


def users_summary(request) -> dict:
    """The administrator's users at a glance: one query."""
    return User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        inactive=Count("pk", filter=Q(is_active=False)),
        never_signed_in=Count("pk", filter=Q(is_active=True, last_login__isnull=True)),
        without_role=Count("pk", filter=Q(is_active=True, role="")),
    )


def steering_home(request) -> dict:
    return {"dashboard_url": home_page.first_url(*DASHBOARD_URL_NAMES)}


@login_not_required
def accessibility_statement(request):
    return render(request, "dhr/accessibility.html")


@login_not_required
def privacy_notice(request):
    return render(request, "dhr/privacy.html")


@login_not_required
@never_cache
def healthz(request):
    """For load balancers and docker-compose: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@cache_control(max_age=24 * 60 * 60, public=True)
def favicon(request):
    """/favicon.ico, which browsers (and feed readers, PDF viewers) ask for whatever the page
    links: the icon in static, under its versioned name. Not permanent: a later icon's name
    changes."""
    return redirect(static("favicon.ico"))


@never_cache
def ping(request):
    """A signed-in page that does almost nothing: the floor of the load benchmark
    (``tests/perf/benchmark.py``), whose p95 every other page is measured against. It passes
    through every middleware (session, sign-in, two-factor, history) but runs no query of its
    own."""
    return HttpResponse("ok", content_type="text/plain")
