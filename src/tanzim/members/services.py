"""Writes to the registry: entry, update, status, verification, duplicates and merge. One transaction each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.errors import CodedError
from tanzim.organization.models import Body, Mandate
from tanzim.organization.powers import powers_withheld
from tanzim.people.dossier import erasure_reach
from tanzim.people.footprint import require_person_within
from tanzim.people.models import Person
from tanzim.territory.capability import Capability
from tanzim.territory.scope import Scope

from .declared_years import declared_years_write
from .merging import merge_steps_run
from .models import (
    DuplicateFlag,
    DuplicateReason,
    DuplicateStatus,
    ElectedMandate,
    Member,
    StatusChange,
    UnionAffiliation,
)


class MemberError(CodedError):
    """A refused write to the registry (codes declared in members/declarations.py)."""


def member_path(*, person: Person, local_body: Body | None) -> str:
    """Where a member is read from: the local body's territory, else the commune of residence."""
    if local_body is not None and local_body.territory is not None:
        return local_body.territory.path
    return person.commune.path if person.commune is not None else ""


def _close(a: str, b: str) -> bool:
    """Name keys equal, or one edit apart (a letter added, dropped or changed)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def duplicates_flag(members: Iterable[Member], *, fuzzy: bool = True) -> int:
    """Flag probable duplicates of these members among the whole registry. Returns how many flags are new.

    Same CIN, same phone, or same birth date with names one edit apart. Candidates come from indexed
    lookups; each candidate is matched against the batch through dictionaries, never pair by pair. An import
    (`fuzzy=False`) looks for the same birth date with the same name key only (the key already folds spelling
    variants): one indexed lookup per row instead of every member born that day.
    """
    members = [m for m in members if m.pk]
    if not members:
        return 0
    by_cin: dict[str, list[Member]] = {}
    by_phone: dict[str, list[Member]] = {}
    by_birth: dict = {}
    for m in members:
        p = m.person
        if p.cin:
            by_cin.setdefault(p.cin, []).append(m)
        if p.phone:
            by_phone.setdefault(p.phone, []).append(m)
        if p.birth_date:
            by_birth.setdefault(p.birth_date, []).append(m)
    # Separate lookups, each answered by its own index; one OR over all of them makes PostgreSQL scan.
    fields = ("pk", "person__cin", "person__phone", "person__birth_date", "person__name_key")
    lookups = [Q(person__cin__in=list(by_cin)), Q(person__phone__in=list(by_phone))]
    if fuzzy:
        lookups.append(Q(person__birth_date__in=list(by_birth)))
    else:
        # A superset (any listed date with any listed key), narrowed exactly below.
        keys = {m.person.name_key for mine in by_birth.values() for m in mine}
        lookups.append(Q(person__birth_date__in=list(by_birth), person__name_key__in=list(keys)))
    candidates = {}
    for lookup in lookups:
        # Each child is a (lookup, values) pair: the Q objects above are built from keyword arguments only.
        if lookup.children and all(isinstance(child, tuple) and child[1] for child in lookup.children):
            for row in Member.objects.filter(lookup).values_list(*fields).iterator(chunk_size=5000):
                candidates[row[0]] = row
    found: dict[tuple[int, int], str] = {}
    for pk, cin, phone, birth, key in candidates.values():
        for mine in by_cin.get(cin, ()) if cin else ():
            if mine.pk != pk:
                found.setdefault(tuple(sorted((mine.pk, pk))), DuplicateReason.SAME_CIN)
        for mine in by_phone.get(phone, ()) if phone else ():
            if mine.pk != pk:
                found.setdefault(tuple(sorted((mine.pk, pk))), DuplicateReason.SAME_PHONE)
        for mine in by_birth.get(birth, ()) if birth else ():
            if mine.pk != pk and _close(mine.person.name_key, key):
                found.setdefault(tuple(sorted((mine.pk, pk))), DuplicateReason.CLOSE_NAME)
    if not found:
        return 0
    flags = [DuplicateFlag(first_id=a, second_id=b, reason=reason) for (a, b), reason in found.items()]
    before = DuplicateFlag.objects.count()
    DuplicateFlag.objects.bulk_create(flags, ignore_conflicts=True)
    return DuplicateFlag.objects.count() - before


MEMBER_FIELDS = ("card_number", "join_date", "profession", "education_level", "sector", "associative_activity")
PERSON_FIELDS = (
    "first_name_ar",
    "last_name_ar",
    "first_name_latin",
    "last_name_latin",
    "gender",
    "birth_date",
    "cin",
    "phone",
    "commune",
    "address",
)


def _require_path(scope: Scope, path: str) -> None:
    if not scope.covers(path):
        raise MemberError("outside_scope", _("This member would be outside your territory."))


def _require_member(scope: Scope, member: Member) -> None:
    """A write to a member entry: the entry inside the writer's scope, and the person's whole footprint too (the
    status of a regional official who lives in the province is the region's to change: a resignation leads to
    the end of retention, and the erasure of a sitting official)."""
    _require_path(scope, member.path)
    require_person_within(scope, member.person_id)


def member_save(
    *,
    acting_user,
    scope: Scope,
    member: Member | None,
    person_data: dict,
    member_data: dict,
    local_body: Body | None,
    tags=None,
    dues_years: Iterable[int] = (),
) -> Member:
    """Create a member (with their person) or update one; flags probable duplicates; audits old → new.

    `scope` is where the writer may write members: the member must lie inside it before and after, and an
    update must not reach a person who also belongs beyond it (a mandate in a higher body: PersonBeyondScope).
    """
    with transaction.atomic():
        creating = member is None
        if member is not None:
            _require_member(scope, member)
        person = Person() if member is None else member.person
        before = (
            {}
            if creating
            else {f: str(getattr(person, f) or "") for f in PERSON_FIELDS}
            | {f: str(getattr(member, f) or "") for f in MEMBER_FIELDS}
        )
        for f, v in person_data.items():
            setattr(person, f, v)
        person.save()
        if member is None:
            member = Member(person=person)
        for f, v in member_data.items():
            setattr(member, f, v)
        member.local_body = local_body
        member.path = member_path(person=person, local_body=local_body)
        _require_path(scope, member.path)
        if creating and not member.status_since:
            member.status_since = timezone.localdate()
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError:
            raise MemberError("card_taken", _("This card number belongs to another member.")) from None
        if tags is not None:
            member.tags.set(tags)
        declared_years_write(acting_user=acting_user, scope=scope, pairs=[(member.pk, y) for y in dues_years])
        after = {f: str(getattr(person, f) or "") for f in PERSON_FIELDS} | {
            f: str(getattr(member, f) or "") for f in MEMBER_FIELDS
        }
        changes = {f: [before.get(f), after[f]] for f in after if before.get(f) != after[f]}
        audit_record(
            acting_user=acting_user,
            action="member.create" if creating else "member.update",
            target=member,
            territory_path=member.path,
            changes=changes,
        )
        duplicates_flag([member])
    return member


def member_enrol(*, acting_user, scope: Scope, person: Person, card_number: str) -> Member:
    """Make a person already known (added from a picker, an office holder) a member with this card number, in the
    party's local body of their commune when there is one. `scope`: where the writer may write members."""
    with transaction.atomic():
        local_body = (
            Body.objects.filter(
                organization__key="party", body_type__level="local", territory_id=person.commune_id
            ).first()
            if person.commune_id
            else None
        )
        member = Member(person=person, card_number=card_number, local_body=local_body)
        member.path = member_path(person=person, local_body=local_body)
        _require_path(scope, member.path)
        member.status_since = timezone.localdate()
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError:
            raise MemberError("card_taken", _("This card number belongs to another member.")) from None
        audit_record(
            acting_user=acting_user,
            action="member.create",
            target=member,
            territory_path=member.path,
            changes={"card_number": [None, card_number], "person": person.pk},
        )
        duplicates_flag([member])
    return member


