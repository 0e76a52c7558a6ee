"""Writes of the elections app: one transaction each, its audit row inside it.

Who writes. A candidate's data is as personal as a member's, so the capability is the registry's: MEMBERS_WRITE.
- Proposing, building a list, its order, its head, the filing checklist and the results: the writer's scope must
  cover the proposing body's territory (and the member must lie inside that territory).
- Deciding a proposal belongs to the competent body (the rule, kept simple and stated on the page): for a
  legislative or regional election, the national bureau (the root of the proposing body's tree: the writer's scope
  must be national); for a communal or professional election, the body directly above the proposing body (the
  writer's scope must cover that body's territory). A body without a body above it decides its own proposals.
  The same competent body signs the endorsement letter.

The law's data (elections, constituencies, criteria) is edited in the administration by the national department;
`legislative_2026_load` and `communal_constituencies_generate` write it from the facts of the law.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.errors import CodedError
from tanzim.members.models import ElectedOffice, Member
from tanzim.members.services import member_elected_add
from tanzim.organization.models import Body
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .models import (
    Ballot,
    CandidateList,
    Constituency,
    Criterion,
    DocumentKind,
    Election,
    ElectionKind,
    FilingItem,
    ListCandidate,
    ListStatus,
    Proposal,
    ProposalStatus,
    Result,
)


class ElectionError(CodedError):
    """A refused write (codes declared in elections/declarations.py)."""

    def __init__(self, code: str, message, *, field: str | None = None):
        super().__init__(code, message)
        self.field = field


def _require(scope: Scope, path: str | None) -> None:
    if not scope.covers(path):
        raise ElectionError("outside_scope", _("Your responsibilities do not include this body."))


# ------------------------------------------------------------------------------------------- the competent body


def competent_body(election: Election, body: Body) -> Body:
    """The body that decides the proposals of `body` and signs its lists' endorsement (see the module's rule)."""
    if election.kind in (ElectionKind.LEGISLATIVE, ElectionKind.REGIONAL):
        ids = body.ancestor_ids()
        if not ids:
            return body
        return Body.objects.select_related("body_type", "territory", "organization").get(pk=ids[-1])
    if body.parent_id is None:
        return body
    return Body.objects.select_related("body_type", "territory", "organization").get(pk=body.parent_id)


# ------------------------------------------------------------------------------------------------- proposals


def proposal_create(
    *, acting_user, scope: Scope, constituency: Constituency, body: Body, member: Member, note: str = ""
) -> Proposal:
    """A body proposes one of its members (a member of its territory) as candidate in a constituency."""
    _require(scope, body.path)
    if not scope.covers(member.path) or not member.path.startswith(body.path):
        raise ElectionError(
            "member_outside_body",
            _("The candidate must be a member of the proposing body's territory."),
            field="person",
        )
    if member.status != "active":
        raise ElectionError("member_not_active", _("Only an active member can be proposed."), field="person")
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                election=constituency.election,
                constituency=constituency,
                member=member,
                body=body,
                note=note.strip()[:300],
                proposed_by=acting_user if acting_user and acting_user.pk else None,
            )
            audit_record(
                acting_user=acting_user,
                action="election.propose",
                target=proposal,
                territory_path=body.path,
                changes={"member": member.pk, "constituency": constituency.pk, "body": body.pk},
            )
    except IntegrityError:
        raise ElectionError(
            "already_proposed", _("This member is already proposed in this constituency."), field="person"
        ) from None
    return proposal


def proposal_decide(*, acting_user, scope: Scope, proposal: Proposal, accept: bool, reason: str = "") -> Proposal:
    """The competent body accepts a proposal, or rejects it with a reason. A placed candidate is not undone here."""
    deciding = competent_body(proposal.election, proposal.body)
    _require(scope, proposal.body.path)
    if not scope.covers(deciding.path):
        raise ElectionError(
            "not_competent",
            _("This decision belongs to %(body)s.") % {"body": deciding.name},
        )
    reason = reason.strip()[:300]
    if not accept and not reason:
        raise ElectionError("reason_needed", _("Give the reason for the rejection."), field="reason")
    if ListCandidate.objects.filter(proposal=proposal).exists():
        raise ElectionError("already_placed", _("This candidate is on a list: take them off it first."))
    with transaction.atomic():
        before = proposal.status
        proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
        proposal.reason = reason
        proposal.decided_by = acting_user if acting_user and acting_user.pk else None
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        audit_record(
            acting_user=acting_user,
            action="election.accept" if accept else "election.reject",
            target=proposal,
            territory_path=proposal.body.path,
            changes={"status": [before, proposal.status], "reason": reason}
            if reason
            else {"status": [before, proposal.status]},
        )
    return proposal


# ---------------------------------------------------------------------------------------------------- lists


def list_place(*, acting_user, scope: Scope, proposal: Proposal, alternate: bool = False) -> ListCandidate:
    """Put an accepted candidate at the end of the party's list in the constituency (the list is made by the
    proposing body on its first candidate; the first titular becomes its head)."""
    _require(scope, proposal.body.path)
    if proposal.status != ProposalStatus.ACCEPTED:
        raise ElectionError("not_accepted", _("Only an accepted candidate can be put on the list."))
    with transaction.atomic():
        existing = CandidateList.objects.select_for_update().filter(constituency=proposal.constituency).first()
        if existing is None:
            cl = CandidateList.objects.create(
                election=proposal.election, constituency=proposal.constituency, body=proposal.body
            )
        else:
            cl = existing
            _require(scope, cl.body.path)
            if not proposal.body.path.startswith(cl.body.path):
                raise ElectionError("other_list", _("The list of this constituency is another body's."))
        if cl.status == ListStatus.FILED:
            raise ElectionError("list_filed", _("This list is filed: it can no longer change."))
        if ListCandidate.objects.filter(candidate_list=cl, member=proposal.member).exists():
            raise ElectionError("already_placed", _("This candidate is already on the list."))
        last = ListCandidate.objects.filter(candidate_list=cl, alternate=alternate).aggregate(m=Max("rank"))["m"] or 0
        is_head = not alternate and not ListCandidate.objects.filter(candidate_list=cl, is_head=True).exists()
        row = ListCandidate.objects.create(
            candidate_list=cl,
            proposal=proposal,
            member=proposal.member,
            rank=last + 1,
            is_head=is_head,
            alternate=alternate,
        )
        audit_record(
            acting_user=acting_user,
            action="election.list_place",
            target=cl,
            territory_path=cl.body.path,
            changes={"member": proposal.member_id, "rank": row.rank, "alternate": alternate},
        )
    return row


def _editable(scope: Scope, cl: CandidateList) -> None:
    _require(scope, cl.body.path)
    if cl.status == ListStatus.FILED:
        raise ElectionError("list_filed", _("This list is filed: it can no longer change."))


def list_move(*, acting_user, scope: Scope, candidate: ListCandidate, up: bool) -> ListCandidate:
    """Move a candidate one place up or down among the titulars (or the alternates)."""
    cl = candidate.candidate_list
    _editable(scope, cl)
    with transaction.atomic():
        rows = list(
            ListCandidate.objects.select_for_update()
            .filter(candidate_list=cl, alternate=candidate.alternate)
            .order_by("rank")
        )
        index = next(i for i, r in enumerate(rows) if r.pk == candidate.pk)
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(rows):
            return candidate
        mine, other = rows[index], rows[other_index]
        a, b = mine.rank, other.rank
        # Swap through a free rank so the unique (list, alternate, rank) holds at every step.
        ListCandidate.objects.filter(pk=mine.pk).update(rank=0)
        ListCandidate.objects.filter(pk=other.pk).update(rank=a)
        ListCandidate.objects.filter(pk=mine.pk).update(rank=b)
        audit_record(
            acting_user=acting_user,
            action="election.list_reorder",
            target=cl,
            territory_path=cl.body.path,
            changes={"member": mine.member_id, "rank": [a, b]},
        )
    mine.refresh_from_db()
    return mine


def list_set_head(*, acting_user, scope: Scope, candidate: ListCandidate) -> ListCandidate:
    """Make a titular candidate the head of the list (وكيل اللائحة)."""
    cl = candidate.candidate_list
    _editable(scope, cl)
    if candidate.alternate:
        raise ElectionError("alternate_head", _("An alternate cannot head the list."))
    with transaction.atomic():
        ListCandidate.objects.filter(candidate_list=cl, is_head=True).update(is_head=False)
        ListCandidate.objects.filter(pk=candidate.pk).update(is_head=True)
        audit_record(
            acting_user=acting_user,
            action="election.list_head",
            target=cl,
            territory_path=cl.body.path,
            changes={"member": candidate.member_id},
        )
    candidate.refresh_from_db()
    return candidate


def list_remove(*, acting_user, scope: Scope, candidate: ListCandidate) -> None:
    """Take a candidate off the list; those below move up a place."""
    cl = candidate.candidate_list
    _editable(scope, cl)
    with transaction.atomic():
        member_id, rank, alternate = candidate.member_id, candidate.rank, candidate.alternate
        candidate.delete()
        for row in ListCandidate.objects.filter(candidate_list=cl, alternate=alternate, rank__gt=rank).order_by("rank"):
            ListCandidate.objects.filter(pk=row.pk).update(rank=row.rank - 1)
        audit_record(
            acting_user=acting_user,
            action="election.list_remove",
            target=cl,
            territory_path=cl.body.path,
            changes={"member": member_id},
        )


def filing_receive(
    *, acting_user, scope: Scope, candidate: ListCandidate, kind: str, received_on: dt.date
) -> FilingItem:
    """Record a document of the candidate's file as received on a date (the document itself is never kept)."""
    _require(scope, candidate.candidate_list.body.path)
    if kind not in DocumentKind.values:
        raise ElectionError("invalid", _("Choose a document of the list."), field="kind")
    if received_on > timezone.localdate():
        raise ElectionError("future_date", _("A document cannot be received in the future."), field="received_on")
    with transaction.atomic():
        item, _created = FilingItem.objects.update_or_create(
            candidate=candidate,
            kind=kind,
            defaults={
                "received_on": received_on,
                "recorded_by": acting_user if acting_user and acting_user.pk else None,
            },
        )
        audit_record(
            acting_user=acting_user,
            action="election.filing",
            target=candidate.candidate_list,
            territory_path=candidate.candidate_list.body.path,
            changes={"member": candidate.member_id, "kind": kind, "received_on": received_on.isoformat()},
        )
    return item


