"""The evaluation pages: the scorecards of the bodies in the reader's territory, structuring coverage with its
chart, and a province's report as a PDF. Thin: every figure comes from scoring/coverage, read through the scope."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language_bidi

from tanzim.organization.models import BodyLevel

from . import selectors
from .charts import coverage_chart, score_histogram
from .coverage import coverage, coverage_by_child
from .criteria import registered
from .documents import report_pdf
from .maps import coverage_map
from .reporting import province_report, representation
from .scoring import scorecards, weights_in_force

SORTS = {
    "score": lambda c: (c.score is None, c.score or 0, c.body.path),
    "-score": lambda c: (c.score is None, -(c.score or 0), c.body.path),
    "name": lambda c: (c.body.path, c.body.pk),
}


def _level(request) -> str:
    level = request.GET.get("level", "")
    if level in selectors.SCORED_LEVELS:
        return level
    return BodyLevel.PROVINCIAL if request.scope.national else BodyLevel.LOCAL


def _place(request):
    return selectors.coverage_place(scope=request.scope, code=request.GET.get("place", "").strip() or None)


def index(request):
    """The scorecards of the bodies of one level in the reader's territory (or one province / region of it)."""
    level, place = _level(request), _place(request)
    sort = request.GET.get("sort", "score")
    sort = sort if sort in SORTS else "score"
    bodies = list(selectors.scored_bodies(scope=request.scope, level=level, within=place))
    cards = sorted(scorecards(scope=request.scope, bodies=bodies), key=SORTS[sort])
    scores = [c.score for c in cards if c.score is not None]
    w = selectors.weighting()
    weights = weights_in_force(w)
    return render(
        request,
        "evaluation/index.html",
        {
            "cards": cards,
            "criteria": registered(),
            "level": level,
            "levels": [(v, label) for v, label in BodyLevel.choices if v in selectors.SCORED_LEVELS],
            "place": place,
            "places": selectors.provinces_of(scope=request.scope, place=None),
            "sort": sort,
            "histogram": score_histogram(scores) if scores else None,
            "representation": representation(cards, w),
            "weighting": w,
            "weights": [(c, weights[c.key]) for c in registered()],
        },
    )


def coverage_page(request):
    """Structuring coverage of the reader's territory, a region or a province, against its target, over time."""
    place = _place(request)
    cov = coverage(scope=request.scope, place=place)
    children = coverage_by_child(scope=request.scope, place=place) if place is None or place.level == "region" else []
    communes = []
    if place is not None and place.level == "province":
        communes = selectors.communes_of(scope=request.scope, place=place)
    return render(
        request,
        "evaluation/coverage.html",
        {
            "cov": cov,
            "place": place,
            "chart": coverage_chart(cov),
            "children": children,
            "communes": [(c, cov.status_of.get(c.path, "none")) for c in communes],
        },
    )


def map_page(request):
    """The map of structuring coverage: the country or a region by province, a province by commune, with the
    numbers beside it. A reader whose territory is one province opens on its communes (`?country=1`: the
    country, their province coloured among the grey of the others)."""
    place = _place(request)
    if place is None and not request.scope.national and "country" not in request.GET:
        mine = list(selectors.provinces_of(scope=request.scope, place=None)[:2])
        place = mine[0] if len(mine) == 1 else None
    drawn = coverage_map(scope=request.scope, place=place)
    up = place.parent if place is not None and place.parent and request.scope.covers(place.parent.path) else None
    return render(request, "evaluation/map.html", {"place": place, "up": up, "map": drawn})


def report(request, code: str):
    """A province's report as a PDF: scorecards, coverage and its chart, representation."""
    place = selectors.coverage_place(scope=request.scope, code=code)
    if place is None or place.level != "province":
        raise Http404
    data = province_report(scope=request.scope, place=place)
    pdf = report_pdf(data, rtl=get_language_bidi())
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"report-{place.code}-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
