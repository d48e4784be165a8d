"""The dashboard, each figure's CSV and the annual report (PDF or XLSX).

Open to the steering group, review managers and administrators (others: 403). Every figure is
an aggregate of the user's partnerships (``scope.partnerships_for``); a partnership outside
them is not a choice of the filter, so its figures cannot be asked for.
"""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from dhr.dashboard import services, snapshots
from dhr.dashboard.forms import AnnualReportForm, DashboardFilterForm
from dhr.dashboard.scope import may_open
from dhr.files import spreadsheets
from dhr.files.downloads import attachment, log_download


def _check(request):
    if not may_open(request.user):
        raise PermissionDenied(
            "The dashboard is for the steering group, review managers and administrators."
        )


def dashboard(request):
    _check(request)
    form = DashboardFilterForm(request.GET or None, user=request.user)
    scope = form.scope()
    snapshot = snapshots.for_scope(scope)
    return render(
        request,
        "dhr/dashboard/dashboard.html",
        {
            "form": form,
            "sections": snapshot.sections,  # for tests: only when worked out on this request
            "sections_html": mark_safe(snapshot.html),  # noqa: S308 - our template's output
            "made_at": snapshot.made_at,
            "fresh_minutes": settings.DHR_DASHBOARD_FRESH_MINUTES,
            "scope_text": scope.describe(form.chosen_partnerships()),
            "drill_down": scope.drill_down,
        },
    )


def figure_csv(request, key: str):
    """One figure's table as CSV, with the same filter and the same suppression as the page,
    and the same snapshot: the numbers are those the page showed."""
    _check(request)
    form = DashboardFilterForm(request.GET or None, user=request.user)
    figure = snapshots.figure_for(form.scope(), key)
    if figure is None:
        raise Http404("No such figure.")
    log_download(
        request,
        description=f"Dashboard table: {figure.title}. {form_text(form)}",
        object_type="dashboard figure",
        object_id=key,
    )
    content = spreadsheets.csv_bytes(figure.headings(), figure.export_rows())
    return attachment(content, "text/csv; charset=utf-8", f"{key}.csv")


def form_text(form) -> str:
    return form.scope().describe(form.chosen_partnerships())


def annual_report(request):
    """The form (year, partnership, format), then the report as a file."""
    _check(request)
    form = AnnualReportForm(request.GET or None, user=request.user)
    if not form.is_bound or not form.is_valid():
        return render(request, "dhr/dashboard/annual_report_form.html", {"form": form})
    scope = form.scope()
    partnership = form.chosen_partnership()
    built = services.build_all(scope)
    title = f"Domestic homicide reviews: {partnership.name}, {scope.year}"
    name = f"annual-report-{slugify(partnership.name)}-{scope.year}"
    log_download(
        request,
        description=f"Annual report: {partnership.name}, {scope.year}",
        object_type="annual report",
        object_id=f"{partnership.pk}-{scope.year}",
    )
    if form.cleaned_data["format"] == "xlsx":
        content = spreadsheets.xlsx_bytes(_sheets(built, title, scope.describe([partnership])))
        return attachment(
            content,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{name}.xlsx",
        )
    import weasyprint

    html = render_to_string(
        "dhr/dashboard/annual_report.html",
        {
            "title": title,
            "scope_text": scope.describe([partnership]),
            "sections": services.with_charts(built),
            "made_at": timezone.localtime(),
        },
    )
    return attachment(weasyprint.HTML(string=html).write_pdf(), "application/pdf", f"{name}.pdf")


def _sheets(built, title: str, scope_text: str) -> list:
    sheets = []
    used = set()
    for section in built:
        for figure in section.figures:
            name = re.sub(r"[\\/*?:\[\]]", "", figure.title)[:28]
            while name in used:
                name = name[:26] + f"{len(used)}"
            used.add(name)
            preamble = [figure.title, figure.summary, f"{title}. {scope_text}", *figure.notes]
            sheets.append(
                spreadsheets.Sheet(
                    title=name,
                    preamble=preamble,
                    headings=figure.headings(),
                    rows=figure.export_rows(),
                    widths=[34] + [16] * len(figure.columns),
                )
            )
    return sheets
