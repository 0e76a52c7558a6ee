"""The map of structuring coverage, drawn on the server as SVG from the boundaries of `boundaries.py`.

The country (or a region): one shape per province or prefecture, coloured by the share of its communes with a
constituted local body; a province: one shape per commune, coloured by its status. The numbers come from
`coverage`, read through the reader's scope: a province (or commune) outside it is drawn grey, with no number and no
name. Each shape carries its numbers in a `<title>` (hover); the page lists the same numbers beside the map (tap,
phones, screen readers). A map is geography: it is never mirrored on a right-to-left page, only its words are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from . import selectors
from .boundaries import Shape, commune_shapes, province_shapes
from .coverage import CONSTITUTED, DORMANT, NONE, coverage, coverage_by_child
from .measures import percent

# Share of communes with a constituted local body: five classes, light to dark.
# The first is no green at all: a province with (almost) nothing structured must stand out from a covered one and
# from the grey of the provinces outside the reader's territory.
CLASSES = [(0, 20, "#f3c99b"), (20, 40, "#d4e9b8"), (40, 60, "#93c98e"), (60, 80, "#4a9e68"), (80, 101, "#1f6b43")]
STATUS_COLOURS = {CONSTITUTED: "#1f7a4d", DORMANT: "#e0a526", NONE: "#c9ced6"}
OUTSIDE = "#e4e7eb"


def share_class(share_percent: int) -> int:
    for i, (low, high, _colour) in enumerate(CLASSES):
        if low <= share_percent < high:
            return i
    return len(CLASSES) - 1


@dataclass
class MapRow:
    place: Territory
    communes: int
    constituted: int
    dormant: int
    none: int
    share: int  # percent of communes with a constituted local body
    status: str = ""  # a commune's status, on a province's map
    drawn: bool = True


@dataclass
class CoverageMap:
    level: str  # "province": shapes are provinces; "commune": shapes are communes
    place: Territory | None
    svg: SafeString
    rows: list[MapRow]
    legend: list[tuple[str, str]]  # (the swatch's class, words)
    undrawn: list[Territory] = field(default_factory=list)  # units inside the scope that have no polygon
    shapes: int = 0


def _title(row: MapRow) -> str:
    name = row.place.titled_name
    if row.status:
        words = {
            CONSTITUTED: _("constituted local body"),
            DORMANT: _("dormant local body"),
            NONE: _("no local body"),
        }[row.status]
        return f"{name} — {words}"
    counts = ngettext(
        "%(constituted)s of %(communes)s commune with a constituted local body",
        "%(constituted)s of %(communes)s communes with a constituted local body",
        row.communes,
    ) % {"constituted": row.constituted, "communes": row.communes}
    rest = _("%(dormant)s dormant, %(none)s without") % {"dormant": row.dormant, "none": row.none}
    both = pgettext("map", "%(first)s, %(second)s") % {"first": counts, "second": rest}
    return f"{name} — {percent(row.share / 100)} — {both}"


def _svg(shapes: list[tuple[Shape, str, str, str, str]], *, label: str, css: str) -> SafeString:
    """(shape, fill, title, link, class) -> one SVG whose view box holds every shape."""
    if not shapes:
        return mark_safe("")
    x0 = min(s.box[0] for s, *_rest in shapes)
    y0 = min(s.box[1] for s, *_rest in shapes)
    x1 = max(s.box[2] for s, *_rest in shapes)
    y1 = max(s.box[3] for s, *_rest in shapes)
    margin = max(x1 - x0, y1 - y0) // 50 + 1
    x0, y0, w, h = x0 - margin, y0 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin
    stroke = max(w, h) / 900
    parts = [
        f'<svg class="coverage-map {css}" viewBox="{x0} {y0} {w} {h}" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'direction="ltr" aria-label="{escape(label)}">'
        f'<g stroke="#ffffff" stroke-width="{stroke:.1f}" stroke-linejoin="round">'
    ]
    for shape, fill, title, link, klass in shapes:
        path = f'<path class="{klass}" data-code="{shape.code}" fill="{fill}" d="{shape.d}">'
        path += f"<title>{escape(title)}</title></path>" if title else "</path>"
        parts.append(f'<a href="{escape(link)}">{path}</a>' if link else path)
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308  (numbers, codes and escaped words only)


def _province_legend() -> list[tuple[str, str]]:
    legend = [
        (f"share-{i}", _("%(low)s–%(high)s %%") % {"low": low, "high": min(high, 100)})
        for i, (low, high, _colour) in enumerate(CLASSES)
    ]
    legend.append(("outside", _("outside your territory")))
    return legend


def country_map(*, scope: Scope, place: Territory | None = None, link: str = "?place=") -> CoverageMap:
    """The country (or a region, `place`): one shape per province, coloured by its coverage where the reader may
    see it."""
    outlines = province_shapes()
    if place is not None:
        prefix = place.code + "."
        outlines = {code: s for code, s in outlines.items() if code.startswith(prefix)}
    rows = []
    for r in coverage_by_child(scope=scope, place=place):
        share = round(100 * r["share"])
        rows.append(
            MapRow(
                place=r["place"],
                communes=r["communes"],
                constituted=r[CONSTITUTED],
                dormant=r[DORMANT],
                none=r[NONE],
                share=share,
                drawn=r["place"].code in outlines,
            )
        )
    by_code = {row.place.code: row for row in rows}
    drawn = []
    for code, shape in sorted(outlines.items()):
        row = by_code.get(code)
        if row is None:
            drawn.append((shape, OUTSIDE, "", "", "province outside"))
            continue
        colour = CLASSES[share_class(row.share)][2]
        drawn.append((shape, colour, _title(row), f"{link}{code}", f"province class-{share_class(row.share)}"))
    label = _("Map of structuring coverage by province")
    return CoverageMap(
        level="province",
        place=place,
        svg=_svg(drawn, label=label, css="provinces"),
        rows=rows,
        legend=_province_legend(),
        undrawn=[row.place for row in rows if not row.drawn],
        shapes=len(drawn),
    )


def province_map(*, scope: Scope, place: Territory, cov=None) -> CoverageMap:
    """A province: one shape per commune, coloured by the status of its local body (constituted, dormant, none)."""
    cov = cov if cov is not None else coverage(scope=scope, place=place, months=1)
    outlines = commune_shapes(place.code)
    communes = list(selectors.communes_of(scope=scope, place=place))
    rows = []
    for commune in communes:
        status = cov.status_of.get(commune.path, NONE)
        rows.append(
            MapRow(
                place=commune,
                communes=1,
                constituted=int(status == CONSTITUTED),
                dormant=int(status == DORMANT),
                none=int(status == NONE),
                share=100 if status == CONSTITUTED else 0,
                status=status,
                drawn=commune.code in outlines,
            )
        )
    by_code = {row.place.code: row for row in rows}
    drawn = []
    for code, shape in sorted(outlines.items()):
        row = by_code.get(code)
        if row is None:
            drawn.append((shape, OUTSIDE, "", "", "commune outside"))
        else:
            drawn.append((shape, STATUS_COLOURS[row.status], _title(row), "", f"commune {row.status}"))
    legend = [
        (CONSTITUTED, _("constituted local body")),
        (DORMANT, _("dormant local body")),
        (NONE, _("no local body")),
    ]
    if any(klass.endswith("outside") for *_rest, klass in drawn):
        legend.append(("outside", _("outside your territory")))
    return CoverageMap(
        level="commune",
        place=place,
        svg=_svg(drawn, label=_("Map of structuring coverage by commune"), css="communes"),
        rows=rows,
        legend=legend,
        undrawn=[row.place for row in rows if not row.drawn],
        shapes=len(drawn),
    )


def coverage_map(*, scope: Scope, place: Territory | None, cov=None) -> CoverageMap:
    if place is not None and place.level == "province":
        return province_map(scope=scope, place=place, cov=cov)
    return country_map(scope=scope, place=place)
