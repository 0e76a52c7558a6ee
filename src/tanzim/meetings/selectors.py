"""Every read of meetings takes the reader's scope: a meeting is read where its body is read, and outside the scope
it does not exist (404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tanzim.organization.models import Body, Mandate
from tanzim.territory.scope import Scope

from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Meeting,
    MeetingKind,
    MeetingRole,
    MinutesVersion,
    QuorumRule,
)

MEETING_RELATED = (
    "kind",
    "body__body_type",
    "body__territory",
    "body__organization",
    "commune",
    "approved_by",
)


def kind_list() -> QuerySet:
    """The party's kinds of meeting (its nomenclature, the same for every reader)."""
    return MeetingKind.objects.all()


def meeting_list(
    *,
    scope: Scope,
    body: Body | None = None,
    bodies=None,
    upcoming: bool | None = None,
    status: str | None = None,
    now: dt.datetime | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet:
    """Meetings of the bodies the scope covers, newest first; `upcoming` True: from now on (soonest first),
    False: before now; `start`/`end`: those on a day of that span (days in the party's time zone, both included)."""
    qs = Meeting.objects.visible_to(scope).select_related(*MEETING_RELATED)
    if body is not None:
        qs = qs.filter(body=body)
    if bodies is not None:
        qs = qs.filter(body__in=bodies)
    if status:
        qs = qs.filter(status=status)
    if end is not None:
        qs = qs.filter(starts_at__lt=timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time())))
    if start is not None:
        first = timezone.make_aware(dt.datetime.combine(start, dt.time()))
        qs = qs.filter(Q(starts_at__gte=first) | Q(ends_at__gte=first))
    moment = now or timezone.now()
    if upcoming is True:
        qs = qs.filter(starts_at__gte=moment).order_by("starts_at", "id")
    elif upcoming is False:
        qs = qs.filter(starts_at__lt=moment).order_by("-starts_at", "-id")
    return qs


def meeting_get(*, scope: Scope, pk: int) -> Meeting:
    """One meeting, or 404 when it does not exist or its body lies outside the scope."""
    roles = MeetingRole.objects.select_related("person", "from_body__body_type", "from_body__territory").order_by(
        "role", "order", "id"
    )
    try:
        return (
            meeting_list(scope=scope)
            .prefetch_related(Prefetch("roles", queryset=roles), "invited_categories")
            .get(pk=pk)
        )
    except Meeting.DoesNotExist:
        raise Http404 from None


def _covered(scope: Scope, meeting: Meeting) -> None:
    if not scope.covers(meeting.body.path):
        raise Http404


def role_list(*, scope: Scope, meeting: Meeting) -> QuerySet:
    _covered(scope, meeting)
    return (
        MeetingRole.objects.visible_to(scope)
        .filter(meeting=meeting)
        .select_related("person", "from_body__body_type", "from_body__territory", "from_body__organization")
        .order_by("role", "order", "id")
    )


def attendance_list(*, scope: Scope, meeting: Meeting) -> QuerySet:
    """The meeting's attendance register in its order: the body's office first, then the invited, then guests."""
    _covered(scope, meeting)
    return (
        Attendance.objects.visible_to(scope)
        .filter(meeting=meeting)
        .select_related("person__commune", "represented_by")
        .order_by("order", "id")
    )


def attendance_get(*, scope: Scope, meeting: Meeting, pk: int) -> Attendance:
    try:
        return attendance_list(scope=scope, meeting=meeting).get(pk=pk)
    except Attendance.DoesNotExist:
        raise Http404 from None


def agenda_list(*, scope: Scope, meeting: Meeting) -> QuerySet:
    """The agenda in order, each item with its decisions in order."""
    _covered(scope, meeting)
    return (
        AgendaItem.objects.visible_to(scope)
        .filter(meeting=meeting)
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("order", "id")))
        .order_by("order", "id")
    )


def agenda_item_get(*, scope: Scope, meeting: Meeting, pk: int) -> AgendaItem:
    try:
        return agenda_list(scope=scope, meeting=meeting).get(pk=pk)
    except AgendaItem.DoesNotExist:
        raise Http404 from None


def decision_list(*, scope: Scope, meeting: Meeting | None = None) -> QuerySet:
    qs = Decision.objects.visible_to(scope).select_related("meeting__body", "agenda_item")
    if meeting is not None:
        _covered(scope, meeting)
        qs = qs.filter(meeting=meeting)
    return qs.order_by("meeting", "order", "id")


def decision_get(*, scope: Scope, pk: int) -> Decision:
    try:
        return decision_list(scope=scope).get(pk=pk)
    except Decision.DoesNotExist:
        raise Http404 from None


def minutes_versions(*, scope: Scope, meeting: Meeting) -> QuerySet:
    """The approved versions of the minutes, oldest first (the last is the one in force)."""
    _covered(scope, meeting)
    return (
        MinutesVersion.objects.visible_to(scope)
        .filter(meeting=meeting)
        .select_related("approved_by")
        .order_by("number")
    )


def minutes_version_get(*, scope: Scope, meeting: Meeting, number: int) -> MinutesVersion:
    try:
        return minutes_versions(scope=scope, meeting=meeting).get(number=number)
    except MinutesVersion.DoesNotExist:
        raise Http404 from None


def office_at(*, scope: Scope, body: Body, day: dt.date) -> QuerySet:
    """The mandates of the body's office held on `day` (a mandate ended by a renewal on that day is the old
    office's: the new one sits from that day), in statutory order."""
    if not scope.covers(body.path):
        raise Http404
    return (
        Mandate.objects.visible_to(scope)
        .filter(body=body, start_date__lte=day)
        .exclude(end_date__isnull=False, end_date__lte=day)
        .select_related("person", "position_type", "body__body_type")
        .order_by("position_type__rank", "start_date", "id")
    )


# --- quorum ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    """Present out of entitled, against the number required by the body type's rule."""

    entitled: int
    present: int
    required: int
    reached: bool
    share_percent: int = 50
    strictly_more: bool = True

    @property
    def missing(self) -> int:
        return max(self.required - self.present, 0)


DEFAULT_RULE = QuorumRule(share_percent=50, strictly_more=True, proxies_count=False)


def quorum_rule(body: Body) -> QuorumRule:
    """The rule of the body's type, or more than half when the party has not set one."""
    return QuorumRule.objects.filter(body_type_id=body.body_type_id).first() or DEFAULT_RULE


def counts_as_present(status: str, rule: QuorumRule) -> bool:
    return status == AttendanceStatus.PRESENT or (rule.proxies_count and status == AttendanceStatus.REPRESENTED)


def quorum(meeting: Meeting, *, lines=None) -> Quorum:
    """The meeting's quorum from its register: the entitled lines (the body's office at the meeting's date), how
    many of them are present (represented ones too when the rule counts proxies), and how many the rule requires.
    `lines`: the register already read (the meeting page), so nothing is read twice."""
    rule = quorum_rule(meeting.body)
    if lines is None:
        lines = Attendance.objects.filter(meeting=meeting, entitled=True).only("status", "entitled")
    entitled = [a for a in lines if a.entitled]
    present = sum(1 for a in entitled if counts_as_present(a.status, rule))
    required = rule.required(len(entitled))
    return Quorum(
        entitled=len(entitled),
        present=present,
        required=required,
        reached=bool(entitled) and present >= required,
        share_percent=rule.share_percent,
        strictly_more=rule.strictly_more,
    )
