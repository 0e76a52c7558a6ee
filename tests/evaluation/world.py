"""A province with known records, on a fixed date: Taounate on 30/06/2026, with a provincial office, a local body
that does everything asked (A), a dormant one that does nothing (B), and communes without a body."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tanzim.audit.models import AuditEntry
from tanzim.directives.models import Assignment, AssignmentState, Directive, TargetRule
from tanzim.evaluation.models import Weighting
from tanzim.meetings.models import Meeting, MeetingKind, MeetingStatus
from tanzim.members.models import Member
from tanzim.organization.models import Body, BodyStatus, PositionType
from tanzim.organization.services import Seat, body_set_status, office_renew
from tanzim.people.services import person_create
from tanzim.territory.models import Territory
from tests.members.factories import make_member
from tests.organization.factories import make_body

TODAY = dt.date(2026, 6, 30)
PROVINCE = "03.531"  # Taounate
CASABLANCA = ZoneInfo("Africa/Casablanca")


def at(y, m, d, hour=10) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=CASABLANCA)


def person(gender="m", born=dt.date(1970, 1, 1), commune=None):
    return person_create(
        acting_user=None, first_name_ar="عضو", last_name_ar="تجريبي", gender=gender, birth_date=born, commune=commune
    )


def seats(*pairs):
    return [Seat(PositionType.objects.get(key=key), p) for key, p in pairs]


def meeting(body: Body, when: dt.datetime, status=MeetingStatus.HELD) -> Meeting:
    kind, _ = MeetingKind.objects.get_or_create(key="ordinary", defaults={"name_ar": "عادي", "name_fr": "Ordinaire"})
    return Meeting.objects.create(body=body, kind=kind, starts_at=when, status=status)


def members(body: Body, commune: Territory, n: int, *, prefix: str, joined: dt.date, verified=None, **person_kw):
    for i in range(n):
        m = make_member(f"{prefix}{i}", first_ar="منخرط", last_ar=f"رقم{i}", commune=commune.code, **person_kw)
        Member.objects.filter(pk=m.pk).update(local_body=body, join_date=joined, verified_on=verified)


def build(party) -> dict:
    w = Weighting.objects.get(pk=1)
    w.required_positions.set(PositionType.objects.filter(key__in=["head", "deputy_head", "treasurer", "rapporteur"]))
    province = Territory.objects.get(code=PROVINCE)
    communes = list(Territory.objects.filter(parent=province, level="commune").order_by("code"))
    provincial = make_body("provincial_office", PROVINCE)
    a = make_body("local_office", communes[0].code, parent=provincial)
    b = make_body("local_office", communes[1].code, parent=provincial)
    c = communes[0]
    office_renew(
        acting_user=None,
        body=a,
        held_on=dt.date(2025, 1, 10),
        seats=seats(
            ("head", person("f", dt.date(1995, 5, 1), c)),
            ("deputy_head", person("m", dt.date(1970, 1, 1), c)),
            ("treasurer", person("m", dt.date(1972, 1, 1), c)),
            ("rapporteur", person("f", dt.date(1980, 1, 1), c)),
        ),
    )
    office_renew(
        acting_user=None,
        body=b,
        held_on=dt.date(2019, 9, 1),
        seats=seats(("head", person("m", dt.date(1960, 1, 1), c))),
    )
    body_set_status(acting_user=None, body=b, status=BodyStatus.DORMANT)
    meeting(a, at(2026, 5, 20))
    meeting(a, at(2026, 6, 25), MeetingStatus.APPROVED)
    meeting(a, at(2026, 7, 15), MeetingStatus.PLANNED)  # after the date: not counted
    meeting(b, at(2026, 2, 16))
    meeting(b, at(2026, 4, 1), MeetingStatus.CANCELLED)  # cancelled: not held
    members(a, communes[0], 8, prefix="TA-OLD-", joined=dt.date(2020, 1, 1), verified=dt.date(2026, 5, 1))
    members(a, communes[0], 2, prefix="TA-NEW-", joined=dt.date(2026, 3, 1), verified=dt.date(2026, 5, 1), gender="f")
    members(b, communes[1], 4, prefix="TB-", joined=dt.date(2020, 1, 1))
    directive = Directive.objects.create(
        issuer=provincial,
        title="هيكلة جميع الجماعات",
        rule=TargetRule.COMMUNES,
        rule_territory=province,
        due_date=dt.date(2026, 9, 30),
    )
    Assignment.objects.create(
        directive=directive,
        body=a,
        path=a.path,
        due_date=dt.date(2026, 5, 1),
        state=AssignmentState.DONE,
        done_on=dt.date(2026, 4, 20),
    )
    Assignment.objects.create(directive=directive, body=b, path=b.path, due_date=dt.date(2026, 5, 1))

    # When the status changes were recorded (the audit trail's dates, set back to known days).
    def dated(body, action, when, **match):
        rows = AuditEntry.objects.filter(action=action, **match)
        rows = rows.filter(target_id=str(body.pk)) if action != "office.renew" else rows.filter(changes__body=body.pk)
        rows.update(at=when)

    dated(a, "body.create", at(2026, 1, 15), target_type="organization.body")
    dated(b, "body.create", at(2026, 1, 15), target_type="organization.body")
    dated(a, "office.renew", at(2026, 2, 10))
    dated(b, "office.renew", at(2026, 3, 1))
    dated(b, "body.update", at(2026, 4, 20), target_type="organization.body")
    return {"province": province, "communes": communes, "provincial": provincial, "a": a, "b": b}