def list_file(*, acting_user, scope: Scope, candidate_list: CandidateList, filed_on: dt.date) -> CandidateList:
    """Record that the list was filed with the administration on a date: it no longer changes."""
    cl = candidate_list
    _require(scope, cl.body.path)
    if filed_on > timezone.localdate():
        raise ElectionError("future_date", _("A list cannot be filed in the future."), field="filed_on")
    if not ListCandidate.objects.filter(candidate_list=cl).exists():
        raise ElectionError("invalid", _("An empty list cannot be filed."))
    with transaction.atomic():
        cl.status, cl.filed_on = ListStatus.FILED, filed_on
        cl.save(update_fields=["status", "filed_on"])
        audit_record(
            acting_user=acting_user,
            action="election.list_file",
            target=cl,
            territory_path=cl.body.path,
            changes={"filed_on": filed_on.isoformat()},
        )
    return cl


# -------------------------------------------------------------------------------------------------- results

ELECTED_OFFICE: dict[str, str] = {
    ElectionKind.LEGISLATIVE: ElectedOffice.REPRESENTATIVE,
    ElectionKind.REGIONAL: ElectedOffice.REGIONAL_COUNCILLOR,
    ElectionKind.COMMUNAL: ElectedOffice.COMMUNAL_COUNCILLOR,
}


