"""/api/v1/voters: the registration drive's progress and a member's status, through the caller's scope."""

from __future__ import annotations

from ninja import Router, Schema

from tanzim.api.errors import ERRORS, Id
from tanzim.members.selectors import member_get

from .selectors import Line, current_revision, drive_place, member_registration, progress

router = Router()


class DriveLineOut(Schema):
    code: str | None
    name: str | None
    members: int
    too_young: int
    eligible: int
    registered: int
    not_registered: int
    unknown: int
    birth_unknown: int
    share: float
    target_share: int | None
    target_deadline: str | None
    still_to_register: int | None
    days_left: int | None


class RevisionOut(Schema):
    year: int
    requests_until: str
    closes_on: str
    eligibility_cutoff: str


class ProgressOut(Schema):
    revision: RevisionOut | None
    total: DriveLineOut
    children: list[DriveLineOut]


class StatementOut(Schema):
    status: str
    commune: str | None
    source: str
    checked_on: str


class MemberStatusOut(Schema):
    member: int
    status: str
    commune: str | None
    source: str | None
    checked_on: str | None
    history: list[StatementOut]


def _line(line: Line) -> dict:
    return {
        "code": line.place.code if line.place is not None else None,
        "name": line.place.name if line.place is not None else None,
        "members": line.members,
        "too_young": line.too_young,
        "eligible": line.eligible,
        "registered": line.registered,
        "not_registered": line.not_registered,
        "unknown": line.unknown,
        "birth_unknown": line.birth_unknown,
        "share": round(line.share, 4),
        "target_share": line.target.share if line.target is not None else None,
        "target_deadline": line.target.deadline.isoformat() if line.target is not None else None,
        "still_to_register": line.still_to_register,
        "days_left": line.days_left,
    }


@router.get("/progress", response={200: ProgressOut, **ERRORS}, summary="Progress of the registration drive")
def progress_read(request, place: str = ""):
    """The active members of the caller's territory (or of `place`, an HCP code inside it) and of each territory
    directly below: how many are registered on the general electoral lists, not registered, unknown, too young for
    the revision under way; the target of the body there and the days left to the revision's deadline."""
    where = drive_place(scope=request.scope, code=place.strip()[:24] or None)
    revision = current_revision()
    drive = progress(scope=request.scope, place=where, revision=revision)
    return {
        "revision": {
            "year": revision.year,
            "requests_until": revision.requests_until.isoformat(),
            "closes_on": revision.closes_on.isoformat(),
            "eligibility_cutoff": revision.eligibility_cutoff.isoformat(),
        }
        if revision is not None
        else None,
        "total": _line(drive.total),
        "children": [_line(c) for c in drive.children],
    }


@router.get("/members/{id:member_id}", response={200: MemberStatusOut, **ERRORS}, summary="A member's registration")
def member_status(request, member_id: Id):
    """The member's current status on the general electoral lists and the statements made, newest first."""
    member = member_get(scope=request.scope, pk=member_id)
    current, history = member_registration(scope=request.scope, member=member)

    def out(s):
        return {
            "status": s.status,
            "commune": s.commune.code if s.commune is not None else None,
            "source": s.source,
            "checked_on": s.checked_on.isoformat(),
        }

    return {
        "member": member.pk,
        "status": current.status if current is not None else "unknown",
        "commune": current.commune.code if current is not None and current.commune is not None else None,
        "source": current.source if current is not None else None,
        "checked_on": current.checked_on.isoformat() if current is not None else None,
        "history": [out(s) for s in history],
    }