def member_set_status(
    *, acting_user, scope: Scope, member: Member, status: str, since: dt.date, note: str = ""
) -> Member:
    """Change a member's status, keeping the dated history."""
    _require_member(scope, member)
    with transaction.atomic():
        old = member.status
        StatusChange.objects.create(
            member=member,
            status=status,
            since=since,
            note=note,
            recorded_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        member.status, member.status_since = status, since
        member.save(update_fields=["status", "status_since", "updated_at"])
        audit_record(
            acting_user=acting_user,
            action="member.update",
            target=member,
            territory_path=member.path,
            changes={"status": [old, status], "since": since.isoformat()},
        )
    return member


def common_path(paths: Iterable[str]) -> str:
    """The deepest territory path holding every one of `paths` ("" when one of them is national)."""
    paths = set(paths)
    if not paths or "" in paths:
        return ""
    common = []
    for codes in zip(*(p.rstrip("/").split("/") for p in paths), strict=False):
        if len(set(codes)) != 1:
            break
        common.append(codes[0])
    return "".join(f"{code}/" for code in common)


def members_verify(*, acting_user, scope: Scope, members: Iterable[Member], on: dt.date | None = None) -> int:
    """Mark members' entries as checked against reality (تحديث لوائح المنخرطين) on a date."""
    on = on or timezone.localdate()
    members = list(members)
    for m in members:
        _require_path(scope, m.path)
    ids = [m.pk for m in members]
    with transaction.atomic():
        count = Member.objects.filter(pk__in=ids).update(verified_on=on)
        audit_record(
            acting_user=acting_user,
            action="member.verify",
            target_type="members.member",
            territory_path=common_path(m.path for m in members),
            changes={"members": ids, "on": on.isoformat()},
        )
    return count


def _move_the_rest(old, new, *, handled: set) -> None:
    """Rows of other apps that point at the dropped entry (consents, …) move to the kept one.

    Read off the model's relations, so an app built later is carried along without this function knowing it.
    A one-to-one record of the dropped entry (a login, an erasure mark) cannot be carried onto the kept one
    without changing what the kept one is: the merge is refused, and can be made the other way round. A row
    the kept entry already has an equivalent of (a current consent for the same purpose) goes with the dropped.
    """
    # Every relation, the hidden ones too (related_name "+": the person an attendance line was represented by).
    relations = [f for f in old._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete]
    for rel in relations:
        model, name = rel.related_model, rel.field.name
        if model in handled or rel.many_to_many:
            continue
        rows = model._base_manager.filter(**{name: old})
        if rel.one_to_one:
            if rows.exists():
                raise MemberError(
                    "linked_record",
                    _("The entry to merge away has a %(record)s of its own: keep that entry and merge the other.")
                    % {"record": model._meta.verbose_name},
                )
            continue
        for pk in rows.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**{name: new})
            except IntegrityError:
                pass
        if rel.on_delete is models.PROTECT and rows.exists():
            # The kept entry has the same record already (two lines of one register, two proposals in one
            # constituency) and this one may not go with the dropped entry: the merge waits for a person to settle it.
            raise MemberError(
                "linked_record_clash",
                _(
                    "Both entries have a %(record)s for the same thing, and it cannot go with the entry merged "
                    "away: settle it on one of them first, then merge."
                )
                % {"record": model._meta.verbose_name},
            )


