from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tanzim.audit.selectors import audit_path_of
from tanzim.audit.services import audit_record
from tanzim.people.footprint import PersonBeyondScope
from tanzim.people.picker import PickRefused
from tanzim.people.services import person_from_pick
from tanzim.people.suggestions import suggestion_rows
from tanzim.people.widgets import DrawnAhead
from tanzim.territory.capability import Capability
from tanzim.territory.models import Level
from tanzim.territory.selectors import territory_children_with_counts, territory_get

from .errors import OrganizationError
from .forms import AdditionForm, EndMandateForm, RenewalForm, SeatFormSet, persons_for_body
from .models import Body, BodyStatus
from .panels import body_panels
from .pasting import DOUBTFUL, MOST_CHARACTERS, NEW, SURE, Reading, branch_commune, read_composition
from .renewing import renewer_scope
from .selectors import (
    body_ancestors,
    body_children,
    body_get,
    body_history,
    body_list,
    body_roots,
    framer_choices,
    office_current,
    office_lines,
    organization_list,
    position_type_list,
    structuring_counts,
)
from .services import Seat, mandate_end, office_add, office_renew


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
    """A body: current office in statutory order, history of renewals and of the changes between them,
    sub-bodies."""
    body = body_get(scope=request.scope, pk=pk)
    office = list(office_current(scope=request.scope, body=body))
    children = body_children(scope=request.scope, body=body).order_by("body_type__order", "territory__code")
    ancestors = list(reversed(body_ancestors(scope=request.scope, body=body)))
    return render(
        request,
        "organization/detail.html",
        {
            "body": body,
            "office": office_lines(office),
            "office_size": len(office),
            "women_in_office": sum(1 for m in office if m.person.is_female),
            "history": body_history(scope=request.scope, body=body),
            "children": children,
            "ancestors": ancestors,
            "may_change_office": _may_change_office(request, body),
            # What the apps above add to the page (meetings, directives…), read through the scope.
            "panels": body_panels.for_page(body, scope=request.scope, authority=request.authority),
        },
    )


def _may_change_office(request, body) -> bool:
    """Whether the reader may renew, add to or end mandates of the body's office (from outside the body)."""
    if not request.authority.can(Capability.OFFICES_WRITE, body.path):
        return False
    try:
        renewer_scope(request.authority, body)
    except PermissionDenied:
        return False
    return True


# --- the rows of an office on a page -----------------------------------------------------------------------
#
# The renewal and the additions share their rows: a formset of SeatForm under the prefix "seat", its empty form in
# a <template> that static/tanzim/rows.js clones (adding rows in the page, removing them). Without JavaScript the
# "add rows" and "remove" buttons submit the form, which comes back with the rows as typed, one more or one less,
# and nothing recorded.

SEAT_PREFIX = "seat"
ROWS_AT_ONCE = 4
MOST_ROWS = 200


def _count(value, *, most: int) -> int:
    value = value or ""
    return min(int(value), most) if value.isascii() and value.isdigit() and len(value) <= 4 else 0


def _row_action(data) -> tuple[str, int] | None:
    """The row button that sent the form, if one did: ("add", n) or ("remove", index)."""
    if "add_rows" in data:
        return ("add", ROWS_AT_ONCE)
    if "remove_row" in data:
        return ("remove", _count(data.get("remove_row"), most=MOST_ROWS))
    return None


def _rows_as_typed(data, action) -> list[dict]:
    """The rows of a posted form as initial values, one added or one taken away."""
    total = _count(data.get(f"{SEAT_PREFIX}-TOTAL_FORMS"), most=MOST_ROWS)
    rows = []
    for i in range(total):
        person = f"{SEAT_PREFIX}-{i}-person"
        row = {
            "position_type": data.get(f"{SEAT_PREFIX}-{i}-position_type", ""),
            # The picker as it was sent: the chosen id and the text in its box (a card number typed without
            # JavaScript stays in the box, to be read when the form is recorded).
            "person": (data.get(person, ""), data.get(f"{person}_q", ""), None, f"{person}_new"),
        }
        if action[0] == "remove" and i == action[1]:
            continue
        rows.append(row)
    if action[0] == "add":
        rows += [{} for _ in range(action[1])]
    return rows


def _fields_as_typed(data, form_class, prefix=None) -> dict:
    initial = {}
    for name, field in form_class.base_fields.items():
        key = f"{prefix}-{name}" if prefix else name
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            initial[name] = data.getlist(key)
        elif key in data:
            initial[name] = data.get(key)
    return initial


