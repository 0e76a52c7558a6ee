"""Writes for the duties of law 09-08 (protection of personal data): consents, erasure, end of retention.

Each function is one transaction with its audit row. The capability checks (MEMBERS_WRITE for consents,
DATA_PROTECTION for erasure) are the views' job, after the scoped read; the retention command acts as no user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import DateField, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.access.models import Account
from tanzim.audit.services import audit_record, audit_redact
from tanzim.errors import CodedError
from tanzim.members.models import DuplicateFlag, Member, MemberStatus, StatusChange, UnionAffiliation
from tanzim.organization.models import Mandate
from tanzim.people.dossier import erase_everywhere, erasure_reach
from tanzim.people.footprint import require_person_within
from tanzim.territory.scope import Scope

from .models import Consent, ConsentChannel, ConsentPurpose, Erasure


class PrivacyError(CodedError):
    """A refused request, with a code for the API (declared in privacy/declarations.py) and a message in the
    user's language."""


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


def _require_member(scope: Scope, member: Member) -> None:
    if not scope.covers(member.path):
        raise PrivacyError("outside_scope", _("This member is outside your territory."))
    require_person_within(scope, member.person_id)


def consent_record(
    *, acting_user, scope: Scope, member: Member, purpose: str, channel: str, given_on: dt.date | None = None
) -> Consent:
    """Record that a member consented to a purpose (a paper form, an online form, at a meeting, an import)."""
    _require_member(scope, member)
    if purpose not in ConsentPurpose.values or channel not in ConsentChannel.values:
        raise PrivacyError("unknown_choice", _("Choose a purpose and a channel from the lists."))
    if Erasure.objects.filter(member=member).exists():
        raise PrivacyError("erased", _("The personal data of this member were erased."))
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        raise PrivacyError("future", _("A consent cannot be dated in the future."))
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                member=member,
                purpose=purpose,
                channel=channel,
                given_on=given_on,
                recorded_by=_user_or_none(acting_user),
            )
            audit_record(
                acting_user=acting_user,
                action="consent.record",
                target=consent,
                territory_path=member.path,
                changes={
                    "member": member.pk,
                    "purpose": purpose,
                    "channel": channel,
                    "given_on": given_on.isoformat(),
                },
            )
    except IntegrityError:
        raise PrivacyError("already_given", _("This member's consent to this purpose is already on record.")) from None
    return consent


def consent_withdraw(*, acting_user, scope: Scope, consent: Consent, on: dt.date | None = None) -> Consent:
    """A member withdraws a consent. The row stays, dated, as proof of what was agreed and until when."""
    _require_member(scope, consent.member)
    if consent.withdrawn_on is not None:
        raise PrivacyError("already_withdrawn", _("This consent was already withdrawn."))
    on = max(on or timezone.localdate(), consent.given_on)
    with transaction.atomic():
        consent.withdrawn_on = on
        consent.save(update_fields=["withdrawn_on"])
        audit_record(
            acting_user=acting_user,
            action="consent.withdraw",
            target=consent,
            territory_path=consent.member.path,
            changes={"member": consent.member_id, "purpose": consent.purpose, "withdrawn_on": on.isoformat()},
        )
    return consent


# The keys whose values an erasure removes from the audit rows of the member and of the person. Field names,
# counts, statuses, dates of status and ids stay: they say what was done without saying about whom.
ERASED_AUDIT_KEYS = (
    "first_name_ar",
    "last_name_ar",
    "first_name_latin",
    "last_name_latin",
    "birth_date",
    "cin",
    "phone",
    "address",
    "card_number",
    "profession",
    "associative_activity",
    "name_ar",
    "name_latin",
    "union",
    "note",
    "dropped_card",
    "dropped_name",
)

ERASED_NAME_AR = "محذوف"
ERASED_NAME_LATIN = "Effacé"


def erased_card_number(member: Member) -> str:
    # The card number is how paper records (cards, receipts, lists) point at a person: it goes too.
    return f"X-{member.pk}"


