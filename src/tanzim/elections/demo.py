"""The demo's elections: the 2026 legislative election as a past one — the party's lists in the Tétouan and
Taounate local constituencies and its women's list in the Tanger-Tétouan-Al Hoceïma regional constituency, filed
with every document received, and their results, whose elected became elected mandates in the registry — and the
2027 communal elections being prepared in Tétouan and Taounate (constituencies from the communes' population,
proposals under way). `elections_demo_load()` runs after the registry's demo (load-demo, load-demo-work)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tanzim.members.models import Member, MemberStatus
from tanzim.organization.models import Body
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .models import DocumentKind, Election, ElectionKind, Proposal
from .services import (
    communal_constituencies_generate,
    criteria_defaults,
    filing_receive,
    legislative_2026_load,
    list_file,
    list_place,
    proposal_create,
    proposal_decide,
    result_record,
)

EVERYTHING = Scope.everything()
# (province code, votes, seats won) of the party's local lists in 2026
LOCAL_RESULTS = [("01.571", 21_340, 1), ("03.531", 17_905, 1)]
REGIONAL = ("01", 96_118, 2)
COMMUNAL_DAY = dt.date(2027, 9, 15)  # provisional: the date is set by decree; the department corrects it


def _body(key: str, code: str) -> Body | None:
    return Body.objects.filter(body_type__key=key, territory__code=code, organization__key="party").first()


def _members(path: str, n: int, *, women: bool = False, exclude=()) -> list[Member]:
    qs = Member.objects.filter(path__startswith=path, status=MemberStatus.ACTIVE).exclude(pk__in=list(exclude))
    if women:
        qs = qs.filter(person__gender="f")
    return list(qs.select_related("person").order_by("join_date", "id")[:n])


def _list(constituency, body, members, *, votes: int, seats: int, filed_on: dt.date) -> None:
    rows = []
    for member in members:
        p = proposal_create(acting_user=None, scope=EVERYTHING, constituency=constituency, body=body, member=member)
        proposal_decide(acting_user=None, scope=EVERYTHING, proposal=p, accept=True)
        rows.append(list_place(acting_user=None, scope=EVERYTHING, proposal=p))
    for row in rows:
        for kind in DocumentKind.values:
            filing_receive(acting_user=None, scope=EVERYTHING, candidate=row, kind=kind, received_on=filed_on)
    if rows:
        list_file(acting_user=None, scope=EVERYTHING, candidate_list=rows[0].candidate_list, filed_on=filed_on)
        result_record(
            acting_user=None, scope=EVERYTHING, candidate_list=rows[0].candidate_list, votes=votes, seats_won=seats
        )


def elections_demo_load() -> bool:
    """Add the demo's elections once (False, and nothing changed, when the demo has no Tétouan and Taounate
    provincial bodies or the proposals are already there)."""
    tetouan, taounate = _body("provincial_office", "01.571"), _body("provincial_office", "03.531")
    region = _body("regional_office", "01")
    if tetouan is None or taounate is None or Proposal.objects.exists():
        return False
    with transaction.atomic():
        election = legislative_2026_load()
        filed_on = election.filing_opens + dt.timedelta(days=3) if election.filing_opens else dt.date(2026, 9, 3)
        used: set[int] = set()
        for (code, votes, seats), body in zip(LOCAL_RESULTS, (tetouan, taounate), strict=True):
            constituency = election.constituencies.get(territories__code=code, is_regional=False)
            members = _members(body.path, constituency.seats)
            used |= {m.pk for m in members}
            _list(constituency, body, members, votes=votes, seats=seats, filed_on=filed_on)
        if region is not None:
            code, votes, seats = REGIONAL
            constituency = election.constituencies.get(territories__code=code, is_regional=True)
            women = _members(region.path, constituency.seats, women=True, exclude=used)
            _list(constituency, region, women, votes=votes, seats=min(seats, len(women)), filed_on=filed_on)

        communal, _created = Election.objects.get_or_create(
            kind=ElectionKind.COMMUNAL,
            polling_day=COMMUNAL_DAY,
            defaults={"name_ar": "الانتخابات الجماعية 2027", "name_fr": "Élections communales 2027"},
        )
        criteria_defaults(acting_user=None, election=communal)
        for body in (tetouan, taounate):
            province = body.territory
            if province is None:
                continue
            communal_constituencies_generate(acting_user=None, election=communal, within=province)
            # Proposals under way: in the province's most populous commune (a list) and a small one (uninominal).
            communes = Territory.objects.filter(
                level="commune", path__startswith=province.path, population_2024__isnull=False
            ).order_by("-population_2024")
            for commune in (communes.first(), communes.last()):
                if commune is None:
                    continue
                constituency = communal.constituencies.get(territories=commune)
                for i, member in enumerate(_members(commune.path, 3, exclude=used)):
                    used.add(member.pk)
                    p = proposal_create(
                        acting_user=None, scope=EVERYTHING, constituency=constituency, body=body, member=member
                    )
                    if i == 0:
                        proposal_decide(acting_user=None, scope=EVERYTHING, proposal=p, accept=True)
    return True