def result_record(
    *, acting_user, scope: Scope, candidate_list: CandidateList, votes: int, seats_won: int
) -> tuple[Result, list]:
    """Record a list's result; the first `seats_won` titulars in order become elected mandates in the registry
    (once: recording the result again adds none twice). Professional chambers have no office in the registry's
    list of elected offices: their results are kept, no mandate is made."""
    cl = candidate_list
    _require(scope, cl.body.path)
    if votes < 0 or seats_won < 0:
        raise ElectionError("invalid", _("Votes and seats cannot be negative."), field="votes")
    titulars = list(
        ListCandidate.objects.filter(candidate_list=cl, alternate=False)
        .select_related("member__person")
        .order_by("rank")
    )
    if seats_won > min(cl.constituency.seats, len(titulars)):
        raise ElectionError(
            "too_many_seats",
            _("The list cannot win more seats than the constituency has or than it has candidates."),
            field="seats_won",
        )
    office = ELECTED_OFFICE.get(cl.election.kind)
    territories = list(cl.constituency.territories.all()[:2])
    seat_of = territories[0] if len(territories) == 1 else None
    year = cl.election.polling_day.year
    made = []
    with transaction.atomic():
        result, _created = Result.objects.update_or_create(
            candidate_list=cl, defaults={"votes": votes, "seats_won": seats_won}
        )
        audit_record(
            acting_user=acting_user,
            action="election.result",
            target=cl,
            territory_path=cl.body.path,
            changes={"votes": votes, "seats_won": seats_won},
        )
        if office is not None:
            for c in titulars[:seats_won]:
                if c.member.elected.filter(office=office, term_start=year).exists():
                    continue
                made.append(
                    member_elected_add(
                        acting_user=acting_user,
                        scope=scope,
                        member=c.member,
                        office=office,
                        territory=seat_of,
                        term_start=year,
                        term_end=None,
                        head_of_list=c.is_head,
                    )
                )
    return result, made