def duplicate_flag_dismiss(*, acting_user, scope: Scope, flag: DuplicateFlag) -> DuplicateFlag:
    """Two entries are different people: the flag is closed and stays as a record of the decision. Both members
    must lie in the writer's scope (the decision is about both)."""
    with transaction.atomic():
        first, second = flag.first, flag.second
        # The decision is about both persons: each must lie wholly in the writer's territory (footprint).
        _require_member(scope, first)
        _require_member(scope, second)
        if flag.status != DuplicateStatus.OPEN:
            raise MemberError("flag_closed", _("This flag was already decided."))
        flag.status = DuplicateStatus.DISMISSED
        flag.save(update_fields=["status"])
        audit_record(
            acting_user=acting_user,
            action="member.duplicate_dismiss",
            target=flag,
            territory_path=first.path,
            changes={"first": flag.first_id, "second": flag.second_id, "reason": flag.reason},
        )
    return flag


def merge_moves_mandates_allowed(authority, person_id: int) -> bool:
    """Whether the writer (`authority`) may move this person's mandates to another person in a merge: moving a
    mandate changes who holds an office, so the writer must record offices in each mandate's body (from outside
    it, as a renewal), and, for a mandate still running, hold every capability its position gives there (the
    capability ceiling of a write, organization/powers.py)."""
    today = timezone.localdate()
    for mandate in Mandate.objects.filter(person_id=person_id).select_related(
        "body__body_type", "body__organization", "position_type"
    ):
        body = mandate.body
        if not authority.without_body(body.pk).can(Capability.OFFICES_WRITE, body.path):
            return False
        running = mandate.end_date is None or mandate.end_date > today
        if running and powers_withheld(authority, mandate.position_type, body):
            return False
    return True