def _show_refusal(error, form, filled) -> None:
    """Put a service's refusal beside what caused it: a row's field, a field of the form, or the form."""
    row, field = getattr(error, "row", None), getattr(error, "field", None)
    if row is not None and 0 <= row < len(filled):
        seat_form = filled[row][0]
        seat_form.add_error(field if field in seat_form.fields else None, error.message)
    elif field in form.fields:
        form.add_error(field, error.message)
    else:
        form.add_error(None, error.message)


def _row_errors(formset) -> list[tuple[str, str]]:
    """Each row's errors as (the row's anchor on the page, message): the summary above the form links to them."""
    if not formset.is_bound:
        return []
    return [
        (f"row-{seat.prefix}", message)
        for seat in formset.forms
        for messages_ in seat.errors.values()
        for message in messages_
    ]


def _seat_formset(request, body, writer, *, data=None, initial=None):
    """The rows of an office form: each picks a position and a person (or a new person, created where `writer`,
    the scope of this office write, reaches; enrolled as a member where the reader may add members)."""
    return SeatFormSet(
        data,
        prefix=SEAT_PREFIX,
        positions=position_type_list(),
        persons=persons_for_body(
            scope=request.scope,
            body=body,
            create_scope=writer,
            enrol_scope=request.authority.scope(Capability.MEMBERS_WRITE),
        ),
        head_title=body.body_type.head_title(),
        initial=initial,
    )


def _seats(request, writer, filled) -> list[Seat]:
    """The seats of the filled rows, a new person of a row created now (inside the caller's transaction)."""
    enrol_scope = request.authority.scope(Capability.MEMBERS_WRITE)
    return [
        Seat(
            position_type=position,
            person=person_from_pick(acting_user=request.user, scope=writer, pick=picked, enrol_scope=enrol_scope),
        )
        for _form, position, picked in filled
    ]


def _renewal_forms(request, body):
    """What a renewal form chooses among: the bodies above (supervisor) and their officials (framers)."""
    supervisors = body_list(scope=request.scope).filter(
        pk__in=[b.pk for b in body_ancestors(scope=request.scope, body=body)]
    )
    return supervisors, framer_choices(scope=request.scope, body=body)


def _renew_page(request, body, form, formset, *, refused=False, paste=None):
    return render(
        request,
        "organization/renew.html",
        {
            "body": body,
            "form": form,
            "formset": formset,
            "refused": refused,
            "row_errors": _row_errors(formset),
            "paste": paste or _Paste(),
            "paste_url": reverse("organization:renew_paste", args=[body.pk]),
        },
    )


def body_renew(request, pk: int):
    """Renew the office of a body: the form starts from the current composition; a refusal keeps every row as
    typed, with the reason beside the row (or the field) that caused it."""
    body = body_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.OFFICES_WRITE, body.path)
    renewer = renewer_scope(request.authority, body)
    supervisors, framers = _renewal_forms(request, body)
    refused = False
    if request.method == "POST" and (action := _row_action(request.POST)):
        form = RenewalForm(
            supervisors=supervisors, framers=framers, initial=_fields_as_typed(request.POST, RenewalForm)
        )
        formset = _seat_formset(request, body, renewer, initial=_rows_as_typed(request.POST, action))
    elif request.method == "POST":
        form = RenewalForm(request.POST, supervisors=supervisors, framers=framers)
        formset = _seat_formset(request, body, renewer, data=request.POST)
        if form.is_valid() and formset.is_valid():
            filled = formset.filled()
            try:
                # Persons added from the pickers are created in the renewal's transaction: a refused renewal
                # creates nobody.
                with transaction.atomic():
                    office_renew(
                        acting_user=request.user,
                        body=body,
                        held_on=form.cleaned_data["held_on"],
                        seats=_seats(request, renewer, filled),
                        supervised_by=form.cleaned_data["supervised_by"],
                        framed_by=form.cleaned_data["framed_by"],
                        notes=form.cleaned_data["notes"],
                        scope=renewer,
                        authority=request.authority,
                    )
            except (OrganizationError, PersonBeyondScope, PickRefused) as error:
                _show_refusal(error, form, filled)
            else:
                messages.success(request, _("The office of %(body)s was renewed.") % {"body": body.name})
                return redirect(reverse("organization:detail", args=[body.pk]))
        refused = True
    else:
        rows = request.GET.get("rows", "")
        extra = min(int(rows), 40) if rows.isascii() and rows.isdigit() and len(rows) <= 3 else ROWS_AT_ONCE
        current = office_current(scope=request.scope, body=body)
        initial = [{"position_type": m.position_type_id, "person": m.person_id} for m in current]
        initial += [{} for _ in range(extra)]
        form = RenewalForm(supervisors=supervisors, framers=framers, initial={"supervised_by": body.parent_id})
        formset = _seat_formset(request, body, renewer, initial=initial)
    return _renew_page(request, body, form, formset, refused=refused)


