"""The registry of candidate rules, and their evaluation over a page of proposals.

A rule reads the registry, never a typed answer: `rule(key, label=…)` registers a function that judges a batch of
proposals at once and returns, for each, whether it is met and the evidence read from the records ("member since
2014", "dues paid to 2026"). The party picks, for each election, which rules count (`Criterion`: required, or a
weight). An app above this one registers its own rule from its `AppConfig.ready` — the voter-registration drive
adds "registered on the electoral lists" — and the proposals page shows it without a line changed here:

    from tanzim.elections.rules import Batch, Verdict, rule

    @rule("registered", label=_("Registered on the electoral lists"), order=90)
    def registered(batch: Batch, params: dict) -> dict[int, Verdict]:   # proposal id -> its verdict
        ...

Every rule reads the whole page in one query (or none), through the reader's scope: the cost of a page of
proposals does not grow with the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from tanzim.territory.scope import Scope

    from .models import Proposal


@dataclass(frozen=True)
class Verdict:
    met: bool
    evidence: str


@dataclass
class Batch:
    """What every rule judges: the page's proposals (member, person, commune, constituency already read), the
    reader's scope, the day, and the paths each constituency covers."""

    proposals: list[Proposal]
    scope: Scope
    today: dt.date
    constituency_paths: dict[int, list[str]]
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def member_ids(self) -> list[int]:
        return sorted({p.member_id for p in self.proposals})

    @property
    def person_ids(self) -> list[int]:
        return sorted({p.member.person_id for p in self.proposals})


Judge = Callable[[Batch, dict], dict[int, Verdict]]


@dataclass(frozen=True)
class Rule:
    key: str
    label: StrOrPromise
    judge: Judge
    order: int
    defaults: dict


_rules: dict[str, Rule] = {}


def rule(key: str, *, label: StrOrPromise, order: int = 100, defaults: dict | None = None) -> Callable[[Judge], Judge]:
    """Register a rule under `key` (again: replaced). `defaults`: its parameters where the criterion gives none."""

    def add(judge: Judge) -> Judge:
        _rules[key] = Rule(key=key, label=label, judge=judge, order=order, defaults=defaults or {})
        return judge

    return add


def unregister(key: str) -> None:
    _rules.pop(key, None)


def registered() -> list[Rule]:
    return sorted(_rules.values(), key=lambda r: (r.order, r.key))


def get(key: str) -> Rule | None:
    return _rules.get(key)


