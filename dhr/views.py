"""Pages of the core app that are not about users: home, statements, health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from dhr.accounts.roles import Role


def home(request):
    """The signed-in user's starting page: who they are here and where to go next."""
    user = request.user
    context = {
        "partnerships": list(user.partnerships.all()),
        "is_administrator": user.role == Role.ADMINISTRATOR,
    }
    return render(request, "dhr/home.html", context)


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
