"""What a page or the province report shows beyond single scorecards: representation of women and youth against
the targets, and the province report's content."""

from __future__ import annotations

from django.utils import timezone

from tanzim.organization.models import BodyLevel
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from . import selectors
from .charts import coverage_chart, score_histogram
from .coverage import coverage
from .maps import province_map
from .measures import percent
from .scoring import Scorecard, scorecards


def representation(cards: list[Scorecard], weighting) -> dict:
    """Women and youth in the offices of the listed bodies, against the targets, with the bodies below them."""
    result = {
        "women_target": weighting.women_target_percent,
        "youth_target": weighting.youth_target_percent,
    }
    for key in ("women_office", "youth_office"):
        count = total = 0
        below = []
        for card in cards:
            line = card.line(key)
            if line is None or line.measure.data.get("share") is None:
                continue
            count += line.measure.data["count"]
            total += line.measure.data["total"]
            if line.measure.data["below_target"]:
                below.append(card)
        result[key] = {
            "shown": percent(count / total) if total else "—",
            "count": count,
            "total": total,
            "share": round(100 * count / total) if total else None,
            "below": below,
        }
    return result


def province_report(*, scope: Scope, place: Territory) -> dict:
    today = timezone.localdate()
    provincial = list(selectors.scored_bodies(scope=scope, level=BodyLevel.PROVINCIAL, within=place))
    local = list(selectors.scored_bodies(scope=scope, level=BodyLevel.LOCAL, within=place))
    cards = scorecards(scope=scope, bodies=provincial + local, today=today)
    local_cards = sorted(
        (c for c in cards if c.body.body_type.level == BodyLevel.LOCAL),
        key=lambda c: (c.score is None, -(c.score or 0), c.body.path),
    )
    cov = coverage(scope=scope, place=place, today=today)
    scores = [c.score for c in local_cards if c.score is not None]
    return {
        "place": place,
        "today": today,
        "provincial": [c for c in cards if c.body.body_type.level == BodyLevel.PROVINCIAL],
        "local": local_cards,
        "cov": cov,
        "chart": coverage_chart(cov),
        "map": province_map(scope=scope, place=place, cov=cov),
        "histogram": score_histogram(scores) if scores else None,
        "representation": representation(cards, selectors.weighting()),
    }
