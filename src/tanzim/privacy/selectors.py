"""Reads for the duties of law 09-08: a member's consents, and everything held about a person (right of access).

The member itself is always read first through `members.selectors.member_get(scope=…)`: these functions take
a member the reader may already see.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tanzim.access.models import Account
from tanzim.audit.actions import action_label
from tanzim.audit.selectors import audit_list
from tanzim.members.models import DuplicateFlag, Member
from tanzim.members.selectors import member_get, member_list
from tanzim.organization.models import Mandate, Renewal
from tanzim.organization.selectors import party_profile
from tanzim.people.dossier import dossier_parts
from tanzim.territory.scope import Scope

from .models import Consent, Erasure


def consent_list(*, member: Member) -> QuerySet:
    """The consents of a member the reader already sees, current ones first, newest first."""
    return Consent.objects.filter(member=member).order_by("withdrawn_on", "-given_on", "-id")


def consent_list_of(pks, *, members) -> QuerySet:
    """Consents by id, of the members of `members` (a queryset of the member ids the reader sees)."""
    return Consent.objects.filter(pk__in=pks, member__in=members).select_related("member__person")


def consent_get(*, scope: Scope, pk: int) -> Consent:
    """One consent, or 404 when it does not exist or its member lies outside the scope."""
    consent = Consent.objects.filter(pk=pk).first()
    if consent is None:
        raise Http404
    consent.member = member_get(scope=scope, pk=consent.member_id)
    return consent


def erasure_of(member: Member) -> Erasure | None:
    return Erasure.objects.filter(member=member).select_related("erased_by").first()


def _choice(value: str, label) -> dict[str, str] | None:
    return {"code": value, "label": str(label)} if value else None


def _date(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def member_dossier(*, scope: Scope, member: Member) -> dict[str, Any]:
    """Everything held about the person of a member, for the right of access (law 09-08, art. 7).

    The reader has already been allowed to see the member (scoped read) and to answer for it (DATA_PROTECTION).
    Mandates and log rows are read through the reader's scope like every other read: an official of one province
    hands over what the province holds, and the copy says so (`complete` is false); a national data-protection
    officer's copy holds everything, mandates in every territory included. Duplicate flags say
    that the entry was compared with another, never who the other is (another person's data). The log lists
    what was done with the data (when, what, by which login, from which address), not the values.

    Labels follow the active language; codes stay for machines. The same dictionary feeds JSON and PDF.
    """
    person = member.person
    mandates = list(
        Mandate.objects.visible_to(scope)
        .filter(person=person)
        .select_related("person", "position_type", "body__body_type", "body__territory", "body__organization")
        .order_by("-start_date", "id")
    )
    consents = list(Consent.objects.filter(member=member).order_by("given_on", "id"))
    # Both sides inside the reader's scope, as on the member page: a flag pairing the member with someone of
    # another territory would tell whether a phone or an identity card belongs to a member anywhere.
    visible = member_list(scope=scope).values("pk")
    flags = list(
        DuplicateFlag.objects.filter(
            Q(first=member) | Q(second=member), first__in=visible, second__in=visible
        ).order_by("found_at", "id")
    )
    account = Account.objects.filter(person=person).select_related("user").first()
    erasure = erasure_of(member)
    profile = party_profile()

    # Renewals that started or ended one of the person's mandates (an ended mandate ends on the next renewal).
    renewals = {m.renewal_id for m in mandates if m.renewal_id}
    ended = Q(pk__in=[])
    for m in mandates:
        if m.end_date is not None:
            ended |= Q(body_id=m.body_id, held_on=m.end_date)
    renewals |= set(Renewal.objects.filter(ended).values_list("pk", flat=True))
    about = (
        Q(target_type="members.member", target_id=str(member.pk))
        | Q(target_type="people.person", target_id=str(person.pk))
        | Q(target_type=Consent._meta.label_lower, target_id__in=[str(c.pk) for c in consents])
        | Q(target_type="organization.mandate", target_id__in=[str(m.pk) for m in mandates])
        | Q(target_type="organization.renewal", target_id__in=[str(pk) for pk in renewals])
        | Q(target_type="members.duplicateflag", target_id__in=[str(f.pk) for f in flags])
    )
    if account is not None:
        about |= Q(target_type=Account._meta.label_lower, target_id=str(account.pk))
    # What the apps built on the registry hold (meetings, dues, elections…), each through its own extension.
    more = dossier_parts(person=person, scope=scope)
    for part in more.values():
        for target_type, ids in part.audit_targets.items():
            about |= Q(target_type=target_type, target_id__in=[str(i) for i in ids])
    log = audit_list(scope=scope).filter(about).order_by("at", "id")

    commune = person.commune
    return {
        "generated_at": _date(timezone.now()),
        "complete": scope.is_everything,
        "controller": profile.name if profile else "",
        "person": {
            "first_name_ar": person.first_name_ar,
            "last_name_ar": person.last_name_ar,
            "first_name_latin": person.first_name_latin,
            "last_name_latin": person.last_name_latin,
            "gender": _choice(person.gender, person.get_gender_display()),
            "birth_date": _date(person.birth_date),
            "cin": person.cin,
            "phone": person.phone,
            "address": person.address,
            "commune": {"code": commune.code, "name_ar": commune.name_ar, "name_fr": commune.name_fr}
            if commune
            else None,
        },
        "membership": {
            "card_number": member.card_number,
            "join_date": _date(member.join_date),
            "local_body": member.local_body.name if member.local_body is not None else None,
            "status": _choice(member.status, member.get_status_display()),
            "status_since": _date(member.status_since),
            "status_history": [
                {"status": _choice(s.status, s.get_status_display()), "since": _date(s.since), "note": s.note}
                for s in member.status_history.order_by("since", "id")
            ],
            "verified_on": _date(member.verified_on),
            "competences": [{"code": t.key, "name_ar": t.name_ar, "name_fr": t.name_fr} for t in member.tags.all()],
            "profession": member.profession,
            "sector": _choice(member.sector, member.get_sector_display()),
            "education_level": _choice(member.education_level, member.get_education_level_display()),
            "associative_activity": member.associative_activity,
        },
        "trade_unions": [
            {"union": u.union, "level": _choice(u.level, u.get_level_display()), "position": u.position}
            for u in member.unions.order_by("id")
        ],
        "elected_mandates": [
            {
                "office": _choice(e.office, e.get_office_display()),
                "territory": e.territory.name if e.territory is not None else None,
                "term_start": e.term_start,
                "term_end": e.term_end,
                "head_of_list": e.head_of_list,
            }
            for e in member.elected.select_related("territory").order_by("term_start", "id")
        ],
        "party_mandates": [
            {
                "position": m.title,
                "body": m.body.name,
                "start_date": _date(m.start_date),
                "end_date": _date(m.end_date),
                "end_reason": _choice(m.end_reason, m.get_end_reason_display()),
            }
            for m in mandates
        ],
        "consents": [
            {
                "purpose": _choice(c.purpose, c.get_purpose_display()),
                "channel": _choice(c.channel, c.get_channel_display()),
                "given_on": _date(c.given_on),
                "withdrawn_on": _date(c.withdrawn_on),
            }
            for c in consents
        ],
        "duplicate_flags": [
            {
                "reason": _choice(f.reason, f.get_reason_display()),
                "status": _choice(f.status, f.get_status_display()),
                "found_at": _date(f.found_at),
            }
            for f in flags
        ],
        "more": {key: {"title": str(part.title), "rows": part.rows} for key, part in more.items()},
        "login": {"username": account.user.get_username(), "active": account.user.is_active} if account else None,
        "erasure": {"erased_at": _date(erasure.erased_at), "reason": erasure.reason} if erasure else None,
        "processing": [
            {
                "at": _date(row.at),
                "action": row.action,
                "label": action_label(row.action),
                "actor": row.actor.get_username() if row.actor_id else None,
                "address": row.address,
            }
            for row in log
        ],
    }