def _add_page(request, body, form, formset, *, refused=False, paste=None):
    return render(
        request,
        "organization/add.html",
        {
            "body": body,
            "form": form,
            "formset": formset,
            "refused": refused,
            "row_errors": _row_errors(formset),
            "office": office_lines(office_current(scope=request.scope, body=body)),
            "paste": paste or _Paste(),
            "paste_url": reverse("organization:add_paste", args=[body.pk]),
        },
    )


def body_add(request, pk: int):
    """Add persons to a body's office or council between renewals (co-option, appointment), the other mandates
    untouched; the same rows as a renewal."""
    body = body_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.OFFICES_WRITE, body.path)
    scope = renewer_scope(request.authority, body)
    refused = False
    if request.method == "POST" and (action := _row_action(request.POST)):
        form = AdditionForm(initial=_fields_as_typed(request.POST, AdditionForm))
        formset = _seat_formset(request, body, scope, initial=_rows_as_typed(request.POST, action))
    elif request.method == "POST":
        form = AdditionForm(request.POST)
        formset = _seat_formset(request, body, scope, data=request.POST)
        if form.is_valid() and formset.is_valid():
            filled = formset.filled()
            try:
                with transaction.atomic():  # a new person is created only with the addition
                    office_add(
                        acting_user=request.user,
                        body=body,
                        held_on=form.cleaned_data["held_on"],
                        kind=form.cleaned_data["kind"],
                        seats=_seats(request, scope, filled),
                        note=form.cleaned_data["note"],
                        scope=scope,
                        authority=request.authority,
                    )
            except (OrganizationError, PersonBeyondScope, PickRefused) as error:
                _show_refusal(error, form, filled)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d person was added to %(body)s.",
                        "%(count)d persons were added to %(body)s.",
                        len(filled),
                    )
                    % {"count": len(filled), "body": body.name},
                )
                return redirect(reverse("organization:detail", args=[body.pk]))
        refused = True
    else:
        form = AdditionForm()
        formset = _seat_formset(request, body, scope, initial=[{} for _ in range(ROWS_AT_ONCE)])
    return _add_page(request, body, form, formset, refused=refused)


# --- a pasted composition -------------------------------------------------------------------------------------
#
# The paste box sits inside the renewal's (or the addition's) form; its button sends the whole form to the views
# below (formaction), so the date, the framers and any row typed come back as they were. The composition is read
# into rows (organization/pasting.py): a renewal's rows are replaced by it, an addition's are kept and the pasted
# ones added after them. Nothing is recorded here: the page comes back for the official to check and record.


@dataclass
class _Paste:
    """The paste box's state on the page: what was pasted, what was read, and what could not be."""

    text: str = ""
    error: str = ""
    read: bool = False
    reading: Reading | None = None

    @property
    def unmatched_lines(self) -> list[str]:
        return self.reading.unmatched_lines if self.reading else []

    def count(self, status: str) -> int:
        return self.reading.count(status) if self.reading else 0

    @property
    def rows(self) -> int:
        return len(self.reading.rows) if self.reading else 0

    @property
    def sure(self) -> int:
        return self.count(SURE)

    @property
    def doubtful(self) -> int:
        return self.count(DOUBTFUL)

    @property
    def new(self) -> int:
        return self.count(NEW)


def _read_paste(request, body, *, start: int) -> tuple[_Paste, list[dict]]:
    """Read the posted composition into the initial values of rows numbered from `start`."""
    text = str(request.POST.get("composition", ""))
    paste = _Paste(text=text)
    if not text.strip():
        paste.error = _("Paste the composition first: one line per person, as the party published it.")
        return paste, []
    if len(text) > MOST_CHARACTERS:
        paste.error = _("This text is too long to be one office's composition. Paste only the lines that list it.")
        return paste, []
    persons = persons_for_body(scope=request.scope, body=body)
    within = persons["within_path"]
    reading = read_composition(text, body=body, scope=request.scope, within_path=within, most=MOST_ROWS - start)
    paste.read, paste.reading = True, reading
    writable = request.authority.scope(Capability.OFFICES_WRITE).intersection(request.scope)
    home = branch_commune(body)
    rows = []
    for row in reading.rows:
        person: object
        names = (
            {"first_name_ar": row.first_name, "last_name_ar": row.last_name}
            if row.arabic
            else {"first_name_latin": row.first_name, "last_name_latin": row.last_name}
        )
        place = {"gender": row.gender, "commune": home.code if home is not None else ""}
        options = []
        if row.status in (SURE, DOUBTFUL):
            options = suggestion_rows(
                row.candidates, scope=request.scope, authority=request.authority, writable=writable
            )
            if row.status == SURE and options[0]["beyond"]:
                row.status = DOUBTFUL  # a higher body holds them: this reader cannot seat them, say so in the list
        if row.status == SURE and row.person is not None:
            person = row.person.pk
        elif row.status == DOUBTFUL:
            person = DrawnAhead(typed=row.found.name, new_initial=place, options=tuple(options))
        else:
            person = DrawnAhead(new_initial={**names, **place}, new_open=True)
        rows.append({"position_type": row.position.pk, "person": person, "pasted": row})
    if reading.rows:
        audit_record(
            acting_user=request.user,
            action="member.list",
            target_type="people.person",
            territory_path=audit_path_of(request.scope, within),
            changes={"paste": True, "names": len(reading.rows), "shown": sum(len(r.candidates) for r in reading.rows)},
            address=request.META.get("REMOTE_ADDR"),
        )
    return paste, rows


