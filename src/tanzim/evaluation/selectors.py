"""Every read evaluation makes, each through the reader's scope. Evaluation writes nothing but its weighting.

The registry, the structure, meetings and directives are read through their apps' selectors
(`members.selectors.member_list`, `organization.selectors.body_list`, `mandate_list`,
`meetings.selectors.meeting_list`, `directives.selectors.directive_list`). Directives' assignments (counted by
the hundred thousand: directives' `assignment_list` adds a per-row "structured" test the counts do not need) and
renewals by the hundred have no selector fit for a grouped count yet: they are read here from
`Model.objects.visible_to(scope)`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, F, Max, Min, Q
from django.db.models.functions import Coalesce, Substr
from django.http import Http404

from tanzim.audit.models import AuditEntry
from tanzim.directives.models import OPEN_STATES, Assignment, AssignmentState, Directive, TargetRule
from tanzim.directives.selectors import directive_list
from tanzim.meetings.models import MeetingStatus
from tanzim.meetings.selectors import meeting_list
from tanzim.members.models import MemberStatus
from tanzim.members.selectors import member_list, youth_birth_cutoff
from tanzim.organization.models import Body, BodyCategory, BodyLevel, OrganizationKind, Renewal
from tanzim.organization.selectors import body_list, mandate_list, position_type_list
from tanzim.territory.models import Territory
from tanzim.territory.scope import NATIONAL, Scope
from tanzim.territory.selectors import territory_get

from .models import Weighting

SCORED_LEVELS = (BodyLevel.REGIONAL, BodyLevel.PROVINCIAL, BodyLevel.LOCAL)


def weighting() -> Weighting:
    """The settings in force (the defaults until the department saves its own)."""
    return Weighting.objects.filter(pk=1).prefetch_related("weights", "required_positions").first() or Weighting(pk=1)


def weights(w: Weighting) -> dict[str, int]:
    return {} if w._state.adding else {cw.key: cw.weight for cw in w.weights.all()}


def required_positions(w: Weighting) -> list:
    chosen = [] if w._state.adding else list(w.required_positions.all())
    return [p for p in chosen if not p.multi_holder] or list(position_type_list().filter(multi_holder=False))


def scored_bodies(*, scope: Scope, level: str = "", within: Territory | None = None):
    """The executive bodies a scorecard is kept for (regional, provincial, local), inside the scope."""
    qs = body_list(scope=scope, within=within).filter(
        body_type__category=BodyCategory.EXECUTIVE, body_type__level__in=SCORED_LEVELS
    )
    if level:
        qs = qs.filter(body_type__level=level)
    return qs.order_by("body_type__order", "organization__order", "path", "id")


def scored_body_get(*, scope: Scope, pk: int) -> Body:
    body = scored_bodies(scope=scope).filter(pk=pk).first()
    if body is None:
        raise Http404
    return body


def peer_prefix(body: Body) -> str:
    """Where a body's peers lie: local bodies of its province, provincial bodies of its region, every region."""
    keep = {str(BodyLevel.LOCAL): 2, str(BodyLevel.PROVINCIAL): 1}.get(body.body_type.level, 0)
    return "".join(part + "/" for part in body.path.split("/")[:keep])


def peers(*, scope: Scope, body: Body) -> list[Body]:
    """The body and its peers the reader can see: same organization and type, same province (or region)."""
    prefix = peer_prefix(body)
    qs = scored_bodies(scope=scope).filter(organization=body.organization, body_type=body.body_type)
    return list(qs.filter(path__startswith=prefix) if prefix else qs)


# --- what the criteria read -----------------------------------------------------------------------------------