def _years_between(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# --------------------------------------------------------------------------------------------- the rules of here


@rule("seniority", label=gettext_lazy("Membership seniority"), order=10, defaults={"years": 2})
def seniority(batch: Batch, params: dict) -> dict[int, Verdict]:
    years = int(params.get("years", 2))
    out = {}
    for p in batch.proposals:
        joined = p.member.join_date
        if joined is None:
            out[p.pk] = Verdict(False, _("join date not recorded"))
            continue
        seniority_years = _years_between(joined, batch.today)
        out[p.pk] = Verdict(seniority_years >= years, _("member since %(year)s") % {"year": joined.year})
    return out


@rule("dues", label=gettext_lazy("Dues up to date"), order=20)
def dues(batch: Batch, params: dict) -> dict[int, Verdict]:
    """The dues ledger's standing for this year (read with the page: `member__dues_standing`)."""
    from tanzim.dues.selectors import runs_of_member
    from tanzim.dues.standing import ARREARS, EXEMPT, UP_TO_DATE, standing_at

    year = batch.today.year
    out = {}
    for p in batch.proposals:
        now = standing_at(runs_of_member(p.member), year)
        if now.status == UP_TO_DATE:
            out[p.pk] = Verdict(True, _("dues paid to %(year)s") % {"year": now.through})
        elif now.status == EXEMPT:
            out[p.pk] = Verdict(True, _("exempt from dues in %(year)s") % {"year": year})
        elif now.status == ARREARS:
            out[p.pk] = Verdict(False, _("dues paid only to %(year)s") % {"year": now.through})
        else:
            out[p.pk] = Verdict(False, _("no dues recorded"))
    return out


@rule("no_sanction", label=gettext_lazy("No disciplinary sanction"), order=30)
def no_sanction(batch: Batch, params: dict) -> dict[int, Verdict]:
    """The registry records no sanction as such: the only disciplinary measure it keeps is a suspension (the
    member's status and its dated history). The evidence says so."""
    from tanzim.members.models import MemberStatus, StatusChange

    suspended = dict(
        StatusChange.objects.filter(member_id__in=batch.member_ids, status=MemberStatus.SUSPENDED)
        .order_by("member_id", "since")
        .values_list("member_id", "since")
    )
    out = {}
    for p in batch.proposals:
        if p.member.status == MemberStatus.SUSPENDED:
            out[p.pk] = Verdict(False, _("suspended since %(date)s") % {"date": _day(p.member.status_since)})
        elif p.member_id in suspended:
            out[p.pk] = Verdict(False, _("suspended on %(date)s") % {"date": _day(suspended[p.member_id])})
        else:
            out[p.pk] = Verdict(True, _("never suspended (the registry records suspensions, no other sanction)"))
    return out


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "?"


@rule("position", label=gettext_lazy("A party position held"), order=40)
def position(batch: Batch, params: dict) -> dict[int, Verdict]:
    from tanzim.organization.selectors import mandate_list

    held: dict[int, list[str]] = {}
    for m in mandate_list(scope=batch.scope, current=True).filter(person_id__in=batch.person_ids):
        held.setdefault(m.person_id, []).append(f"{m.title} — {m.body.name}")
    out = {}
    for p in batch.proposals:
        mine = held.get(p.member.person_id)
        out[p.pk] = Verdict(True, "; ".join(mine)) if mine else Verdict(False, _("no current party position"))
    return out


@rule("training", label=gettext_lazy("Training followed"), order=50)
def training(batch: Batch, params: dict) -> dict[int, Verdict]:
    """Trainings are the activities of kind "training" where the person is named as present; the registry keeps
    no other record of training."""
    from tanzim.activities.selectors import participant_list

    followed: dict[int, dt.date] = {}
    for row in participant_list(scope=batch.scope).filter(
        person_id__in=batch.person_ids, attended=True, activity__kind__key="training"
    ):
        last = followed.get(row.person_id)
        if last is None or row.activity.starts_on > last:
            followed[row.person_id] = row.activity.starts_on
    out = {}
    for p in batch.proposals:
        day = followed.get(p.member.person_id)
        if day is None:
            out[p.pk] = Verdict(False, _("no training attended on record"))
        else:
            out[p.pk] = Verdict(True, _("training attended on %(date)s") % {"date": _day(day)})
    return out


@rule("elected", label=gettext_lazy("Elected experience"), order=60)
def elected(batch: Batch, params: dict) -> dict[int, Verdict]:
    from tanzim.members.models import ElectedMandate

    found: dict[int, list[str]] = {}
    for e in (
        ElectedMandate.objects.visible_to(batch.scope)
        .filter(member_id__in=batch.member_ids)
        .order_by("member_id", "-term_start")
    ):
        found.setdefault(e.member_id, []).append(f"{e.get_office_display()} {e.term_start}")
    out = {}
    for p in batch.proposals:
        mine = found.get(p.member_id)
        out[p.pk] = Verdict(True, "; ".join(mine)) if mine else Verdict(False, _("no elected mandate on record"))
    return out


@rule("residence", label=gettext_lazy("Lives in the constituency"), order=70)
def residence(batch: Batch, params: dict) -> dict[int, Verdict]:
    out = {}
    for p in batch.proposals:
        commune = p.member.person.commune
        if commune is None:
            out[p.pk] = Verdict(False, _("commune of residence not recorded"))
            continue
        inside = any(commune.path.startswith(path) for path in batch.constituency_paths.get(p.constituency_id, []))
        out[p.pk] = Verdict(inside, _("lives in %(commune)s") % {"commune": commune.name})
    return out


@rule("age", label=gettext_lazy("Age"), order=80, defaults={"min": 23})
def age(batch: Batch, params: dict) -> dict[int, Verdict]:
    low = params.get("min")
    high = params.get("max")
    out = {}
    for p in batch.proposals:
        born = p.member.person.birth_date
        if born is None:
            out[p.pk] = Verdict(False, _("birth date not recorded"))
            continue
        years = _years_between(born, batch.today)
        ok = (low is None or years >= int(low)) and (high is None or years <= int(high))
        out[p.pk] = Verdict(ok, _("aged %(years)s") % {"years": years})
    return out


@rule("gender", label=gettext_lazy("Gender"), order=90)
def gender(batch: Batch, params: dict) -> dict[int, Verdict]:
    """`params["gender"]` ("f" or "m") where the party asks for one; otherwise a women-only constituency asks for
    a woman and any other constituency for anyone."""
    wanted = params.get("gender")
    out = {}
    for p in batch.proposals:
        is_woman = p.member.person.gender == "f"
        shown = pgettext("candidate gender", "woman") if is_woman else pgettext("candidate gender", "man")
        need = wanted or ("f" if p.constituency.women_only else None)
        out[p.pk] = Verdict(need is None or p.member.person.gender == need, shown)
    return out