def _rows_kept(data) -> list[dict]:
    """The rows of a posted form as they were typed, up to the last one holding something (a new person's details
    included): an addition keeps them and the pasted rows come after."""
    total = _count(data.get(f"{SEAT_PREFIX}-TOTAL_FORMS"), most=MOST_ROWS)
    rows: list[dict] = []
    last = -1
    for i in range(total):
        prefix = f"{SEAT_PREFIX}-{i}-"
        gender = f"{prefix}person_new-gender"  # drawn chosen ahead: no sign of a row typed
        held = any(str(v).strip() for k, v in data.items() if k.startswith(prefix) and k != gender)
        person = f"{prefix}person"
        rows.append(
            {
                "position_type": data.get(f"{prefix}position_type", ""),
                "person": (data.get(person, ""), data.get(f"{person}_q", ""), data, f"{person}_new"),
            }
        )
        if held:
            last = i
    return rows[: last + 1]


def body_renew_paste(request, pk: int):
    """Read a pasted composition into the renewal's rows (they replace the proposed ones); nothing is recorded."""
    body = body_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.OFFICES_WRITE, body.path)
    renewer = renewer_scope(request.authority, body)
    if request.method != "POST":
        return redirect(reverse("organization:renew", args=[body.pk]))
    supervisors, framers = _renewal_forms(request, body)
    form = RenewalForm(supervisors=supervisors, framers=framers, initial=_fields_as_typed(request.POST, RenewalForm))
    paste, rows = _read_paste(request, body, start=0)
    if not rows:  # nothing read (an empty box, no pair in the text): the rows stay as they were
        rows = _rows_kept(request.POST)
    formset = _seat_formset(request, body, renewer, initial=rows)
    return _renew_page(request, body, form, formset, paste=paste)


def body_add_paste(request, pk: int):
    """Read a pasted composition into rows added after those already typed; nothing is recorded."""
    body = body_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.OFFICES_WRITE, body.path)
    scope = renewer_scope(request.authority, body)
    if request.method != "POST":
        return redirect(reverse("organization:add", args=[body.pk]))
    form = AdditionForm(initial=_fields_as_typed(request.POST, AdditionForm))
    kept = _rows_kept(request.POST)
    paste, rows = _read_paste(request, body, start=len(kept))
    formset = _seat_formset(request, body, scope, initial=kept + rows)
    return _add_page(request, body, form, formset, paste=paste)


def body_end_mandate(request, pk: int):
    """End one mandate of a body between renewals, for a reason and on a date."""
    body = body_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.OFFICES_WRITE, body.path)
    scope = renewer_scope(request.authority, body)
    mandates = office_current(scope=request.scope, body=body)
    if request.method == "POST":
        form = EndMandateForm(request.POST, mandates=mandates)
        if form.is_valid():
            mandate = form.cleaned_data["mandate"]
            try:
                mandate_end(
                    acting_user=request.user,
                    mandate=mandate,
                    end_date=form.cleaned_data["end_date"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    scope=scope,
                )
            except (OrganizationError, PersonBeyondScope) as error:
                _show_refusal(error, form, [])
            else:
                messages.success(
                    request,
                    _("The mandate of %(person)s as “%(title)s” ended.")
                    % {"person": mandate.person.full_name, "title": mandate.title},
                )
                return redirect(reverse("organization:detail", args=[body.pk]))
    else:
        chosen = request.GET.get("mandate", "")
        form = EndMandateForm(mandates=mandates, initial={"mandate": chosen} if chosen.isdigit() else {})
    return render(request, "organization/end.html", {"body": body, "form": form, "has_office": mandates.exists()})


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
        by_territory: dict[int | None, list[Body]] = {}
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