# ------------------------------------------------------------------------------------- the law's data, loaded

REGIONAL_SEATS_2026 = {
    # region HCP code: seats of its women-only regional constituency (House of Representatives, 2026)
    "06": 12,  # Casablanca-Settat
    "04": 10,  # Rabat-Salé-Kénitra
    "03": 10,  # Fès-Meknès
    "07": 10,  # Marrakech-Safi
    "01": 8,  # Tanger-Tétouan-Al Hoceïma
    "09": 7,  # Souss-Massa
    "05": 7,  # Béni Mellal-Khénifra
    "02": 7,  # Oriental
    "08": 6,  # Drâa-Tafilalet
    "10": 5,  # Guelmim-Oued Noun
    "11": 5,  # Laâyoune-Sakia El Hamra
    "12": 3,  # Dakhla-Oued Ed-Dahab
}
DEFAULT_LOCAL_SEATS = 3
DEFAULT_CRITERIA: tuple[tuple[str, bool, int, dict], ...] = (
    # rule, required, weight, parameters
    ("seniority", True, 1, {"years": 2}),
    ("dues", True, 1, {}),
    ("no_sanction", True, 1, {}),
    ("age", True, 1, {"min": 23}),
    ("residence", False, 3, {}),
    ("position", False, 2, {}),
    ("elected", False, 2, {}),
    ("training", False, 1, {}),
    ("gender", False, 1, {}),
)


def criteria_defaults(*, acting_user, election: Election) -> int:
    """The party's usual criteria for an election (the department edits them afterwards). Returns how many were
    added."""
    added = 0
    for order, (key, required, weight, params) in enumerate(DEFAULT_CRITERIA):
        _c, created = Criterion.objects.get_or_create(
            election=election,
            rule=key,
            defaults={"required": required, "weight": weight, "params": params, "order": order},
        )
        added += created
    return added


