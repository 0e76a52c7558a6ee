"""`tanzim bench`, the directives' part: a national "overdue directives" page and a province's roll-up of what it
sent, with every commune's local body, every provincial and regional body, five years of monthly meetings per body
and the directives each non-local body's meetings sent its sub-bodies (PostgreSQL; synthetic data only).

`directives_setup(years=…, communes=None)` builds it with bulk inserts (idempotent: a second call finds it);
`directives_figures(runs=…)` times both pages through the whole middleware, server time, p50/p95."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import connection, transaction
from django.utils import timezone

BENCH_PROVINCE = "03.531"  # Taounate: the province whose follow-up page is measured
BENCH_NATIONAL_USER = "bench-directives-national"
BENCH_PROVINCE_USER = "bench-directives-taounate"
TARGET_MS = 200


def _months(years: int, end: dt.date) -> list[dt.date]:
    first = dt.date(end.year - years, end.month, 1)
    out: list[dt.date] = []
    day = first
    while day <= end and len(out) < years * 12:
        out.append(day)
        day = dt.date(day.year + (day.month // 12), day.month % 12 + 1, 1)
    return out


def directives_setup(*, years: int = 5, communes: int | None = None, seed: int = 12) -> dict:
    """Bodies on every region, province and commune (or the first `communes` communes), monthly meetings for
    `years` years, one directive per meeting of a body that has sub-bodies, one assignment per sub-body; the older
    ones mostly done, some left open past their due date. Returns the sizes."""
    from django.contrib.auth import get_user_model

    from tanzim.access.models import Account
    from tanzim.meetings.models import Decision, Meeting, MeetingKind
    from tanzim.organization.models import Body, BodyStatus, BodyType, Organization, PositionType
    from tanzim.organization.services import Seat, body_create, office_renew, party_setup
    from tanzim.people.models import Person
    from tanzim.territory.models import Territory

    from .models import Assignment, Directive

    if not Organization.objects.filter(key="party").exists():
        party_setup(acting_user=None, name_ar="حزب القياس", name_fr="Parti de mesure", preset="kitaba")
    party = Organization.objects.get(key="party")
    types = {t.key: t for t in BodyType.objects.all()}
    rng = random.Random(seed)  # noqa: S311  (synthetic data)
    today = timezone.localdate()
    if Directive.objects.filter(title__startswith="bench ").exists():
        return {"bodies": Body.objects.count(), "assignments": Assignment.objects.count()}
    with transaction.atomic():
        national = Body.objects.filter(organization=party, body_type__key="national_executive").first()
        if national is None:
            national = body_create(
                acting_user=None,
                organization=party,
                body_type=types["national_executive"],
                status=BodyStatus.CONSTITUTED,
            )
        units = Territory.objects.order_by("path")
        commune_ids = None
        if communes is not None:
            taounate = Territory.objects.get(code=BENCH_PROVINCE)
            chosen = list(units.filter(level="commune", path__startswith=taounate.path)[:communes])
            commune_ids = {c.pk for c in chosen}
        existing = {(b.body_type_id, b.territory_id): b for b in Body.objects.filter(organization=party)}
        bodies_by_territory: dict[int, Body] = {}
        for level, key in (
            ("region", "regional_office"),
            ("province", "provincial_office"),
            ("commune", "local_office"),
        ):
            rows = []
            for unit in units.filter(level=level):
                if commune_ids is not None and level == "commune" and unit.pk not in commune_ids:
                    continue
                if commune_ids is not None and level != "commune" and not unit.path.startswith("03/"):
                    continue
                found = existing.get((types[key].pk, unit.pk))
                if found is not None:
                    bodies_by_territory[unit.pk] = found
                    continue
                parent = national if level == "region" else bodies_by_territory.get(unit.parent_id)
                if parent is None:
                    continue
                rows.append(
                    Body(
                        organization=party,
                        body_type=types[key],
                        territory=unit,
                        parent=parent,
                        path=unit.path,
                        status=BodyStatus.CONSTITUTED,
                    )
                )
            made = Body.objects.bulk_create(rows, batch_size=1000)
            for b in made:
                b.tree = f"{b.parent.tree if b.parent else '/'}{b.pk}/"
            Body.objects.bulk_update(made, ["tree"], batch_size=1000)
            for b in made:
                bodies_by_territory[b.territory_id or 0] = b
        bodies = [national, *bodies_by_territory.values()]
        children: dict[int, list[Body]] = {}
        for b in bodies:
            if b.parent_id:
                children.setdefault(b.parent_id, []).append(b)
        kind, _ = MeetingKind.objects.get_or_create(
            key="ordinary", defaults={"name_ar": "اجتماع عادي", "name_fr": "Réunion ordinaire"}
        )
        months = _months(years, today)
        meetings = [
            Meeting(
                body=b, kind=kind, starts_at=timezone.make_aware(dt.datetime.combine(m, dt.time(10))), status="approved"
            )
            for b in bodies
            for m in months
        ]
        Meeting.objects.bulk_create(meetings, batch_size=5000)
        issuing = [m for m in meetings if m.body_id in children]
        decisions = [Decision(meeting=m, text="bench", outcome="consensus") for m in issuing]
        Decision.objects.bulk_create(decisions, batch_size=5000)
        directives = []
        for d in decisions:
            start = timezone.localtime(d.meeting.starts_at).date()
            directives.append(
                Directive(
                    issuer_id=d.meeting.body_id,
                    decision=d,
                    title=f"bench {start:%Y-%m}",
                    due_months=2,
                    due_date=start + dt.timedelta(days=60),
                    rule="sub_bodies",
                )
            )
        Directive.objects.bulk_create(directives, batch_size=5000)
        assignments = []
        for directive in directives:
            for b in children[directive.issuer_id]:
                late = directive.due_date is not None and directive.due_date < today
                state = (
                    ("done" if rng.random() < 0.9 else rng.choice(["sent", "in_progress"]))
                    if late
                    else rng.choice(["sent", "acknowledged", "in_progress", "done"])
                )
                assignments.append(
                    Assignment(
                        directive=directive,
                        body=b,
                        path=b.path,
                        due_date=directive.due_date,
                        state=state,
                        done_on=directive.due_date if state == "done" else None,
                    )
                )
        Assignment.objects.bulk_create(assignments, batch_size=5000)
        # The readers: a national administrator, and the head of the province.
        User = get_user_model()
        User.objects.get_or_create(username=BENCH_NATIONAL_USER, defaults={"is_superuser": True, "is_staff": True})
        head, created = User.objects.get_or_create(username=BENCH_PROVINCE_USER)
        province = bodies_by_territory[Territory.objects.get(code=BENCH_PROVINCE).pk]
        if created:
            person = Person.objects.create(first_name_ar="أمين", last_name_ar="القياس", gender="m")
            office_renew(
                acting_user=None,
                body=province,
                held_on=dt.date(2025, 1, 1),
                seats=[Seat(PositionType.objects.get(key="head"), person)],
            )
            Account.objects.create(user=head, person=person)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return {
        "bodies": len(bodies),
        "meetings": len(meetings),
        "directives": len(directives),
        "assignments": len(assignments),
    }


def _timed(client, url: str, runs: int, secure: bool) -> dict:
    first = client.get(url, secure=secure)
    if first.status_code != 200:
        raise RuntimeError(f"{url} answered {first.status_code}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, secure=secure)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p50, p95 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]
    return {"p50_ms": p50, "p95_ms": p95, "ratio": p95 / TARGET_MS, "bytes": len(first.content)}


def directives_figures(*, runs: int = 20) -> dict:
    """Server time of the national overdue page and of Taounate's follow-up page and its structuring directive."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.http import HttpRequest
    from django.test import Client
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import Assignment, Directive

    secure = not settings.DEBUG
    User = get_user_model()
    national = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ar")
    admin = User.objects.get(username=BENCH_NATIONAL_USER)
    national.force_login(admin)
    device = TOTPDevice.objects.filter(user=admin, confirmed=True).first() or TOTPDevice.objects.create(
        user=admin, name="bench", confirmed=True
    )
    request = HttpRequest()
    request.session = national.session
    request.user = admin
    otp_login(request, device)
    request.session.save()
    province = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ar")
    province.force_login(User.objects.get(username=BENCH_PROVINCE_USER))
    head_body = Directive.objects.filter(issuer__territory__code=BENCH_PROVINCE).order_by("-id").first()
    return {
        "assignments": Assignment.objects.count(),
        "overdue": Assignment.objects.filter(
            state__in=["sent", "acknowledged", "in_progress"], due_date__lt=timezone.localdate()
        ).count(),
        "national_overdue": _timed(national, "/directives/overdue/", runs, secure),
        "province_followup": _timed(province, "/directives/sent/", runs, secure),
        "province_directive": _timed(province, f"/directives/{head_body.pk}/", runs, secure) if head_body else None,
    }
