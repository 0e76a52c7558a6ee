"""Every write to the party's structure: one function per use case, one transaction, one audit row each."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.people.footprint import PersonBeyondScope, footprints
from tanzim.people.models import Person
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .errors import ErrorCode, OrganizationError, SeatBeyondPowers, SeatBeyondScope
from .models import (
    TERRITORY_LEVELS_FOR_BODY_LEVEL,
    Body,
    BodyLevel,
    BodyStatus,
    BodyType,
    EndReason,
    Mandate,
    OfficeChange,
    OfficeChangeKind,
    Organization,
    PartyProfile,
    PositionType,
    Renewal,
)
from .nomenclature import ORGANIZATION_KINDS, PRESETS, STRUCTURE_BODY_TYPES, STRUCTURE_POSITIONS
from .powers import powers_named, powers_withheld

# --- party profile and nomenclature ---------------------------------------------------------------------------


def nomenclature_apply(*, acting_user, preset: str) -> None:
    """Write a preset's words into body types, position types and organizations (creating missing ones).

    Running it again with another preset renames everything at once; bodies and mandates are untouched.
    """
    chosen = PRESETS.get(preset)
    if chosen is None:
        raise OrganizationError(ErrorCode.UNKNOWN_PRESET, preset=preset)
    with transaction.atomic():
        types: dict[str, BodyType] = {}
        for key, (level, category, _parent, order) in STRUCTURE_BODY_TYPES.items():
            body_words = chosen.body_types[key]
            types[key], _ = BodyType.objects.update_or_create(
                key=key,
                defaults=dict(
                    level=level,
                    category=category,
                    order=order,
                    name_ar=body_words.name.ar,
                    name_fr=body_words.name.fr,
                    head_title_ar=body_words.head.ar,
                    head_title_ar_f=body_words.head.ar_f,
                    head_title_fr=body_words.head.fr,
                    head_title_fr_f=body_words.head.fr_f,
                ),
            )
        for key, (_level, _category, parent, _order) in STRUCTURE_BODY_TYPES.items():
            parent_type = types[parent] if parent else None
            if types[key].parent_type_id != (parent_type.pk if parent_type else None):
                types[key].parent_type = parent_type
                types[key].save(update_fields=["parent_type"])
        for key, (rank, is_head, multi, committee) in STRUCTURE_POSITIONS.items():
            words = chosen.positions[key]
            PositionType.objects.update_or_create(
                key=key,
                defaults=dict(
                    rank=rank,
                    is_head=is_head,
                    multi_holder=multi,
                    committee=committee,
                    name_ar=words.ar,
                    name_ar_f=words.ar_f,
                    name_fr=words.fr,
                    name_fr_f=words.fr_f,
                    plural_ar=words.plural_ar,
                    plural_fr=words.plural_fr,
                ),
            )
        for key, words in chosen.organizations.items():
            kind, order = ORGANIZATION_KINDS[key]
            Organization.objects.update_or_create(
                key=key, defaults=dict(kind=kind, order=order, name_ar=words.ar, name_fr=words.fr)
            )
        profile = PartyProfile.objects.filter(pk=1).first()
        if profile is not None and profile.preset != preset:
            profile.preset = preset
            profile.save(update_fields=["preset"])
        audit_record(
            acting_user=acting_user,
            action="nomenclature.apply",
            target=types["national_executive"],
            changes={"preset": preset},
        )


def party_setup(
    *, acting_user, name_ar: str, name_fr: str, preset: str, short_name_ar: str = "", short_name_fr: str = ""
) -> PartyProfile:
    """Create or update the party profile and apply its nomenclature preset."""
    with transaction.atomic():
        profile, created = PartyProfile.objects.update_or_create(
            pk=1,
            defaults=dict(
                name_ar=name_ar,
                name_fr=name_fr,
                short_name_ar=short_name_ar,
                short_name_fr=short_name_fr,
                preset=preset,
            ),
        )
        nomenclature_apply(acting_user=acting_user, preset=preset)
        audit_record(
            acting_user=acting_user,
            action="party.create" if created else "party.update",
            target=profile,
            changes={"name_ar": name_ar, "name_fr": name_fr, "preset": preset},
        )
    return profile


# --- bodies ---------------------------------------------------------------------------------------------------


def _check_body_shape(*, body_type: BodyType, territory: Territory | None, parent: Body | None) -> None:
    allowed = TERRITORY_LEVELS_FOR_BODY_LEVEL[BodyLevel(body_type.level)]
    if (territory is None) != (not allowed) or (territory is not None and territory.level not in allowed):
        raise OrganizationError(
            ErrorCode.TERRITORY_LEVEL_MISMATCH,
            type=body_type.name,
            territory=territory.name if territory else "—",
        )
    if parent is not None:
        # A parent sits on the same territory or one that contains it, and is not of a lower level.
        inside = (territory is None and parent.territory_id is None) or (
            territory is not None and (parent.path is None or territory.path.startswith(parent.path))
        )
        if not inside:
            raise OrganizationError(ErrorCode.PARENT_LEVEL_MISMATCH, parent=parent.name, type=body_type.name)


def body_create(
    *,
    acting_user,
    organization: Organization,
    body_type: BodyType,
    territory: Territory | None = None,
    parent: Body | None = None,
    label_ar: str = "",
    label_fr: str = "",
    status: str = BodyStatus.NOT_CONSTITUTED,
) -> Body:
    """Create a body after checking that its territory fits its level and its parent sits above it."""
    _check_body_shape(body_type=body_type, territory=territory, parent=parent)
    body = Body(
        organization=organization,
        body_type=body_type,
        territory=territory,
        parent=parent,
        label_ar=label_ar.strip(),
        label_fr=label_fr.strip(),
        status=status,
    )
    try:
        with transaction.atomic():
            body.save()
            audit_record(
                acting_user=acting_user,
                action="body.create",
                target=body,
                territory_path=body.path,
                changes={"type": body_type.key, "territory": territory.code if territory else None, "status": status},
            )
    except IntegrityError:
        raise OrganizationError(ErrorCode.BODY_EXISTS, body=body.name) from None
    return body


def body_set_status(*, acting_user, body: Body, status: str) -> Body:
    """Mark a body constituted, dormant or not constituted."""
    old = body.status
    if old == status:
        return body
    with transaction.atomic():
        body.status = status
        body.save(update_fields=["status"])
        audit_record(
            acting_user=acting_user,
            action="body.update",
            target=body,
            territory_path=body.path,
            changes={"status": [old, status]},
        )
    return body


# --- mandates -------------------------------------------------------------------------------------------------


def mandate_start(
    *, acting_user, body: Body, person: Person, position_type: PositionType, start_date: dt.date
) -> Mandate:
    """Give a person a position in a body (e.g. filling a vacancy between renewals)."""
    if start_date > timezone.localdate():
        raise OrganizationError(ErrorCode.DATE_IN_FUTURE, date=start_date)
    if (
        not position_type.multi_holder
        and Mandate.objects.filter(body=body, position_type=position_type, end_date__isnull=True).exists()
    ):
        raise OrganizationError(ErrorCode.POSITION_TAKEN, position=position_type.name, body=body.name)
    mandate = Mandate(
        body=body,
        person=person,
        position_type=position_type,
        single_holder=not position_type.multi_holder,
        start_date=start_date,
    )
    try:
        with transaction.atomic():
            mandate.save()
            audit_record(
                acting_user=acting_user,
                action="mandate.create",
                target=mandate,
                territory_path=body.path,
                changes={"person": person.pk, "position": position_type.key, "start": start_date.isoformat()},
            )
    except IntegrityError as exc:
        raise OrganizationError(ErrorCode.INTEGRITY, detail=str(exc)) from None
    return mandate


def mandate_end(
    *,
    acting_user,
    mandate: Mandate,
    end_date: dt.date,
    reason: str = EndReason.OTHER,
    note: str = "",
    scope: Scope | None = None,
) -> Mandate:
    """End one current mandate on a date, for a reason (resignation, death, dismissal…), between renewals; the
    other mandates of the body are not touched and the history keeps it. Recorded as an OfficeChange.

    `scope` is where the official may write offices (`renewing.renewer_scope`; None: a trusted caller): the body
    must lie inside it. Ending a mandate takes a place away from a person and gives them none, so, as in a
    renewal, the person's other places are not asked about."""
    if reason not in EndReason.values or reason == EndReason.RENEWED:
        raise ValueError(f"not a reason to end one mandate: {reason!r}")
    body = mandate.body
    if scope is not None and not scope.covers(body.path):
        raise PersonBeyondScope(_("This body is outside your territory."))
    if end_date > timezone.localdate():
        raise OrganizationError(ErrorCode.CHANGE_IN_FUTURE, field="end_date", date=end_date)
    with transaction.atomic():
        locked = Mandate.objects.select_for_update().filter(pk=mandate.pk).first()
        if locked is None or locked.end_date is not None:
            raise OrganizationError(ErrorCode.MANDATE_ALREADY_ENDED, end=(locked or mandate).end_date or end_date)
        if end_date < locked.start_date:
            raise OrganizationError(ErrorCode.END_BEFORE_START, field="end_date", end=end_date, start=locked.start_date)
        change = OfficeChange.objects.create(
            body=body,
            kind=OfficeChangeKind.END,
            held_on=end_date,
            note=note.strip(),
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        mandate.end_date = end_date
        mandate.end_reason = reason
        mandate.ended_by = change
        mandate.save(update_fields=["end_date", "end_reason", "ended_by"])
        audit_record(
            acting_user=acting_user,
            action="mandate.update",
            target=mandate,
            territory_path=body.path,
            changes={
                "end_date": [None, end_date.isoformat()],
                "end_reason": reason,
                "change": change.pk,
                "note": change.note,
            },
        )
    return mandate


def office_add(
    *,
    acting_user,
    body: Body,
    held_on: dt.date,
    seats: Iterable[Seat],
    kind: str = OfficeChangeKind.CO_OPTION,
    note: str = "",
    scope: Scope | None = None,
    authority=None,
) -> OfficeChange:
    """Add persons to an office or council between renewals (co-option, appointment), in one transaction,
    without touching the other mandates: "تم اختيار عدد من المناضلين والأطر لتعزيز أداء الجهاز".

    The same rules as a renewal: a single-holder position has one holder (one already in office, or two new
    rows, refuse it), a person holds a position once at a time, the date is neither in the future nor before
    the current office began, and with a `scope` (`renewing.renewer_scope`) the body and the whole footprint of
    every person added lie inside it; with the writer's `authority`, no seat gives a capability the writer does not
    hold at the body from outside it (SeatBeyondPowers). A refusal names the seat that caused it (`row`)."""
    if kind not in (OfficeChangeKind.CO_OPTION, OfficeChangeKind.APPOINTMENT):
        raise ValueError(f"not a kind of addition: {kind!r}")
    seats = list(seats)
    if scope is not None:
        if not scope.covers(body.path):
            raise PersonBeyondScope(_("This body is outside your territory."))
        _require_seats_within(scope, seats, range(len(seats)))
        _refuse_own_seat(acting_user, seats, range(len(seats)))
    _require_powers_held(authority, body, seats, range(len(seats)))
    if not seats:
        raise OrganizationError(ErrorCode.NOTHING_TO_ADD)
    if held_on > timezone.localdate():
        raise OrganizationError(ErrorCode.CHANGE_IN_FUTURE, field="held_on", date=held_on)
    _check_seats_apart(seats)
    try:
        with transaction.atomic():
            current = list(
                Mandate.objects.select_for_update()
                .select_related("position_type")
                .filter(body=body, end_date__isnull=True)
            )
            started = body.renewals.order_by("-held_on").values_list("held_on", flat=True).first()
            if started is not None and held_on < started:
                raise OrganizationError(ErrorCode.DATE_BEFORE_OFFICE, field="held_on", date=held_on, start=started)
            taken = {m.position_type_id for m in current if not m.position_type.multi_holder}
            holding = {(m.position_type_id, m.person_id) for m in current}
            for i, seat in enumerate(seats):
                if seat.position_type.pk in taken:
                    raise OrganizationError(
                        ErrorCode.POSITION_TAKEN,
                        row=i,
                        field="position_type",
                        position=seat.position_type.name,
                        body=body.name,
                    )
                if (seat.position_type.pk, seat.person.pk) in holding:
                    raise OrganizationError(
                        ErrorCode.PERSON_HOLDS_POSITION,
                        row=i,
                        field="person",
                        person=seat.person.full_name,
                        position=seat.position_type.name,
                    )
            change = OfficeChange.objects.create(
                body=body,
                kind=kind,
                held_on=held_on,
                note=note.strip(),
                created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
            )
            for seat in seats:
                mandate = Mandate.objects.create(
                    body=body,
                    person=seat.person,
                    position_type=seat.position_type,
                    single_holder=not seat.position_type.multi_holder,
                    start_date=held_on,
                    added_by=change,
                )
                audit_record(
                    acting_user=acting_user,
                    action="mandate.create",
                    target=mandate,
                    territory_path=body.path,
                    changes={
                        "person": seat.person.pk,
                        "position": seat.position_type.key,
                        "start": held_on.isoformat(),
                        "kind": kind,
                        "change": change.pk,
                        "note": change.note,
                    },
                )
    except IntegrityError as exc:
        raise _renewal_refusal(exc, body=body, held_on=held_on) from None
    return change


# --- renewal of an office -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """One line of a new office: a position and the person who takes it."""

    position_type: PositionType
    person: Person


def _refuse_own_seat(acting_user, seats: list[Seat], rows: Iterable[int]) -> None:
    """Nobody seats themself: a position gives its holder authority, which an official of a body above hands over
    (a login's person is read through the user's reverse `account`, without importing the app that holds it)."""
    account = getattr(acting_user, "account", None) if acting_user is not None else None
    own = getattr(account, "person_id", None)
    for i in rows:
        if own is not None and seats[i].person.pk == own:
            raise SeatBeyondScope(
                row=i, message=_("Nobody gives themself a position: an official of a body above records yours.")
            )


def _require_powers_held(authority, body: Body, seats: list[Seat], rows: Iterable[int]) -> None:
    """The capability ceiling of a write (organization/powers.py): a seat may not give its person a capability, at
    the body's place, that the writer (`authority`; None: a trusted caller) does not hold there themself."""
    if authority is None:
        return
    asked: dict[int, list[str]] = {}
    for i in rows:
        position = seats[i].position_type
        if position.pk not in asked:
            asked[position.pk] = powers_withheld(authority, position, body)
        if asked[position.pk]:
            raise SeatBeyondPowers(
                row=i, position=position.name, body=body.name, powers=powers_named(asked[position.pk])
            )


def _require_seats_within(scope: Scope, seats: list[Seat], rows: Iterable[int]) -> None:
    """`require_person_within` for seats, naming the row of the first person who reaches beyond `scope`."""
    rows = list(rows)
    if scope.is_everything or not rows:
        return
    reach = footprints([seats[i].person.pk for i in rows])
    for i in rows:
        place = reach.get(seats[i].person.pk)
        if place is not None and not scope.contains(place):
            raise SeatBeyondScope(row=i)


def _check_seats_apart(seats: list[Seat]) -> None:
    """Among the seats given: a single-holder position once, a person in a position once (the later row is the
    one refused)."""
    per_position = Counter(seat.position_type.pk for seat in seats)
    seen_positions: set[int] = set()
    seen_pairs: set[tuple[int, int]] = set()
    for i, seat in enumerate(seats):
        position = seat.position_type
        if position.pk in seen_positions and not position.multi_holder:
            raise OrganizationError(
                ErrorCode.SINGLE_POSITION_TWICE,
                row=i,
                field="position_type",
                position=position.name,
                count=per_position[position.pk],
            )
        if (position.pk, seat.person.pk) in seen_pairs:
            raise OrganizationError(
                ErrorCode.PERSON_TWICE_IN_POSITION,
                row=i,
                field="person",
                person=seat.person.full_name,
                position=position.name,
            )
        seen_positions.add(position.pk)
        seen_pairs.add((position.pk, seat.person.pk))


def _check_composition(*, body: Body, held_on: dt.date, seats: list[Seat]) -> None:
    if not seats:
        raise OrganizationError(ErrorCode.EMPTY_COMPOSITION)
    if held_on > timezone.localdate():
        raise OrganizationError(ErrorCode.DATE_IN_FUTURE, field="held_on", date=held_on)
    _check_seats_apart(seats)
    head = PositionType.objects.filter(is_head=True).order_by("rank").first()
    if head is not None and head.pk not in {seat.position_type.pk for seat in seats}:
        raise OrganizationError(ErrorCode.HEAD_MISSING, position=body.body_type.head_title() or head.name)
    # A date before the current office started is refused by the database itself (a mandate cannot end
    # before it starts); office_renew translates that refusal, so the rule lives in one place.


def _ancestor_ids(body: Body) -> set[int]:
    found: set[int] = set()
    parent_id = body.parent_id
    while parent_id is not None and parent_id not in found:
        found.add(parent_id)
        parent_id = Body.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return found


def _check_framers(*, body: Body, held_on: dt.date, framed_by: list[Mandate]) -> None:
    """Who framed a renewal held a mandate, that day, in a body above the one renewed."""
    if not framed_by:
        return
    above = _ancestor_ids(body)
    for mandate in framed_by:
        held = mandate.start_date <= held_on and (mandate.end_date is None or mandate.end_date >= held_on)
        if mandate.body_id not in above or not held:
            raise OrganizationError(
                ErrorCode.FRAMER_NOT_ABOVE,
                field="framed_by",
                person=mandate.person.full_name,
                body=body.name,
                date=held_on,
            )


def office_renew(
    *,
    acting_user,
    body: Body,
    held_on: dt.date,
    seats: Iterable[Seat],
    supervised_by: Body | None = None,
    framed_by: Iterable[Mandate] = (),
    notes: str = "",
    scope: Scope | None = None,
    authority=None,
) -> Renewal:
    """Renew an office (تجديد المكتب) in one transaction.

    Every current mandate of the body ends on `held_on` (reason: renewed), the new composition starts that
    day, and the body becomes constituted. Any rule broken (by the checks here or by the database
    constraints) raises OrganizationError and leaves the old office exactly as it was.

    `scope` is where the renewing official may write offices (None: a trusted caller, the demo or a command):
    a person newly seated must lie wholly inside it (PersonBeyondScope otherwise), so a provincial secretary
    cannot seat the regional office's deputy head, nor anyone whose place reaches beyond her territory.
    With the writer's `authority`, no newly seated person receives a capability the writer does not hold at the
    body from outside it (SeatBeyondPowers): who holds only the offices' write cannot seat a head or a treasurer.

    `framed_by`: the mandates, in bodies above, of the officials who framed the renewal (أطّره). A refusal
    caused by one seat names it (`row`, the index in `seats`; `field`).
    """
    seats = list(seats)
    framed_by = list(framed_by)
    if scope is not None:
        if not scope.covers(body.path):
            raise PersonBeyondScope(_("This body is outside your territory."))
        holding = set(
            Mandate.objects.filter(body=body, end_date__isnull=True).values_list("person_id", "position_type_id")
        )
        newcomers = [i for i, s in enumerate(seats) if (s.person.pk, s.position_type.pk) not in holding]
        _require_seats_within(scope, seats, newcomers)
        _refuse_own_seat(acting_user, seats, newcomers)
    if authority is not None:
        holding = set(
            Mandate.objects.filter(body=body, end_date__isnull=True).values_list("person_id", "position_type_id")
        )
        _require_powers_held(
            authority, body, seats, [i for i, s in enumerate(seats) if (s.person.pk, s.position_type.pk) not in holding]
        )
    _check_composition(body=body, held_on=held_on, seats=seats)
    if supervised_by is not None and (
        supervised_by.pk == body.pk
        or (supervised_by.territory_id is not None and body.territory_id is None)
        or (supervised_by.path is not None and body.path is not None and not body.path.startswith(supervised_by.path))
    ):
        raise OrganizationError(
            ErrorCode.SUPERVISOR_NOT_ABOVE, field="supervised_by", supervisor=supervised_by.name, body=body.name
        )
    _check_framers(body=body, held_on=held_on, framed_by=framed_by)
    try:
        with transaction.atomic():
            renewal = Renewal.objects.create(
                body=body,
                held_on=held_on,
                supervised_by=supervised_by,
                notes=notes.strip(),
                created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
            )
            if framed_by:
                renewal.framed_by.set(framed_by)
            ending = list(
                Mandate.objects.select_for_update()
                .select_related("position_type")
                .filter(body=body, end_date__isnull=True)
            )
            # A renewal dated on or before the start of the office it replaces would leave that office a
            # history of zero days: the history of a body is written forward only.
            earlier = body.renewals.exclude(pk=renewal.pk).values_list("held_on", flat=True)
            dates = [m.start_date for m in ending] + list(earlier)
            started = max(dates) if dates else None
            if started is not None and held_on < started:
                raise OrganizationError(
                    ErrorCode.DATE_BEFORE_CURRENT_OFFICE, field="held_on", date=held_on, start=started
                )
            if started is not None and held_on == started:
                raise OrganizationError(
                    ErrorCode.DATE_NOT_AFTER_LAST_RENEWAL, field="held_on", date=held_on, start=started
                )
            Mandate.objects.filter(pk__in=[m.pk for m in ending]).update(end_date=held_on, end_reason=EndReason.RENEWED)
            created = [
                Mandate.objects.create(
                    body=body,
                    person=seat.person,
                    position_type=seat.position_type,
                    single_holder=not seat.position_type.multi_holder,
                    start_date=held_on,
                    renewal=renewal,
                )
                for seat in seats
            ]
            old_status = body.status
            if old_status != BodyStatus.CONSTITUTED:
                body.status = BodyStatus.CONSTITUTED
                body.save(update_fields=["status"])
            audit_record(
                acting_user=acting_user,
                action="office.renew",
                target=renewal,
                territory_path=body.path,
                changes={
                    "body": body.pk,
                    "held_on": held_on.isoformat(),
                    "ended": [[m.pk, m.position_type.key, m.person_id] for m in ending],
                    "started": [[m.pk, m.position_type.key, m.person_id] for m in created],
                    "framed_by": [m.pk for m in framed_by],
                    "status": [old_status, body.status],
                },
            )
    except IntegrityError as exc:
        body.refresh_from_db(fields=["status"])
        raise _renewal_refusal(exc, body=body, held_on=held_on) from None
    return renewal


def _renewal_refusal(exc: IntegrityError, *, body: Body, held_on: dt.date) -> OrganizationError:
    """Translate a constraint the database refused into the error a person can act on."""
    text = str(exc)
    if "mandate_ends_after_it_starts" in text:
        start = (
            Mandate.objects.filter(body=body, end_date__isnull=True)
            .order_by("-start_date")
            .values_list("start_date", flat=True)
            .first()
        )
        return OrganizationError(
            ErrorCode.DATE_BEFORE_CURRENT_OFFICE, field="held_on", date=held_on, start=start or held_on
        )
    if "one_current_holder_of_a_single_position" in text:
        return OrganizationError(ErrorCode.POSITION_TAKEN, position="—", body=body.name)
    if "person_holds_a_position_once_at_a_time" in text:
        return OrganizationError(ErrorCode.PERSON_HOLDS_POSITION, person="—", position="—")
    return OrganizationError(ErrorCode.INTEGRITY, detail=text.splitlines()[0] if text else "")