def records_beyond() -> MemberError:
    """A merge refused because it would rewrite records another office keeps."""
    return MemberError(
        "records_beyond",
        _(
            "These entries are named in records kept by offices beyond your territory (meetings, activities or "
            "candidacies of a higher body): an official of the office whose territory covers them must merge them."
        ),
    )


def member_merge(*, acting_user, scope: Scope, keep: Member, drop: Member, authority=None) -> Member:
    """Merge a duplicate into the member kept: mandates, dues, affiliations and history move; gaps are filled.

    Both entries, and everything their persons hold (mandates, grants, logins), must lie inside the writer's
    `scope`: a merge would otherwise carry a regional mandate onto the kept person (PersonBeyondScope).
    The dropped person's mandates move only when the writer's `authority` may record those offices and give
    every capability they carry (`merge_moves_mandates_allowed`); without an authority, only a trusted caller
    (a `scope` of everything: the commands) moves them.
    The records that name the dropped person (meetings, activities, candidacies: `people.dossier.erasure_reach`)
    are rewritten to name the kept one, so the writer's `scope` must cover them too.
    The dropped member and person are deleted; the audit row keeps their card number and names.
    """
    if keep.pk == drop.pk:
        raise MemberError("same_member", _("A member cannot be merged with itself."))
    with transaction.atomic():
        _require_member(scope, keep)
        _require_member(scope, drop)
        kept_person, dropped_person = keep.person, drop.person
        if not scope.contains(erasure_reach(person=dropped_person)):
            # Every record naming the entry merged away (a regional meeting's register, a candidacy the national
            # bureau decides) is rewritten to name the kept one: as for an erasure, the writer must cover them all.
            raise records_beyond()
        own = getattr(getattr(acting_user, "account", None), "person_id", None) if acting_user is not None else None
        if own is not None and own == kept_person.pk and Mandate.objects.filter(person=dropped_person).exists():
            # The dropped entry's mandates would become the writer's own: a position is handed over by a body above.
            raise MemberError(
                "own_mandates",
                _("This merge would give you the other entry's positions: an official of a body above must do it."),
            )
        moving = Mandate.objects.filter(person=dropped_person).exists()
        if moving and (
            (authority is None and not scope.is_everything)
            or (authority is not None and not merge_moves_mandates_allowed(authority, dropped_person.pk))
        ):
            raise MemberError(
                "mandates_beyond",
                _(
                    "The entry merged away holds positions in offices you do not record, or that carry "
                    "responsibilities you do not hold: an official of a body above must merge these entries."
                ),
            )
        filled = []
        for f in PERSON_FIELDS:
            if not getattr(kept_person, f) and getattr(dropped_person, f):
                setattr(kept_person, f, getattr(dropped_person, f))
                filled.append(f)
        kept_person.save()
        for f in MEMBER_FIELDS[1:]:
            if not getattr(keep, f) and getattr(drop, f):
                setattr(keep, f, getattr(drop, f))
                filled.append(f)
        keep.save()
        try:
            with transaction.atomic():
                Mandate.objects.filter(person=dropped_person).update(person=kept_person)
        except IntegrityError:
            raise MemberError(
                "mandate_clash", _("Both hold the same current position: end one mandate first.")
            ) from None
        for model in (UnionAffiliation, ElectedMandate, StatusChange):
            model.objects.filter(member=drop).update(member=keep)
        keep.tags.add(*drop.tags.all())
        merge_steps_run(drop=drop, keep=keep, scope=scope)
        _move_the_rest(drop, keep, handled={UnionAffiliation, ElectedMandate, StatusChange, DuplicateFlag})
        _move_the_rest(dropped_person, kept_person, handled={Mandate, Member})
        DuplicateFlag.objects.filter(Q(first=drop, second=keep) | Q(first=keep, second=drop)).update(
            status=DuplicateStatus.MERGED
        )
        audit_record(
            acting_user=acting_user,
            action="member.merge",
            target=keep,
            territory_path=keep.path,
            changes={
                "dropped_card": drop.card_number,
                "dropped_person": dropped_person.pk,
                "dropped_name": dropped_person.full_name_ar or dropped_person.full_name_latin,
                "filled": filled,
            },
        )
        DuplicateFlag.objects.filter(Q(first=drop) | Q(second=drop)).delete()
        drop.delete()
        dropped_person.delete()
    return keep


