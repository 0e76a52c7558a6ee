"""Reads of the registry. Every function takes the reader's scope; a member lies where `Member.path` says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tanzim.arabic import name_key
from tanzim.organization.selectors import party_profile
from tanzim.people.selectors import persons_named, search_words  # noqa: F401  (the registry's name search)
from tanzim.territory.scope import Scope

from .models import DuplicateFlag, DuplicateStatus, ImportJob, Member


def youth_birth_cutoff(today: dt.date | None = None) -> dt.date:
    """Members born after this date are youth (the party's youth age limit, 35 unless configured)."""
    today = today or timezone.localdate()
    profile = party_profile()
    limit = profile.youth_age_limit if profile else 35
    try:
        return today.replace(year=today.year - limit)
    except ValueError:  # 29 February
        return today.replace(year=today.year - limit, day=28)


@dataclass
class MemberFilters:
    text: str = ""
    status: str = ""
    local_body_id: int | None = None
    territory_path: str = ""
    sector: str = ""
    profession: str = ""
    youth: bool | None = None
    women: bool | None = None
    tags: list[str] = field(default_factory=list)
    # Where a number typed in the search box is also matched against identity card numbers: the reader's
    # PERSONAL_DATA scope. None: card numbers only, so the box cannot tell whether a CIN belongs to a member.
    cin_scope: Scope | None = None


def _scoped(scope: Scope) -> QuerySet:
    return Member.objects.visible_to(scope).select_related(
        "person", "person__commune", "local_body__body_type", "local_body__territory", "local_body__organization"
    )


def member_list(*, scope: Scope, filters: MemberFilters | None = None) -> QuerySet:
    """The registry as the reader may see it, filtered. Youth and women are derived, never stored."""
    f = filters or MemberFilters()
    qs = _scoped(scope)
    if f.text:
        text = f.text.strip()
        if any(c.isdigit() for c in text):
            # A card number, or a CIN where the reader may see identity cards: exact, indexed lookups. Both are
            # stored in capitals by every write (parsing.parse_card_number, parse_cin): the typed text is put in
            # capitals here, so the plain indexes answer (an UPPER(column) comparison scanned the registry).
            number = Q(card_number=text.upper())
            if f.cin_scope is not None and (f.cin_scope.paths or f.cin_scope.national):
                cin = text.replace(" ", "").replace("-", "").upper()
                number |= Q(person__cin=cin) & f.cin_scope.q(Member.SCOPE_PATH)
            qs = qs.filter(number)
        elif name_key(text):
            # Names: the persons matching every word of the key first (word index), then their memberships.
            # Kept apart from the number lookups: an OR across both makes PostgreSQL walk the whole registry.
            qs = qs.filter(person__in=persons_named(text))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.local_body_id:
        qs = qs.filter(local_body_id=f.local_body_id)
    if f.territory_path:
        qs = qs.filter(path__startswith=f.territory_path)
    if f.sector:
        qs = qs.filter(sector=f.sector)
    if f.profession:
        qs = qs.filter(profession__icontains=f.profession)
    if f.youth is not None:
        cutoff = youth_birth_cutoff()
        qs = qs.filter(person__birth_date__gt=cutoff) if f.youth else qs.exclude(person__birth_date__gt=cutoff)
    if f.women is not None:
        qs = qs.filter(person__gender="f") if f.women else qs.exclude(person__gender="f")
    for tag in f.tags:
        qs = qs.filter(tags__key=tag)
    return qs.order_by("card_number")


def member_get(*, scope: Scope, pk: int) -> Member:
    try:
        return _scoped(scope).get(pk=pk)
    except Member.DoesNotExist:
        raise Http404 from None


def member_duplicates(*, scope: Scope, member: Member) -> QuerySet:
    """Open duplicate flags of a member whose both sides lie in the scope: a flag must not reveal a member of
    another territory. The flag says why (same identity card…), never the shared value."""
    visible = _scoped(scope).values("pk")
    return DuplicateFlag.objects.filter(
        Q(first=member) | Q(second=member),
        status=DuplicateStatus.OPEN,
        first__in=visible,
        second__in=visible,
    ).select_related("first__person", "second__person")


def duplicate_flags(*, scope: Scope) -> QuerySet:
    """Every open duplicate flag whose both members lie in the scope (a flag must not reveal a member of another
    territory), with what the duplicates page compares: persons, communes with their province, local bodies."""
    visible = _scoped(scope).values("pk")
    return (
        DuplicateFlag.objects.filter(status=DuplicateStatus.OPEN, first__in=visible, second__in=visible)
        .select_related(
            "first__person__commune__parent",
            "second__person__commune__parent",
            "first__local_body",
            "second__local_body",
        )
        .order_by("reason", "first_id", "second_id")
    )


def duplicate_flag_get(*, scope: Scope, pk: int) -> DuplicateFlag:
    """One open flag whose both members lie in the scope, or 404 (a closed flag, or one reaching outside)."""
    flag = duplicate_flags(scope=scope).filter(pk=pk).first()
    if flag is None:
        raise Http404
    return flag


def verification_by_body(*, scope: Scope, months: int = 12) -> QuerySet:
    """Per local body: members, the date the list was last verified, how many were verified in `months`."""
    since = timezone.localdate() - dt.timedelta(days=30 * months)
    return (
        _scoped(scope)
        .filter(local_body__isnull=False)
        .values("local_body_id")
        .annotate(
            members=Count("id"),
            last_verified=Max("verified_on"),
            verified_recently=Count("id", filter=Q(verified_on__gte=since)),
        )
        .order_by("local_body_id")
    )


def import_jobs_of(*, user, limit: int = 10) -> QuerySet:
    """The latest imports a user uploaded: an import belongs to its uploader, counts and rejections included."""
    return ImportJob.objects.filter(created_by=user).order_by("-created_at")[:limit]


def import_job_get(*, user, pk: int) -> ImportJob:
    """One import of the user's, or 404 (whoever else uploaded it, or none)."""
    job = ImportJob.objects.filter(created_by=user, pk=pk).first()
    if job is None:
        raise Http404
    return job
