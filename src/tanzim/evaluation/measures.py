"""The criteria evaluation registers itself, from what it can read today: meetings, office, mandate, members,
verification of the lists, directives, and women and youth in the office and in the membership.

Each criterion measures every body of a `Situation` with a few grouped queries (selectors.py) and returns, per body,
how well it does (0 to 1), the figure as read, and why a low figure is low, in the reader's language.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tanzim.members.selectors import youth_birth_cutoff

from . import selectors
from .criteria import Measure, Situation, criterion


def percent(share: float) -> str:
    return _("%(percent)s %%") % {"percent": round(100 * share)}


def day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def months_before(today: dt.date, months: int) -> dt.date:
    month = today.month - 1 - months
    year = today.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(today.day, 28))


def _start_of(d: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(d, dt.time.min))


@criterion("meetings", label=gettext_lazy("Meetings held"), weight=25, order=10)
def meetings(situation: Situation) -> dict[int, Measure]:
    w = situation.weighting
    today = situation.today
    counts = selectors.meeting_counts(
        scope=situation.scope,
        body_ids=situation.body_ids,
        window_start=_start_of(today - dt.timedelta(days=w.meeting_window_days)),
        period_start=_start_of(months_before(today, w.period_months)),
        until=_start_of(today + dt.timedelta(days=1)),
    )
    found = {}
    for body in situation.bodies:
        row = counts.get(body.pk, {"window": 0, "period": 0, "last": None})
        n, last = row["window"], row["last"]
        shown = ngettext("%(n)s meeting in %(days)s days", "%(n)s meetings in %(days)s days", n) % {
            "n": n,
            "days": w.meeting_window_days,
        }
        reasons: tuple[str, ...] = ()
        if last is None:
            reasons = (_("no meeting on record"),)
        elif n == 0:
            days = (today - timezone.localtime(last).date()).days
            reasons = (ngettext("no meeting in %(n)s day", "no meeting in %(n)s days", days) % {"n": days},)
        elif n < w.meetings_expected:
            reasons = (
                ngettext(
                    "only %(n)s meeting in the last %(days)s days", "only %(n)s meetings in the last %(days)s days", n
                )
                % {"n": n, "days": w.meeting_window_days},
            )
        found[body.pk] = Measure(
            value=min(1.0, n / max(1, w.meetings_expected)),
            shown=shown,
            reasons=reasons,
            data={
                "window": n,
                "period": row["period"],
                "last": timezone.localtime(last).date().isoformat() if last else None,
            },
        )
    return found


@criterion("office", label=gettext_lazy("Office complete"), weight=20, order=20)
def office(situation: Situation) -> dict[int, Measure]:
    required = selectors.required_positions(situation.weighting)
    rows = _office_rows(situation)
    found = {}
    for body in situation.bodies:
        held = {r["position_type_id"] for r in rows.get(body.pk, ())}
        missing = [p for p in required if p.pk not in held]
        filled = len(required) - len(missing)
        if not rows.get(body.pk):
            reasons: tuple[str, ...] = (_("no office on record"),)
        else:
            reasons = tuple(
                _("%(position)s seat empty") % {"position": (p.is_head and body.body_type.head_title()) or p.label()}
                for p in missing
            )
        found[body.pk] = Measure(
            value=filled / len(required) if required else None,
            shown=_("%(filled)s of %(required)s seats filled") % {"filled": filled, "required": len(required)},
            reasons=reasons,
            data={"filled": filled, "required": len(required), "missing": [p.key for p in missing]},
        )
    return found


@criterion("mandate", label=gettext_lazy("Mandate in force"), weight=15, order=30)
def mandate(situation: Situation) -> dict[int, Measure]:
    years = situation.weighting.term_years
    started = selectors.office_started(scope=situation.scope, body_ids=situation.body_ids)
    found = {}
    for body in situation.bodies:
        start = started.get(body.pk)
        if start is None:
            found[body.pk] = Measure(0.0, _("no renewal on record"), (_("no renewal on record"),), {"ends": None})
            continue
        try:
            ends = start.replace(year=start.year + years)
        except ValueError:  # 29 February
            ends = start.replace(year=start.year + years, day=28)
        if ends <= situation.today:
            found[body.pk] = Measure(
                0.0,
                _("expired on %(date)s") % {"date": day(ends)},
                (_("mandate expired on %(date)s") % {"date": day(ends)},),
                {"ends": ends.isoformat()},
            )
        else:
            found[body.pk] = Measure(1.0, _("until %(date)s") % {"date": day(ends)}, (), {"ends": ends.isoformat()})
    return found


@criterion("members", label=gettext_lazy("Membership growth"), weight=10, order=40)
def members(situation: Situation) -> dict[int, Measure]:
    found = {}
    for body in situation.bodies:
        row = _member_rows(situation).get(body.pk)
        active = row["active"] if row else 0
        before = active - (row["joined"] if row else 0) + (row["left"] if row else 0)
        target = situation.weighting.growth_target_percent / 100
        shown = ngettext("%(n)s member", "%(n)s members", active) % {"n": active}
        if active == 0 and before == 0:
            found[body.pk] = Measure(0.0, shown, (_("no member on record"),), {"active": 0, "before": 0})
            continue
        growth = (active - before) / before if before else 1.0
        reasons: tuple[str, ...] = ()
        if active < before:
            reasons = (_("membership fell from %(before)s to %(now)s") % {"before": before, "now": active},)
        elif active == before:
            reasons = (_("no growth of the membership"),)
        elif growth < target:
            reasons = (_("membership grew by only %(percent)s") % {"percent": percent(growth)},)
        value = 1.0 if target == 0 else max(0.0, min(1.0, growth / target))
        shown = f"{shown} ({'+' if growth >= 0 else ''}{percent(growth)})"
        found[body.pk] = Measure(value, shown, reasons, {"active": active, "before": before, "growth": growth})
    return found


@criterion("verified", label=gettext_lazy("Member list verified"), weight=10, order=50)
def verified(situation: Situation) -> dict[int, Measure]:
    found = {}
    for body in situation.bodies:
        row = _member_rows(situation).get(body.pk)
        active = row["active"] if row else 0
        if row is None or not active:
            found[body.pk] = Measure(None, "—", (), {"share": None})
            continue
        share = row["verified"] / active
        last = row["last_verified"]
        reasons: tuple[str, ...] = ()
        if last is None:
            reasons = (_("member list never verified"),)
        elif share < 0.5:
            reasons = (_("only %(percent)s of the members verified") % {"percent": percent(share)},)
        shown = percent(share) + (f" ({day(last)})" if last else "")
        found[body.pk] = Measure(share, shown, reasons, {"share": share, "last": last.isoformat() if last else None})
    return found


@criterion("directives", label=gettext_lazy("Directives done on time"), weight=10, order=60)
def directives(situation: Situation) -> dict[int, Measure]:
    counts = selectors.assignment_counts(scope=situation.scope, body_ids=situation.body_ids, today=situation.today)
    found = {}
    for body in situation.bodies:
        row = counts.get(body.pk, {"on_time": 0, "late": 0, "overdue": 0, "open": 0})
        due = row["on_time"] + row["late"] + row["overdue"]
        data = {k: row[k] for k in ("on_time", "late", "overdue", "open")}
        if not due:
            found[body.pk] = Measure(None, _("none due yet"), (), data)
            continue
        reasons = []
        if row["overdue"]:
            reasons.append(
                ngettext("%(n)s directive overdue", "%(n)s directives overdue", row["overdue"]) % {"n": row["overdue"]}
            )
        if row["late"]:
            reasons.append(
                ngettext("%(n)s directive done late", "%(n)s directives done late", row["late"]) % {"n": row["late"]}
            )
        shown = _("%(on_time)s of %(due)s on time") % {"on_time": row["on_time"], "due": due}
        found[body.pk] = Measure(row["on_time"] / due, shown, tuple(reasons), data)
    return found


def _share_measure(count: int, total: int, target_percent: int, reason: str) -> Measure:
    if not total:
        return Measure(None, "—", (), {"share": None, "count": 0, "total": 0})
    share = count / total
    target = target_percent / 100
    below = share < target
    return Measure(
        1.0 if target == 0 else min(1.0, share / target),
        percent(share),
        (reason % {"percent": percent(share), "target": percent(target)},) if below else (),
        {"share": share, "count": count, "total": total, "below_target": below},
    )


def _office_people(situation: Situation) -> dict[int, tuple[int, int, int]]:
    """Per body: persons in the current office, women among them, under the youth age among them."""
    cutoff = youth_birth_cutoff(situation.today)
    rows = _office_rows(situation)
    found = {}
    for body_id, mandates in rows.items():
        persons = {r["person_id"]: r for r in mandates}
        women = sum(1 for r in persons.values() if r["person__gender"] == "f")
        youth = sum(1 for r in persons.values() if r["person__birth_date"] and r["person__birth_date"] > cutoff)
        found[body_id] = (len(persons), women, youth)
    return found


@criterion("women_office", label=gettext_lazy("Women in the office"), weight=5, order=70)
def women_office(situation: Situation) -> dict[int, Measure]:
    people = _office_people(situation)
    target = situation.weighting.women_target_percent
    reason = _("women are %(percent)s of the office (target %(target)s)")
    return {
        b.pk: _share_measure(people.get(b.pk, (0, 0, 0))[1], people.get(b.pk, (0, 0, 0))[0], target, reason)
        for b in situation.bodies
    }


@criterion("youth_office", label=gettext_lazy("Under-35s in the office"), weight=5, order=75)
def youth_office(situation: Situation) -> dict[int, Measure]:
    people = _office_people(situation)
    target = situation.weighting.youth_target_percent
    reason = _("the young are %(percent)s of the office (target %(target)s)")
    return {
        b.pk: _share_measure(people.get(b.pk, (0, 0, 0))[2], people.get(b.pk, (0, 0, 0))[0], target, reason)
        for b in situation.bodies
    }


@criterion("women_members", label=gettext_lazy("Women among the members"), weight=0, order=80)
def women_members(situation: Situation) -> dict[int, Measure]:
    rows = _member_rows(situation)
    target = situation.weighting.women_target_percent
    reason = _("women are %(percent)s of the members (target %(target)s)")
    return {
        b.pk: _share_measure(
            rows[b.pk]["women"] if b.pk in rows else 0, rows[b.pk]["active"] if b.pk in rows else 0, target, reason
        )
        for b in situation.bodies
    }


@criterion("youth_members", label=gettext_lazy("Under-35s among the members"), weight=0, order=85)
def youth_members(situation: Situation) -> dict[int, Measure]:
    rows = _member_rows(situation)
    target = situation.weighting.youth_target_percent
    reason = _("the young are %(percent)s of the members (target %(target)s)")
    return {
        b.pk: _share_measure(
            rows[b.pk]["youth"] if b.pk in rows else 0, rows[b.pk]["active"] if b.pk in rows else 0, target, reason
        )
        for b in situation.bodies
    }


def _member_rows(situation: Situation) -> dict:
    """The member counts of a situation, read once however many criteria use them."""
    if "members" not in situation.memo:
        w = situation.weighting
        situation.memo["members"] = selectors.member_counts(
            scope=situation.scope,
            bodies=situation.bodies,
            today=situation.today,
            period_start=months_before(situation.today, w.period_months),
            verified_since=months_before(situation.today, w.verified_months),
        )
    return situation.memo["members"]


def _office_rows(situation: Situation) -> dict:
    if "office" not in situation.memo:
        situation.memo["office"] = selectors.office_rows(scope=situation.scope, body_ids=situation.body_ids)
    return situation.memo["office"]