def member_erase(*, acting_user, scope: Scope, member: Member, reason: str) -> Erasure:
    """Erase a member's personal data (law 09-08: a request to erase, or the end of the retention period).

    What goes: names (replaced by "محذوف"/"Effacé" and the member id, so lists still render a line), identity
    card, phone, address, card number, free-text profile (profession, associative activity, status notes),
    trade-union affiliations, open duplicate flags (they pair the entry with the person's other entry), and the
    personal values inside the audit rows of the member and the person (`audit_redact`).

    What stays, so that counts and office history stay true: gender, commune, local body, status and its dated
    history, dues years, sector, education level, competences, elected mandates (public offices), party mandates
    (the holder is now anonymous), consents (proof; they hold no identity). The birth date keeps its year only,
    as 1 July of that year: ages and the youth count are off by at most six months, never by a generation.

    A login of the person is deactivated (its authority came from them). One transaction; an "member.erase" row
    with the reason and no personal value is appended after the redaction. `scope` is where the eraser may
    protect data: it must cover the member and everything the person holds (PersonBeyondScope otherwise).
    """
    reason = (reason or "").strip()
    if not reason:
        raise PrivacyError("no_reason", _("Say why the data are erased."))
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("person").get(pk=member.pk)
        _require_member(scope, member)
        if Erasure.objects.filter(member=member).exists():
            raise PrivacyError("already_erased", _("The personal data of this member were already erased."))
        person = member.person
        if not scope.contains(erasure_reach(person=person)):
            # The erasure would rewrite records another office keeps (a regional meeting's approved minutes, a
            # candidacy the national office decided): only an official whose territory covers them may erase.
            raise PrivacyError(
                "records_beyond",
                _(
                    "This member is named in records kept by offices beyond your territory (meetings, activities "
                    "or candidacies of a higher body): an official of the office whose territory covers them must "
                    "erase the data."
                ),
            )
        person.first_name_ar, person.last_name_ar = ERASED_NAME_AR, str(member.pk)
        person.first_name_latin, person.last_name_latin = ERASED_NAME_LATIN, str(member.pk)
        person.cin = person.phone = person.address = ""
        if person.birth_date is not None:
            person.birth_date = dt.date(person.birth_date.year, 7, 1)
        person.save()  # recomputes the name key

        member.card_number = erased_card_number(member)
        member.profession = ""
        member.associative_activity = ""
        member.save(update_fields=["card_number", "profession", "associative_activity", "updated_at"])
        StatusChange.objects.filter(member=member).exclude(note="").update(note="")
        unions = UnionAffiliation.objects.filter(member=member).delete()[0]
        flags = DuplicateFlag.objects.filter(Q(first=member) | Q(second=member)).delete()[0]
        deactivated = list(
            Account.objects.filter(person=person, user__is_active=True).values_list("user_id", flat=True)
        )
        if deactivated:
            get_user_model().objects.filter(pk__in=deactivated).update(is_active=False)

        elsewhere = erase_everywhere(person=person)  # what the apps built on the registry hold about the person
        redacted = audit_redact(target_type="members.member", target_id=str(member.pk), keys=ERASED_AUDIT_KEYS)
        redacted += audit_redact(target_type="people.person", target_id=str(person.pk), keys=ERASED_AUDIT_KEYS)
        erasure = Erasure.objects.create(member=member, erased_by=_user_or_none(acting_user), reason=reason[:500])
        audit_record(
            acting_user=acting_user,
            action="member.erase",
            target=member,
            territory_path=member.path,
            changes={
                "reason": reason[:500],
                "person": person.pk,
                "unions_removed": unions,
                "duplicate_flags_removed": flags,
                "audit_rows_redacted": redacted,
                "accounts_deactivated": deactivated,
                **({"other_records": elsewhere} if elsewhere else {}),
            },
        )
    return erasure


ENDED_STATUSES = (MemberStatus.LAPSED, MemberStatus.RESIGNED, MemberStatus.DECEASED)


def retention_cutoff(*, years: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def retention_due(*, years: int, today: dt.date | None = None):
    """Members lapsed, resigned or deceased for more than `years` years, not yet erased.

    The status began on the later of its last dated history row and `status_since` (an import changes the
    status and `status_since` without a history row): the later date never erases anyone too early. A member
    with neither date is not due (nobody can say since when), see `retention_undated`.
    """
    cutoff = retention_cutoff(years=years, today=today)
    today = today or timezone.localdate()
    # Never a person who still holds a mandate: their name is on an office's record, and a status typed wrong
    # must not erase a sitting official; the office ends the mandate first.
    sitting = Mandate.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).values("person_id")
    return (
        _with_status_start()
        .filter(status__in=ENDED_STATUSES, erasure__isnull=True, status_start__lt=cutoff)
        .exclude(person_id__in=sitting)
        .order_by("pk")
    )


def retention_undated():
    """Members in an ended status with no date for it: the retention command reports them, it cannot judge."""
    return _with_status_start().filter(status__in=ENDED_STATUSES, erasure__isnull=True, status_start__isnull=True)


def _with_status_start():
    last_change = Subquery(
        StatusChange.objects.filter(member=OuterRef("pk"), status=OuterRef("status"))
        .order_by("-since", "-id")
        .values("since")[:1],
        output_field=DateField(),
    )
    # Greatest of two nullable dates, written so that SQLite (NULL wins) and PostgreSQL (NULL ignored) agree.
    return Member.objects.annotate(last_change=last_change).annotate(
        status_start=Greatest(
            Coalesce(F("last_change"), F("status_since")),
            Coalesce(F("status_since"), F("last_change")),
            output_field=DateField(),
        )
    )


@dataclass
class RetentionReport:
    erased: dict[str, int] = field(default_factory=dict)
    undated: int = 0

    @property
    def total(self) -> int:
        return sum(self.erased.values())


def retention_apply(*, years: int, dry_run: bool = False, today: dt.date | None = None) -> RetentionReport:
    """Erase (or, dry run, count) the members whose ended status is older than the retention period.

    Acts as no user: the audit rows have no actor and the reason "retention". Each member is erased in its own
    transaction, so an interrupted run leaves every member either erased or untouched.
    """
    report = RetentionReport(erased=dict.fromkeys((s.value for s in ENDED_STATUSES), 0))
    # The ids first: no cursor stays open on the table while each erasure writes to it.
    for pk, status in list(retention_due(years=years, today=today).values_list("pk", "status")):
        if not dry_run:
            member_erase(acting_user=None, scope=Scope.everything(), member=Member(pk=pk), reason="retention")
        report.erased[status] += 1
    report.undated = retention_undated().count()
    return report
