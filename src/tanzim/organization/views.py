from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tanzim.people.footprint import PersonBeyondScope
from tanzim.people.picker import PickRefused
from tanzim.people.services import person_from_pick
from tanzim.territory.capability import Capability
from tanzim.territory.models import Level
from tanzim.territory.selectors import territory_children_with_counts, territory_get

from .errors import OrganizationError
from .forms import RenewalForm, SeatFormSet, persons_for_body
from .models import BodyStatus
from .renewing import renewer_scope
from .selectors import (
    body_children,
    body_get,
    body_list,
    body_roots,
    office_current,
    office_lines,
    organization_list,
    position_type_list,
    renewal_history,
    structuring_counts,
)
from .services import Seat, office_renew


def body_tree(request):
    """The tree of bodies, from the top the reader can see; deeper levels open on demand (htmx)."""
    organizations = list(organization_list())
    roots = body_roots(scope=request.scope).order_by("organization__order", "body_type__order", "territory__code")
    groups = [(org, [b for b in roots if b.organization_id == org.pk]) for org in organizations]
    return render(request, "organization/tree.html", {"groups": [g for g in groups if g[1]]})


def body_children_partial(request, pk: int):
    body = body_get(scope=request.scope, pk=pk)
    children = body_children(scope=request.scope, body=body).order_by("body_type__order", "territory__code")
    return render(request, "organization/_children.html", {"children": children})


def body_detail(request, pk: int):
    """A body: current office in statutory order, history of renewals, sub-bodies."""
    body = body_get(scope=request.scope, pk=pk)
    office = list(office_current(scope=request.scope, body=body))
    children = body_children(scope=request.scope, body=body).order_by("body_type__order", "territory__code")
    ancestors = list(reversed(_ancestors(request.scope, body)))
    return render(
        request,
        "organization/detail.html",
        {
            "body": body,
            "office": office_lines(office),
            "office_size": len(office),
            "women_in_office": sum(1 for m in office if m.person.is_female),
            "history": renewal_history(scope=request.scope, body=body),
            "children": children,
            "ancestors": ancestors,
        },
    )


def body_renew(request, pk: int):
    """Renew the office of a body: the form starts from the current composition; errors keep what was typed."""
    body = body_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.OFFICES_WRITE, body.path)
    renewer = renewer_scope(request.authority, body)
    positions = position_type_list()
    persons = persons_for_body(
        scope=request.scope,
        body=body,
        create_scope=renewer,
        enrol_scope=request.authority.scope(Capability.MEMBERS_WRITE),
    )
    supervisors = body_list(scope=request.scope).filter(pk__in=[b.pk for b in _ancestors(request.scope, body)])
    rows = request.GET.get("rows", "")
    extra = min(int(rows), 40) if rows.isascii() and rows.isdigit() and len(rows) <= 3 else 4
    if request.method == "POST":
        form = RenewalForm(request.POST, supervisors=supervisors)
        formset = SeatFormSet(request.POST, prefix="seat", positions=positions, persons=persons)
        if form.is_valid() and formset.is_valid():
            try:
                # Persons added from the pickers are created in the renewal's transaction: a refused renewal
                # creates nobody.
                with transaction.atomic():
                    seats = [
                        Seat(position_type=p, person=_person(request, renewer, person)) for p, person in formset.seats()
                    ]
                    office_renew(
                        acting_user=request.user,
                        body=body,
                        held_on=form.cleaned_data["held_on"],
                        seats=seats,
                        supervised_by=form.cleaned_data["supervised_by"],
                        notes=form.cleaned_data["notes"],
                        scope=renewer,
                    )
            except (OrganizationError, PersonBeyondScope, PickRefused) as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The office of %(body)s was renewed.") % {"body": body.name})
                return redirect(reverse("organization:detail", args=[body.pk]))
    else:
        current = office_current(scope=request.scope, body=body)
        initial = [{"position_type": m.position_type_id, "person": m.person_id} for m in current]
        initial += [{} for _ in range(extra)]
        form = RenewalForm(supervisors=supervisors, initial={"supervised_by": body.parent_id})
        formset = SeatFormSet(prefix="seat", positions=positions, persons=persons, initial=initial)
    return render(
        request,
        "organization/renew.html",
        {"body": body, "form": form, "formset": formset, "more_rows": len(formset.forms) + 4},
    )


def _person(request, scope, picked):
    """The person a seat's picker yielded, a new one created now through the people service."""
    enrol_scope = request.authority.scope(Capability.MEMBERS_WRITE)
    return person_from_pick(acting_user=request.user, scope=scope, pick=picked, enrol_scope=enrol_scope)


def _ancestors(scope, body):
    chain = []
    parent = body.parent
    while parent is not None and scope.covers(parent.path):
        chain.append(parent)
        parent = parent.parent
    return chain


def territory_bodies_partial(request, code: str):
    """The party's bodies on a territorial unit and, for a region or province, its structuring coverage."""
    unit = territory_get(scope=request.scope, code=code)
    bodies = body_list(scope=request.scope, territory=unit).order_by("organization__order", "body_type__order")
    coverage = None
    communes = []
    if unit.level in (Level.REGION, Level.PROVINCE):
        coverage = structuring_counts(scope=request.scope, territory=unit)
    if unit.level == Level.PROVINCE:
        local = body_list(scope=request.scope, level="local", within=unit).order_by("organization__order")
        by_territory = {}
        for b in local:
            by_territory.setdefault(b.territory_id, []).append(b)
        communes = [
            (commune, by_territory.get(commune.pk, []))
            for commune in territory_children_with_counts(scope=request.scope, parent=unit)
        ]
    return render(
        request,
        "organization/_on_territory.html",
        {"unit": unit, "bodies": bodies, "coverage": coverage, "communes": communes, "statuses": BodyStatus},
    )
