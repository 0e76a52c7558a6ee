"""Identity conflicts held by an import: a row whose card number belongs to a member with another identity.

The importer holds such a row (importer.MemberImporter.hold_conflicts) instead of overwriting the person behind
the card; an official who may write the member decides here: keep the registry as it is, replace it with the
file's values (the same person, whose record was wrong), or give the file's person a new card (another person).
Reads go through the reader's scope; every decision checks the writer's scope (the member's whole footprint, and
where the file's row would put them) and is audited.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.organization.models import Body
from tanzim.people.dossier import erasure_step
from tanzim.people.footprint import require_person_within
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from . import parsing
from .models import ConflictStatus, ImportConflict, Member
from .services import MemberError, member_save

DECISIONS = ("keep", "replace", "new_card")
IDENTITY = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "gender", "birth_date", "cin")
SHOWN = (*IDENTITY, "phone", "commune", "profession")


def conflict_list(*, scope: Scope, job=None, status: str | None = ConflictStatus.OPEN) -> QuerySet:
    """Held conflicts the reader's scope covers on both sides — where the member is and where the file's row would
    put the person (the row shows that other person's identity) — newest first."""
    conflicts = (
        ImportConflict.objects.visible_to(scope)
        .filter(scope.q("file_path"))
        .select_related("member__person__commune", "job")
    )
    if job is not None:
        conflicts = conflicts.filter(job=job)
    if status:
        conflicts = conflicts.filter(status=status)
    return conflicts


def conflict_get(*, scope: Scope, pk: int) -> ImportConflict:
    conflict = conflict_list(scope=scope, status=None).filter(pk=pk).first()
    if conflict is None:
        raise Http404
    return conflict


def conflict_sides(conflicts: list[ImportConflict]) -> list[dict]:
    """Each conflict with its two identities side by side (registry, file), as rows of (field, left, right)."""
    from tanzim.people.models import Gender

    communes = dict(
        Territory.objects.filter(pk__in={c.values.get("commune_id") for c in conflicts} - {None}).values_list(
            "pk", "name_ar" if _arabic() else "name_fr"
        )
    )
    labels = {
        "first_name_ar": _("First name (Arabic)"),
        "last_name_ar": _("Last name (Arabic)"),
        "first_name_latin": _("First name (Latin)"),
        "last_name_latin": _("Last name (Latin)"),
        "gender": _("Gender"),
        "birth_date": _("Birth date"),
        "cin": _("National identity card"),
        "phone": _("Phone"),
        "commune": _("Commune"),
        "profession": _("Profession"),
    }
    genders = dict(Gender.choices)
    result = []
    for conflict in conflicts:
        values = conflict.values
        if conflict.member is None:
            result.append(_file_sides(conflict, labels, genders, communes))
            continue
        person = conflict.member.person
        rows = []
        for name in SHOWN:
            if name == "commune":
                left = (
                    person.commune.name_ar
                    if _arabic() and person.commune
                    else (person.commune.name_fr if person.commune else "")
                )
                right = communes.get(values.get("commune_id"), "")
            elif name == "profession":
                left, right = conflict.member.profession, values.get("profession", "")
            elif name == "birth_date":
                left = person.birth_date.strftime("%d/%m/%Y") if person.birth_date else ""
                right = _date_text(values.get("birth_date"))
            elif name == "gender":
                left, right = str(genders.get(person.gender, "")), str(genders.get(values.get("gender"), ""))
            else:
                left, right = getattr(person, name) or "", values.get(name) or ""
            rows.append({"label": labels[name], "registry": left, "file": right, "differs": left != right})
        result.append({"conflict": conflict, "rows": rows, "other_rows": [], "refused": []})
    return result


def _file_sides(conflict: ImportConflict, labels: dict, genders: dict, communes: dict) -> dict:
    """A card the file gives to two people: this row beside the other row(s) of the file (their identities)."""
    values = conflict.values
    others = values.get("others") or [{}]
    other = others[0]
    rows = []
    for name in SHOWN:
        if name in IDENTITY and name != "gender":
            left, right = other.get(name) or "", values.get(name) or ""
            if name == "birth_date":
                left, right = _date_text(left), _date_text(right)
        elif name == "gender":
            left, right = "", str(genders.get(values.get("gender"), ""))
        elif name == "commune":
            left, right = "", communes.get(values.get("commune_id"), "")
        else:
            left, right = "", values.get(name) or ""
        rows.append({"label": labels[name], "registry": left, "file": right, "differs": bool(left) and left != right})
    return {
        "conflict": conflict,
        "rows": rows,
        "other_rows": [o.get("row") for o in others if o.get("row")],
        "refused": values.get("refused") or [],
    }


def _arabic() -> bool:
    from django.utils import translation

    return (translation.get_language() or "ar").startswith("ar")


def _date_text(value) -> str:
    if not value:
        return ""
    return dt.date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")


def _file_data(conflict: ImportConflict) -> tuple[dict, dict, Body | None, list[int]]:
    """The file's row as member_save takes it."""
    values = conflict.values
    person_data = {
        "first_name_ar": values.get("first_name_ar", ""),
        "last_name_ar": values.get("last_name_ar", ""),
        "first_name_latin": values.get("first_name_latin", ""),
        "last_name_latin": values.get("last_name_latin", ""),
        "gender": values.get("gender", ""),
        "birth_date": dt.date.fromisoformat(values["birth_date"][:10]) if values.get("birth_date") else None,
        "cin": values.get("cin", ""),
        "phone": values.get("phone", ""),
        "commune_id": values.get("commune_id"),
    }
    member_data = {
        "join_date": dt.date.fromisoformat(values["join_date"][:10]) if values.get("join_date") else None,
        "status": values.get("status") or "active",
        "profession": values.get("profession", ""),
        "education_level": values.get("education_level", ""),
        "sector": values.get("sector", ""),
    }
    body = Body.objects.filter(pk=values["local_body_id"]).first() if values.get("local_body_id") else None
    years = [int(y) for y in str(values.get("dues") or "").split(",") if y]
    return person_data, member_data, body, years


def conflict_resolve(
    *, acting_user, scope: Scope, conflict: ImportConflict, decision: str, new_card: str = ""
) -> ImportConflict:
    """Decide a held conflict: "keep" the registry, "replace" it with the file's values, or "new_card": the file's
    row is another person, who becomes a member under `new_card`. The writer's scope must cover the member (and
    the whole footprint of their person) and where the file's row would put them."""
    if decision not in DECISIONS:
        raise MemberError("bad_decision", _("Choose one of the three decisions."))
    with transaction.atomic():
        conflict = ImportConflict.objects.select_for_update().get(pk=conflict.pk)
        if conflict.status != ConflictStatus.OPEN:
            raise MemberError("conflict_decided", _("This conflict has already been decided."))
        if conflict.member_id is None:
            return _resolve_in_file(
                acting_user=acting_user, scope=scope, conflict=conflict, decision=decision, new_card=new_card
            )
        member = Member.objects.select_related("person").get(pk=conflict.member_id)
        if not scope.covers(member.path) or (conflict.file_path and not scope.covers(conflict.file_path)):
            raise MemberError("outside_scope", _("This member would be outside your territory."))
        require_person_within(scope, member.person_id)
        changes: dict = {"decision": decision, "row": conflict.row}
        if decision == "replace":
            person_data, member_data, body, years = _file_data(conflict)
            member_save(
                acting_user=acting_user,
                scope=scope,
                member=member,
                person_data=person_data,
                member_data=member_data,
                local_body=body,
                dues_years=years,
            )
            conflict.status = ConflictStatus.REPLACED
        elif decision == "new_card":
            card = parsing.parse_card_number(new_card)  # CellError: the view shows it
            person_data, member_data, body, years = _file_data(conflict)
            conflict.new_member = member_save(
                acting_user=acting_user,
                scope=scope,
                member=None,
                person_data=person_data,
                member_data={**member_data, "card_number": card},
                local_body=body,
                dues_years=years,
            )
            conflict.status = ConflictStatus.NEW_CARD
            changes["new_card"] = card
        else:
            conflict.status = ConflictStatus.KEPT
        conflict.resolved_by = acting_user if getattr(acting_user, "pk", None) else None
        conflict.resolved_at = timezone.now()
        conflict.save()
        audit_record(
            acting_user=acting_user,
            action="member.conflict_resolve",
            target=member,
            territory_path=member.path,
            changes=changes,
        )
    return conflict


def _resolve_in_file(
    *, acting_user, scope: Scope, conflict: ImportConflict, decision: str, new_card: str
) -> ImportConflict:
    """A row of a card the file gave to two people (inside conflict_resolve's transaction): "keep" sets the row
    aside, "replace" makes its person the card's member, "new_card" makes them a member under another card. A row
    refused for another reason can only be set aside: its file must be corrected."""
    if not scope.covers(conflict.path) or not scope.covers(conflict.file_path):
        raise MemberError("outside_scope", _("This member would be outside your territory."))
    if decision != "keep" and conflict.values.get("refused"):
        raise MemberError(
            "conflict_row_refused",
            _("This row was refused for another reason too: correct it in the file and import it again."),
        )
    changes: dict = {"decision": decision, "row": conflict.row, "card": conflict.card_number}
    if decision == "keep":
        conflict.status = ConflictStatus.KEPT
    else:
        card = conflict.card_number if decision == "replace" else parsing.parse_card_number(new_card)
        person_data, member_data, body, years = _file_data(conflict)
        conflict.new_member = member_save(
            acting_user=acting_user,
            scope=scope,
            member=None,
            person_data=person_data,
            member_data={**member_data, "card_number": card},
            local_body=body,
            dues_years=years,
        )
        conflict.status = ConflictStatus.REPLACED if decision == "replace" else ConflictStatus.NEW_CARD
        changes["new_card"] = card
    conflict.resolved_by = acting_user if getattr(acting_user, "pk", None) else None
    conflict.resolved_at = timezone.now()
    conflict.save()
    audit_record(
        acting_user=acting_user,
        action="member.conflict_resolve",
        target=conflict.new_member or conflict,
        territory_path=conflict.path,
        changes=changes,
    )
    return conflict


@erasure_step("members.import_conflicts")
def conflicts_erase(*, person) -> dict[str, int]:
    """An erased member's held conflicts go: what a file said of the person behind their card is theirs too."""
    removed, _by_model = ImportConflict.objects.filter(member__person=person).delete()
    return {"import_conflicts": removed}