@transaction.atomic
def legislative_2026_load(*, acting_user=None) -> Election:
    """The 2026 legislative election: its dates, the 12 women-only regional constituencies with their seats, and
    one local constituency per province or prefecture (3 seats each until the department enters the law's figure
    and splits the provinces the law splits). Loading again changes nothing already there."""
    election, _created = Election.objects.get_or_create(
        kind=ElectionKind.LEGISLATIVE,
        polling_day=dt.date(2026, 9, 23),
        defaults={
            "name_ar": "الانتخابات التشريعية 2026",
            "name_fr": "Élections législatives 2026",
            "filing_opens": dt.date(2026, 8, 31),
            "filing_closes": dt.date(2026, 9, 9),
            "campaign_opens": dt.date(2026, 9, 10),
            "campaign_closes": dt.date(2026, 9, 22),
        },
    )
    if election.constituencies.exists():
        return election
    for region in Territory.objects.filter(level="region").order_by("code"):
        seats = REGIONAL_SEATS_2026.get(region.code)
        if seats is None:
            continue
        c = Constituency.objects.create(
            election=election,
            name_ar=f"الدائرة الجهوية — {region.name_ar}",
            name_fr=f"Circonscription régionale — {region.name_fr}",
            seats=seats,
            ballot=Ballot.LIST,
            women_only=True,
            is_regional=True,
        )
        c.territories.add(region)
    for province in Territory.objects.filter(level="province").order_by("code"):
        c = Constituency.objects.create(
            election=election,
            name_ar=f"الدائرة المحلية — {province.name_ar}",
            name_fr=f"Circonscription locale — {province.name_fr}",
            seats=DEFAULT_LOCAL_SEATS,
            ballot=Ballot.LIST,
        )
        c.territories.add(province)
    criteria_defaults(acting_user=acting_user, election=election)
    audit_record(
        acting_user=acting_user,
        action="election.load",
        target=election,
        changes={"constituencies": election.constituencies.count()},
    )
    return election


POPULATION_THRESHOLD = 50_000


def communal_seats(population: int) -> int:
    """Seats of a communal council by population (the scale of the organic law on communes, kept simple)."""
    for limit, seats in (
        (7_500, 11),
        (15_000, 15),
        (25_000, 23),
        (50_000, 29),
        (100_000, 35),
        (200_000, 43),
        (400_000, 51),
    ):
        if population <= limit:
            return seats
    return 61


@transaction.atomic
def communal_constituencies_generate(*, acting_user, election: Election, within: Territory) -> int:
    """One constituency per commune of `within` (a province, a region): a commune of up to 50,000 inhabitants votes
    by uninominal ballot (one constituency per commune here; the law's districts are entered by the department),
    a larger one by list, with its seats by population. Communes without a population are left out. Returns how
    many were made (a commune already there is skipped)."""
    if election.kind != ElectionKind.COMMUNAL:
        raise ElectionError("not_communal", _("Communal constituencies belong to a communal election."))
    have = set(
        Constituency.territories.through.objects.filter(constituency__election=election).values_list(
            "territory_id", flat=True
        )
    )
    made = 0
    communes = Territory.objects.filter(level="commune", path__startswith=within.path, population_2024__isnull=False)
    for commune in communes.order_by("code"):
        if commune.pk in have:
            continue
        population = commune.population_2024 or 0
        big = population > POPULATION_THRESHOLD
        c = Constituency.objects.create(
            election=election,
            name_ar=f"جماعة {commune.name_ar}",
            name_fr=f"Commune {commune.name_fr}",
            seats=communal_seats(population) if big else 1,
            ballot=Ballot.LIST if big else Ballot.UNINOMINAL,
        )
        c.territories.add(commune)
        made += 1
    audit_record(
        acting_user=acting_user,
        action="election.load",
        target=election,
        territory_path=within.path,
        changes={"constituencies": made},
    )
    return made
