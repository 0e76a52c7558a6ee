"""One score per body from the registered criteria and the department's weights, and its rank among its peers.

The score is the weighted mean of the criteria that apply to the body (a criterion with no value for it — no
directive due yet, no member to verify — leaves the mean), on 100. Ranks are among the peers in the same list:
the local bodies of one province, the provincial bodies of one region; equal scores share a rank.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from tanzim.organization.models import Body
from tanzim.territory.scope import Scope

from . import selectors
from .criteria import Criterion, Measure, Situation, registered


@dataclass
class Line:
    criterion: Criterion
    weight: int
    measure: Measure


@dataclass
class Scorecard:
    body: Body
    lines: list[Line]
    score: int | None
    low: bool
    rank: int | None = None
    peers: int = 0
    reasons: list[str] = field(default_factory=list)

    def line(self, key: str) -> Line | None:
        return next((line for line in self.lines if line.criterion.key == key), None)


def weights_in_force(w) -> dict[str, int]:
    """Each registered criterion's weight: the department's, or the criterion's default."""
    set_by_department = selectors.weights(w)
    return {c.key: set_by_department.get(c.key, c.weight) for c in registered()}


def scorecards(*, scope: Scope, bodies: list[Body], today: dt.date | None = None) -> list[Scorecard]:
    """The scorecards of `bodies` (read through `scope`), ranked among the peers present in the list."""
    today = today or timezone.localdate()
    w = selectors.weighting()
    situation = Situation(scope=scope, bodies=bodies, today=today, weighting=w)
    weights = weights_in_force(w)
    measured = [(c, c.compute(situation)) for c in registered()] if bodies else []
    cards = []
    for body in bodies:
        lines = [Line(c, weights[c.key], found[body.pk]) for c, found in measured if body.pk in found]
        counted = [
            (line.weight, line.measure.value) for line in lines if line.weight and line.measure.value is not None
        ]
        total = sum(weight for weight, _value in counted)
        score = round(100 * sum(weight * value for weight, value in counted) / total) if total else None
        reasons = [reason for line in lines if line.weight for reason in line.measure.reasons]
        low = score is not None and score < w.low_score
        cards.append(Scorecard(body=body, lines=lines, score=score, low=low, reasons=reasons))
    rank(cards)
    return cards


def rank(cards: list[Scorecard]) -> None:
    groups: dict[tuple, list[Scorecard]] = defaultdict(list)
    for card in cards:
        b = card.body
        groups[(b.organization_id, b.body_type_id, selectors.peer_prefix(b))].append(card)
    for group in groups.values():
        scored = sorted((c for c in group if c.score is not None), key=lambda c: -(c.score or 0))
        for card in group:
            card.peers = len(group)
        for card in scored:
            card.rank = 1 + next(j for j, other in enumerate(scored) if other.score == card.score)


def body_scorecard(*, scope: Scope, body: Body, today: dt.date | None = None) -> Scorecard | None:
    """One body's scorecard, ranked among the peers the reader can see (None: no scorecard is kept for it)."""
    cards = scorecards(scope=scope, bodies=selectors.peers(scope=scope, body=body), today=today)
    return next((c for c in cards if c.body.pk == body.pk), None)