def meeting_counts(
    *, scope: Scope, body_ids: list[int], window_start: dt.datetime, period_start: dt.datetime, until: dt.datetime
) -> dict:
    """Per body: meetings held in the window and in the period (up to `until`), and the date of the last one."""
    rows = (
        meeting_list(scope=scope)
        .filter(body_id__in=body_ids, status__in=(MeetingStatus.HELD, MeetingStatus.APPROVED), starts_at__lte=until)
        .order_by()
        .values("body_id")
        .annotate(
            window=Count("id", filter=Q(starts_at__gte=window_start)),
            period=Count("id", filter=Q(starts_at__gte=period_start)),
            last=Max("starts_at"),
        )
    )
    return {r["body_id"]: r for r in rows}


def member_counts(*, scope: Scope, bodies: list[Body], today: dt.date, period_start: dt.date, verified_since: dt.date):
    """Per body: active members, those who joined and left in the period, verified lately, women and youth.

    A local body counts its own members; a provincial or regional body every member of its territory. One grouped
    query per kind, never a loop over members."""
    active = Q(status=MemberStatus.ACTIVE)
    cutoff = youth_birth_cutoff(today)
    aggregates = {
        "active": Count("id", filter=active),
        "joined": Count("id", filter=active & Q(join_date__gte=period_start)),
        "left": Count(
            "id",
            filter=~active & Q(status_since__gte=period_start) & (Q(join_date__lt=period_start) | Q(join_date=None)),
        ),
        "verified": Count("id", filter=active & Q(verified_on__gte=verified_since)),
        "last_verified": Max("verified_on"),
        "women": Count("id", filter=active & Q(person__gender="f")),
        "youth": Count("id", filter=active & Q(person__birth_date__gt=cutoff)),
    }
    members = member_list(scope=scope).order_by()
    found: dict[int, dict] = {}
    local = [b.pk for b in bodies if b.body_type.level == BodyLevel.LOCAL]
    if local:
        for row in members.filter(local_body_id__in=local).values("local_body_id").annotate(**aggregates):
            found[row["local_body_id"]] = row
    by_length: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for b in bodies:
        if b.body_type.level != BodyLevel.LOCAL:
            by_length[len(b.path)][b.path].append(b.pk)
    for length, paths in by_length.items():
        # Every path of the group has the same length: "starts with one of them" is "its first `length` characters
        # are one of them", a hashed lookup per member instead of one LIKE per body (83 provinces: 0.5 s a million).
        rows = (
            members.annotate(prefix=Substr("path", 1, length))
            .filter(prefix__in=list(paths))
            .values("prefix")
            .annotate(**aggregates)
        )
        for row in rows:
            for pk in paths.get(row["prefix"], ()):
                found[pk] = row
    return found


def office_rows(*, scope: Scope, body_ids: list[int]) -> dict[int, list[dict]]:
    """Per body: the current mandates (position, person's gender and birth date)."""
    rows = (
        mandate_list(scope=scope, current=True)
        .filter(body_id__in=body_ids)
        .order_by()
        .values("body_id", "position_type_id", "person_id", "person__gender", "person__birth_date")
    )
    found: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        found[r["body_id"]].append(r)
    return found


def office_started(*, scope: Scope, body_ids: list[int]) -> dict[int, dt.date]:
    """Per body: the date its current office started (its last renewal, or its earliest current mandate)."""
    found = dict(
        Renewal.objects.visible_to(scope)
        .filter(body_id__in=body_ids)
        .order_by()
        .values("body_id")
        .annotate(last=Max("held_on"))
        .values_list("body_id", "last")
    )
    for body_id, first in (
        mandate_list(scope=scope, current=True)
        .filter(body_id__in=body_ids)
        .exclude(body_id__in=list(found))
        .order_by()
        .values("body_id")
        .annotate(first=Min("start_date"))
        .values_list("body_id", "first")
    ):
        found[body_id] = first
    return found