def member_union_add(
    *, acting_user, scope: Scope, member: Member, union: str, level: str, position: str
) -> UnionAffiliation:
    """Record a trade-union affiliation of a member."""
    _require_member(scope, member)
    with transaction.atomic():
        affiliation = UnionAffiliation.objects.create(
            member=member, union=union.strip(), level=level, position=position.strip()
        )
        audit_record(
            acting_user=acting_user,
            action="member.update",
            target=member,
            territory_path=member.path,
            changes={"union": [None, f"{affiliation.union} {level} {affiliation.position}".strip()]},
        )
    return affiliation


def member_elected_add(
    *,
    acting_user,
    scope: Scope,
    member: Member,
    office: str,
    territory,
    term_start: int,
    term_end: int | None,
    head_of_list: bool,
) -> ElectedMandate:
    """Record an elected (public) mandate of a member."""
    _require_member(scope, member)
    if term_end is not None and term_end < term_start:
        raise MemberError("term_order", _("A term cannot end before it starts."))
    with transaction.atomic():
        mandate = ElectedMandate.objects.create(
            member=member,
            office=office,
            territory=territory,
            term_start=term_start,
            term_end=term_end,
            head_of_list=head_of_list,
        )
        audit_record(
            acting_user=acting_user,
            action="member.update",
            target=member,
            territory_path=member.path,
            changes={"elected": [None, f"{office} {term_start}-{term_end or ''}"]},
        )
    return mandate


def member_profile_remove(*, acting_user, scope: Scope, member: Member, kind: str, pk: int) -> None:
    """Remove one trade-union affiliation or elected mandate of a member (kind: "union" or "elected")."""
    kinds: dict[str, type[UnionAffiliation | ElectedMandate]] = {"union": UnionAffiliation, "elected": ElectedMandate}
    model = kinds[kind]
    _require_member(scope, member)
    with transaction.atomic():
        row = model.objects.get(member=member, pk=pk)
        audit_record(
            acting_user=acting_user,
            action="member.update",
            target=member,
            territory_path=member.path,
            changes={kind: [str(row), None]},
        )
        row.delete()
