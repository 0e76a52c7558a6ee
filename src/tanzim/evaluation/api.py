"""/api/v1/evaluation: the scorecards and the structuring coverage, through the caller's scope."""

from __future__ import annotations

from ninja import Router, Schema, Status

from tanzim.api.errors import ERRORS

from . import selectors
from .coverage import coverage
from .scoring import scorecards

router = Router()


class LineOut(Schema):
    key: str
    label: str
    weight: int
    value: float | None
    shown: str
    reasons: list[str]


class ScorecardOut(Schema):
    body: int
    name: str
    level: str
    territory: str | None
    score: int | None
    low: bool
    rank: int | None
    peers: int
    reasons: list[str]
    criteria: list[LineOut]


class CoverageOut(Schema):
    territory: str | None
    communes: int
    constituted: int
    dormant: int
    none: int
    target_percent: int
    target_date: str | None
    history: list[dict]


@router.get("/scorecards", response={200: list[ScorecardOut], **ERRORS}, summary="Scorecards of the bodies")
def scorecards_read(request, level: str = "", territory: str = ""):
    """Executive bodies of one level (regional, provincial, local; by default the level below the caller's
    territory) in the caller's territory or inside `territory` (an HCP code of a region or province), each with its
    criteria, score, rank among its peers and the reasons for a low score."""
    place = selectors.coverage_place(scope=request.scope, code=territory or None)
    if level not in selectors.SCORED_LEVELS:
        level = "provincial" if request.scope.national else "local"
    bodies = list(selectors.scored_bodies(scope=request.scope, level=level, within=place))
    return Status(
        200,
        [
            {
                "body": c.body.pk,
                "name": c.body.name,
                "level": c.body.body_type.level,
                "territory": c.body.territory.code if c.body.territory else None,
                "score": c.score,
                "low": c.low,
                "rank": c.rank,
                "peers": c.peers,
                "reasons": c.reasons,
                "criteria": [
                    {
                        "key": line.criterion.key,
                        "label": str(line.criterion.label),
                        "weight": line.weight,
                        "value": line.measure.value,
                        "shown": line.measure.shown,
                        "reasons": list(line.measure.reasons),
                    }
                    for line in c.lines
                ],
            }
            for c in scorecards(scope=request.scope, bodies=bodies)
        ],
    )


@router.get("/coverage", response={200: CoverageOut, **ERRORS}, summary="Structuring coverage")
def coverage_read(request, territory: str = ""):
    """Communes of the caller's territory (or of a region or province inside it) with a constituted local body, a
    dormant one or none; the target; the counts at each of the last twelve months' ends."""
    place = selectors.coverage_place(scope=request.scope, code=territory or None)
    cov = coverage(scope=request.scope, place=place)
    return Status(
        200,
        {
            "territory": place.code if place else None,
            "communes": cov.communes,
            "constituted": cov.constituted,
            "dormant": cov.dormant,
            "none": cov.none,
            "target_percent": cov.target_percent,
            "target_date": cov.target_date.isoformat() if cov.target_date else None,
            "history": [
                {"date": p.day.isoformat(), "constituted": p.constituted, "dormant": p.dormant} for p in cov.points
            ],
        },
    )