def assignment_counts(*, scope: Scope, body_ids: list[int], today: dt.date) -> dict:
    """Per body: directives with a due date done on time, done late, overdue (open past their date)."""
    done = Q(state=AssignmentState.DONE)
    rows = (
        Assignment.objects.visible_to(scope)
        .filter(body_id__in=body_ids, due_date__isnull=False)
        .order_by()
        .values("body_id")
        .annotate(
            on_time=Count("id", filter=done & Q(done_on__lte=F("due_date"))),
            late=Count("id", filter=done & Q(done_on__gt=F("due_date"))),
            overdue=Count("id", filter=Q(state__in=OPEN_STATES, due_date__lt=today)),
            open=Count("id", filter=Q(state__in=OPEN_STATES, due_date__gte=today)),
        )
    )
    return {r["body_id"]: r for r in rows}


# --- structuring coverage ---------------------------------------------------------------------------------------


def coverage_place(*, scope: Scope, code: str | None) -> Territory | None:
    """The province or region a coverage page is about (None: the whole country, for a national reader)."""
    if not code:
        return None
    place = territory_get(scope=scope, code=code)
    if place.level not in ("region", "province") or not scope.covers(place.path):
        raise Http404  # a place above the reader's territory (her region) is as unknown as another province
    return place


def communes_of(*, scope: Scope, place: Territory | None):
    qs = Territory.objects.visible_to(scope).filter(level="commune")
    if place is not None:
        qs = qs.filter(path__startswith=place.path)
    return qs.select_related("parent").order_by("path")


def provinces_of(*, scope: Scope, place: Territory | None):
    qs = Territory.objects.visible_to(scope).filter(level="province")
    if place is not None:
        qs = qs.filter(path__startswith=place.path)
    return qs.order_by("code")


def local_bodies_of(*, scope: Scope, place: Territory | None) -> list[tuple[int, str, str]]:
    """The party's local bodies (on communes and arrondissements) under `place`, inside the scope: (id, path,
    status)."""
    qs = body_list(scope=scope, within=place, level=BodyLevel.LOCAL).filter(
        organization__kind=OrganizationKind.PARTY, body_type__category=BodyCategory.EXECUTIVE
    )
    return list(qs.values_list("id", "path", "status"))


STATUS_CHANGES = ("body.create", "body.update", "office.renew")


def body_status_changes(*, scope: Scope, body_ids: list[int], since: dt.datetime) -> list[tuple[dt.datetime, int, str]]:
    """The audit trail's status changes of these bodies since a date: (when, body id, status before; "" when the
    row is the body's creation), newest first. Bodies write their status changes nowhere else."""
    wanted = {str(pk) for pk in body_ids}
    changes = []
    rows = (
        AuditEntry.objects.visible_to(scope)
        .filter(action__in=STATUS_CHANGES, at__gte=since)
        .order_by("-at", "-id")
        .values_list("at", "action", "target_id", "changes")
    )
    for at, action, target_id, data in rows:
        body_id = str(data.get("body", "")) if action == "office.renew" else target_id
        if body_id not in wanted:
            continue
        if action == "body.create":
            changes.append((at, int(body_id), ""))
        elif isinstance(data.get("status"), list) and len(data["status"]) == 2:
            changes.append((at, int(body_id), data["status"][0]))
    return changes


def structuring_targets(*, scope: Scope, place: Territory | None) -> list[Directive]:
    """Structuring directives (every commune of a territory) whose territory is `place` or holds it, newest first:
    the target of a place. A directive on a part of the place (a branch's own commune, one province of a region) is
    not the place's target. A directive's territory is the one it names, else its issuer's."""
    path = place.path if place is not None else NATIONAL
    holders = [NATIONAL] + ["/".join(path.split("/")[: i + 1]) + "/" for i in range(path.count("/"))]
    # Only the territory is shown: the selector's other joins would be grouped on by the date's maximum.
    qs = (
        directive_list(scope=scope)
        .filter(rule=TargetRule.COMMUNES)
        .select_related(None)
        .select_related("rule_territory")
        .annotate(base=Coalesce("rule_territory__path", "issuer__path"))
        .filter(base__in=holders)
    )
    return list(qs.annotate(due=Max("assignments__due_date")).order_by("-created_at", "-id")[:5])
