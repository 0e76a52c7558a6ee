"""Every write of the registration drive: keyword-only, the writer first, their scope checked here (the scope of
the capability that writes members), one transaction, audited.

A statement is never edited: a new one supersedes it and becomes the member's current status when it was checked
on the same day or later than the current one (a statement about an older check is kept in the history only).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.audit.services import audit_record
from tanzim.errors import CodedError
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .models import Registration, Revision, Source, Statement, Status, Target, revision_calendar

MAX_BATCH = 500  # members recorded at once from a list


class VotersError(CodedError):
    def __init__(self, code: str, message, field: str | None = None):
        super().__init__(code, message)
        self.field = field


def _require(scope: Scope, path: str | None) -> None:
    if not scope.covers(path):
        raise VotersError("outside_scope", _("This lies outside your territory."))


def _check(status: str, source: str, checked_on: dt.date, commune: Territory | None) -> None:
    if status not in Status.values:
        raise VotersError("unknown_choice", _("Unknown registration status."), "status")
    if source not in Source.values:
        raise VotersError("unknown_choice", _("Say who declared the status."), "source")
    if checked_on is None or checked_on > timezone.localdate():
        raise VotersError("future", _("The date it was checked cannot be in the future."), "checked_on")
    if commune is not None:
        if commune.level not in ("commune", "arrondissement"):
            raise VotersError("not_a_commune", _("Choose a commune."), "commune")
        if status != Status.REGISTERED:
            raise VotersError("commune_unregistered", _("A commune is given only for a registered member."), "commune")


def _write(acting_user, member, status: str, source: str, checked_on: dt.date, commune) -> Statement:
    """The statement, the current status, the audit row (inside the caller's transaction)."""
    statement = Statement.objects.create(
        member=member,
        status=status,
        commune=commune,
        source=source,
        checked_on=checked_on,
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    current = Registration.objects.select_for_update().filter(member=member).first()
    if current is None:
        Registration.objects.create(member=member, statement=statement, status=status, checked_on=checked_on)
    elif current.checked_on <= checked_on:
        current.statement, current.status, current.checked_on = statement, status, checked_on
        current.save(update_fields=["statement", "status", "checked_on"])
    audit_record(
        acting_user=acting_user,
        action="voters.record",
        target=statement,
        territory_path=member.path,
        changes={
            "member": str(member.pk),
            "status": status,
            "commune": commune.code if commune is not None else "",
            "source": source,
            "checked_on": checked_on.isoformat(),
        },
    )
    return statement


def status_record(
    *,
    acting_user,
    scope: Scope,
    member,
    status: str,
    source: str = Source.BRANCH,
    checked_on: dt.date | None = None,
    commune: Territory | None = None,
) -> Statement:
    """Record what is known today of one member's registration on the general electoral lists."""
    checked_on = checked_on or timezone.localdate()
    _require(scope, member.path)
    _check(status, source, checked_on, commune)
    with transaction.atomic():
        return _write(acting_user, member, status, source, checked_on, commune)


def statuses_record(
    *,
    acting_user,
    scope: Scope,
    members,
    status: str,
    source: str = Source.BRANCH,
    checked_on: dt.date | None = None,
) -> list[Statement]:
    """The same status for many members at once (a secretary ticking a list): all recorded, or none."""
    checked_on = checked_on or timezone.localdate()
    members = list({m.pk: m for m in members}.values())
    if not members:
        raise VotersError("empty", _("Choose at least one member."), "members")
    if len(members) > MAX_BATCH:
        raise VotersError("too_many", _("Record at most %(n)d members at once.") % {"n": MAX_BATCH}, "members")
    for member in members:
        _require(scope, member.path)
    _check(status, source, checked_on, None)
    with transaction.atomic():
        return [_write(acting_user, m, status, source, checked_on, None) for m in members]


def target_set(*, acting_user, scope: Scope, body, revision: Revision, share: int, deadline: dt.date) -> Target:
    """A body's target for a revision (a new one replaces the body's target of that revision)."""
    _require(scope, body.path)
    if share is None or not 1 <= share <= 100:
        raise VotersError("bad_share", _("The share is a percentage from 1 to 100."), "share")
    if deadline is None or deadline > revision.closes_on:
        raise VotersError(
            "deadline_after_close",
            _("The deadline must fall before the lists close (%(day)s).")
            % {"day": revision.closes_on.strftime("%d/%m/%Y")},
            "deadline",
        )
    with transaction.atomic():
        target, created = Target.objects.update_or_create(
            body=body,
            revision=revision,
            defaults={
                "share": share,
                "deadline": deadline,
                "set_by": acting_user if getattr(acting_user, "is_authenticated", False) else None,
            },
        )
        audit_record(
            acting_user=acting_user,
            action="voters.target",
            target=target,
            territory_path=body.path,
            changes={"revision": revision.year, "share": share, "deadline": deadline.isoformat(), "new": created},
        )
    return target


def revision_save(*, acting_user, scope: Scope, year: int, **dates) -> Revision:
    """The calendar of a revision (national data): the usual dates unless given."""
    if not scope.covers(None):
        raise VotersError("outside_scope", _("Only the national department sets the revision's calendar."))
    if not 2000 <= year <= 2100:
        raise VotersError("bad_year", _("Impossible year."), "year")
    values = revision_calendar(year) | {k: v for k, v in dates.items() if v is not None}
    if values["requests_until"] >= values["closes_on"]:
        raise VotersError("dates_order", _("Requests must end before the lists close."), "requests_until")
    with transaction.atomic():
        revision, created = Revision.objects.update_or_create(year=year, defaults=values)
        audit_record(
            acting_user=acting_user,
            action="voters.revision",
            target=revision,
            territory_path="",
            changes={k: v.isoformat() for k, v in values.items()} | {"new": created},
        )
    return revision
