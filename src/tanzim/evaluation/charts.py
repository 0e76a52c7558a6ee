"""Charts drawn on the server as SVG (no script, no library, nothing fetched): they print in the PDF as they show
on the page. Right-to-left pages run time from right to left, as an Arabic reader reads; labels are text, so the
page's language and digits apply."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from .coverage import Coverage

W, H = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 16, 40


def _x(i: int, n: int, rtl: bool) -> float:
    span = W - LEFT - RIGHT
    pos = LEFT + (span * i / (n - 1) if n > 1 else span / 2)
    return W - pos + LEFT - RIGHT if rtl else pos


def _y(share: float) -> float:
    return TOP + (H - TOP - BOTTOM) * (1 - share)


def coverage_chart(cov: Coverage, *, rtl: bool | None = None) -> SafeString:
    """Share of communes with a constituted (and a dormant) local body at each month's end, with the target."""
    rtl = get_language_bidi() if rtl is None else rtl
    n = len(cov.points)
    total = cov.communes or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{escape(_("Coverage over time"))}">'
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = _y(tick)
        parts.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid" stroke="#d8dde3"/>')
        label_x = W - RIGHT + 6 if rtl else LEFT - 6
        anchor = "start" if rtl else "end"
        parts.append(
            f'<text x="{label_x}" y="{y + 4:.1f}" text-anchor="{anchor}" font-size="11" fill="#555">'
            f"{round(tick * 100)}%</text>"
        )
    if cov.target_percent:
        y = _y(cov.target_percent / 100)
        parts.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b3261e" stroke-dasharray="6 4" '
            f'class="target"/>'
        )
    for key, colour in (("dormant", "#e0a526"), ("constituted", "#1f7a4d")):
        points = []
        for i, p in enumerate(cov.points):
            value = (p.constituted + (p.dormant if key == "dormant" else 0)) / total
            points.append(f"{_x(i, n, rtl):.1f},{_y(value):.1f}")
        if not points:
            continue
        base = f"{_x(n - 1, n, rtl):.1f},{_y(0):.1f} {_x(0, n, rtl):.1f},{_y(0):.1f}"
        parts.append(f'<polygon points="{" ".join(points)} {base}" fill="{colour}" fill-opacity="0.35" class="{key}"/>')
        parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"/>')
    step = max(1, n // 6)
    for i, p in enumerate(cov.points):
        if (n - 1 - i) % step:
            continue
        parts.append(
            f'<text x="{_x(i, n, rtl):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle" font-size="11" fill="#555">'
            f"{p.day:%m/%Y}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (numbers and escaped words only)


def score_histogram(scores: list[int], *, rtl: bool | None = None) -> SafeString:
    """How many bodies score in each tenth of the scale."""
    rtl = get_language_bidi() if rtl is None else rtl
    bins = [0] * 10
    for s in scores:
        bins[min(9, s // 10)] += 1
    top = max(bins) or 1
    width, height = 640, 180
    bar = (width - 20) / 10
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="{escape(_("Distribution of the scores"))}">'
    ]
    for i, count in enumerate(bins):
        h = (height - 40) * count / top
        x = 10 + bar * (9 - i if rtl else i)
        colour = "#b3261e" if i < 5 else "#1f7a4d"
        parts.append(
            f'<rect x="{x + 3:.1f}" y="{height - 24 - h:.1f}" width="{bar - 6:.1f}" height="{h:.1f}" fill="{colour}"/>'
        )
        if count:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - 28 - h:.1f}" text-anchor="middle" font-size="11">'
                f"{count}</text>"
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle" font-size="10" fill="#555">'
            f"{i * 10}–{i * 10 + 9 if i < 9 else 100}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308
