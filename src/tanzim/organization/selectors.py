"""Every read of the party's structure takes the reader's scope. Outside the scope a record does not exist."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .models import Body, BodyStatus, BodyType, Mandate, Organization, PartyProfile, PositionType, Renewal

BODY_RELATED = ("organization", "body_type", "territory")


def party_profile() -> PartyProfile | None:
    """The party this deployment serves (not territorial: every user may know which party they are in)."""
    return PartyProfile.objects.filter(pk=1).first()


def organization_list() -> QuerySet:
    return Organization.objects.all()


def body_type_list() -> QuerySet:
    return BodyType.objects.select_related("parent_type").all()


def position_type_list() -> QuerySet:
    return PositionType.objects.all()


def body_list(
    *,
    scope: Scope,
    organization: Organization | None = None,
    level: str | None = None,
    territory: Territory | None = None,
    within: Territory | None = None,
    parent: Body | None = None,
    status: str | None = None,
) -> QuerySet:
    """Bodies the scope covers, filtered. `within` keeps bodies on a territory or anywhere inside it."""
    qs = Body.objects.visible_to(scope).select_related(*BODY_RELATED)
    if organization is not None:
        qs = qs.filter(organization=organization)
    if level:
        qs = qs.filter(body_type__level=level)
    if territory is not None:
        qs = qs.filter(territory=territory)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(n_children=Count("children", distinct=True))


def body_get(*, scope: Scope, pk: int) -> Body:
    """One body, or 404 when it does not exist or lies outside the scope."""
    try:
        return (
            body_list(scope=scope)
            .select_related("parent__body_type", "parent__territory", "parent__organization")
            .get(pk=pk)
        )
    except Body.DoesNotExist:
        raise Http404 from None


def body_roots(*, scope: Scope) -> QuerySet:
    """The top of the tree the reader can see: bodies with no parent, or whose parent lies outside the scope."""
    return body_list(scope=scope).filter(Q(parent__isnull=True) | ~scope.q("parent__path"))


def body_ancestors(*, scope: Scope, body: Body) -> list[Body]:
    """The bodies above `body` that the scope covers, the nearest first (read from the stored tree path)."""
    ids = body.ancestor_ids()
    found = {b.pk: b for b in body_list(scope=scope).filter(pk__in=ids)}
    chain = []
    for pk in ids:  # up to the first body the reader may not see: what lies above it is not theirs to read
        if pk not in found:
            break
        chain.append(found[pk])
    return chain


def body_under(*, scope: Scope, body: Body) -> QuerySet:
    """Every body below `body` in the tree (children, their children...), inside the scope."""
    return body_list(scope=scope).filter(tree__startswith=body.tree).exclude(pk=body.pk)


def body_children(*, scope: Scope, body: Body) -> QuerySet:
    return body_list(scope=scope, parent=body)


def office_current(*, scope: Scope, body: Body) -> QuerySet:
    """The current office of a body in statutory order (position rank, then start date, then name)."""
    if not scope.covers(body.path):
        raise Http404
    return (
        Mandate.objects.visible_to(scope)
        .filter(body=body, end_date__isnull=True)
        .select_related("person", "position_type", "body__body_type")
        .order_by("position_type__rank", "start_date", "person__last_name_ar", "person__first_name_ar", "id")
    )


@dataclass(frozen=True)
class OfficeLine:
    """A line of an office as people read it: one position and its holders, in statutory order."""

    position_type: PositionType
    mandates: list[Mandate]

    @property
    def title(self) -> str:
        if len(self.mandates) > 1 and self.position_type.multi_holder:
            return self.position_type.plural
        return self.mandates[0].title


def office_lines(mandates) -> list[OfficeLine]:
    """Group ordered mandates by position (advisors on one line, as the reports list them)."""
    lines: list[OfficeLine] = []
    for m in mandates:
        if lines and lines[-1].position_type.pk == m.position_type_id:
            lines[-1].mandates.append(m)
        else:
            lines.append(OfficeLine(position_type=m.position_type, mandates=[m]))
    return lines


def renewal_history(*, scope: Scope, body: Body) -> QuerySet:
    """Past renewals of the body, newest first, each with the mandates it started (current or ended)."""
    if not scope.covers(body.path):
        raise Http404
    mandates = Mandate.objects.select_related("person", "position_type", "body__body_type").order_by(
        "position_type__rank", "id"
    )
    return (
        Renewal.objects.visible_to(scope)
        .filter(body=body)
        .select_related("supervised_by__body_type", "supervised_by__territory", "supervised_by__organization")
        .prefetch_related(Prefetch("mandates", queryset=mandates))
        .order_by("-held_on", "-id")
    )


def mandate_list(
    *, scope: Scope, body: Body | None = None, person_id: int | None = None, current: bool | None = None
) -> QuerySet:
    qs = Mandate.objects.visible_to(scope).select_related(
        "person", "position_type", "body__body_type", "body__territory", "body__organization"
    )
    if body is not None:
        qs = qs.filter(body=body)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    if current is True:
        qs = qs.filter(end_date__isnull=True)
    elif current is False:
        qs = qs.filter(end_date__isnull=False)
    return qs.order_by("body_id", "position_type__rank", "-start_date", "id")


def structuring_counts(*, scope: Scope, territory: Territory, organization: Organization | None = None) -> dict:
    """How many communes under `territory` have a local body of the party, and in which status."""
    communes = Territory.objects.visible_to(scope).filter(level="commune", path__startswith=territory.path)
    bodies = Body.objects.visible_to(scope).filter(body_type__level="local", path__startswith=territory.path)
    if organization is not None:
        bodies = bodies.filter(organization=organization)
    by_status = dict(bodies.order_by().values_list("status").annotate(n=Count("id")))
    return {
        "communes": communes.count(),
        "constituted": by_status.get(BodyStatus.CONSTITUTED, 0),
        "dormant": by_status.get(BodyStatus.DORMANT, 0),
        "not_constituted": by_status.get(BodyStatus.NOT_CONSTITUTED, 0),
    }
