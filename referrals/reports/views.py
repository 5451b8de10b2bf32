"""Report pages for coordinators: figures with charts, the rows behind each figure,
exports, a printable page, the council report and the building blocks. No rule lives
here. The coordinator's own pages show exact numbers; the printable and council pages
and every file show shared reports (`disclosure`: small counts of people hidden)."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buddies.errors import RuleError
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role
from referrals.reports import blocks, council, disclosure, exports, registry
from referrals.reports.base import Report
from referrals.reports.models import BuildingBlock
from referrals.reports.scope import scope_from
from scheduling.outcomes.charts import bar_chart

SCOPE_KEYS = ("from", "to", "location", "page")


def _charts(report: Report) -> list:
    charts = []
    for group, figures in report.groups():
        if group not in [str(g) for g in report.charts]:
            continue
        if any(isinstance(f.value, str) for f in figures):  # a hidden small number
            continue
        description = "; ".join(f"{f.label}: {f.value} {f.unit}" for f in figures)
        charts.append(
            bar_chart(
                title=f"{report.title}: {group}",
                description=description,
                bars=[(str(f.label), f.value) for f in figures],
            )
        )
    return charts


def _scoped(request):
    scope, form = scope_from(request.GET or None)
    if request.GET and scope is None:
        return None, form
    if scope is None:
        from referrals.reports.scope import Scope

        scope = Scope.default()
    return scope, form


def _bad_scope(request, form):
    return render(
        request, "referrals/reports/index.html", {"form": form, "reports": []}, status=400
    )


@role_required(Role.COORDINATOR)
def index(request):
    scope, form = _scoped(request)
    if scope is None:
        return _bad_scope(request, form)
    reports = [(name, entry) for name, entry in registry.REPORTS.items()]
    context = {"form": form, "scope": scope, "query": urlencode(scope.query), "names": reports}
    context["reports"] = [(r, _charts(r)) for r in registry.build_all(scope)]
    return render(request, "referrals/reports/index.html", context)


@role_required(Role.COORDINATOR)
def detail(request, name: str):
    entry = registry.entry(name)
    scope, form = _scoped(request)
    if scope is None:
        return _bad_scope(request, form)
    report = entry.build(scope)
    context = {"form": form, "scope": scope, "query": urlencode(scope.query), "report": report,
               "charts": _charts(report)}  # fmt: skip
    return render(request, "referrals/reports/detail.html", context)


@role_required(Role.COORDINATOR)
@reads.logs_reads
def rows(request, name: str):
    entry = registry.entry(name)
    scope, form = _scoped(request)
    if scope is None:
        return _bad_scope(request, form)
    params = {k: v for k, v in request.GET.items() if k not in SCOPE_KEYS}
    found = entry.rows(scope, params)
    page = Paginator(found.queryset, 100).get_page(request.GET.get("page"))
    reads.note(request, page.object_list)
    context = {
        "name": name,
        "title": found.title,
        "columns": found.columns,
        "rows": [found.to_row(item) for item in page],
        "page": page,
        "scope": scope,
        "query": urlencode({**scope.query, **params}),
        "report_query": urlencode(scope.query),
    }
    return render(request, "referrals/reports/rows.html", context)


@role_required(Role.COORDINATOR)
def export(request, name: str, fmt: str):
    entry = registry.entry(name)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    scope, _form = _scoped(request)
    if scope is None:
        return HttpResponseBadRequest(_("Check the period and place."))
    report = entry.build(scope)
    return exports.as_xlsx(report, scope) if fmt == "xlsx" else exports.as_csv(report, scope)


@role_required(Role.COORDINATOR)
def printable(request):
    scope, form = _scoped(request)
    if scope is None:
        return _bad_scope(request, form)
    shared = [disclosure.shared(r) for r in registry.build_all(scope)]
    context = {"scope": scope, "reports": [(r, _charts(r)) for r in shared],
               "query": urlencode(scope.query)}  # fmt: skip
    return render(request, "referrals/reports/print.html", context)


@role_required(Role.COORDINATOR)
def council_page(request):
    scope, form = _scoped(request)
    if scope is None:
        return _bad_scope(request, form)
    found = council.council_report(scope)
    context = {
        "form": form,
        "scope": scope,
        "query": urlencode(scope.query),
        "reports": [(r, _charts(r)) for r in found.reports],
        "blocks": found.blocks,
    }
    return render(request, "referrals/reports/council.html", context)


@role_required(Role.COORDINATOR)
def council_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    scope, _form = _scoped(request)
    if scope is None:
        return HttpResponseBadRequest(_("Check the period and place."))
    found = council.council_report(scope)
    rows = exports.council_table(found.reports, found.blocks)
    write = exports.rows_as_xlsx if fmt == "xlsx" else exports.rows_as_csv
    return write(rows, "council", scope)


class ScoreForm(forms.Form):
    block = forms.ChoiceField(choices=BuildingBlock.choices, widget=forms.HiddenInput)
    score = forms.TypedChoiceField(
        label=gettext_lazy("Score"),
        choices=[(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@role_required(Role.COORDINATOR)
def building_blocks(request):
    scope, form = _scoped(request)
    if scope is None:
        return _bad_scope(request, form)
    score_form = ScoreForm(request.POST or None)
    if request.method == "POST":
        if score_form.is_valid():
            try:
                blocks.save_score(scope=scope, by=request.user, **score_form.cleaned_data)
            except RuleError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("The score is saved."))
                return redirect(f"{request.path}?{urlencode(scope.query)}")
        else:
            messages.error(request, _("Choose a score from 1 to 5."))
    reports = {name: registry.build(name, scope) for name in blocks.REPORTS_NEEDED}
    context = {
        "form": form,
        "scope": scope,
        "query": urlencode(scope.query),
        "blocks": blocks.block_views(scope, reports),
        "scores": range(1, 6),
    }
    return render(request, "referrals/reports/blocks.html", context)
