"""The three seed meetings for `make demo`, on the demo party's bodies (organization/demo.py), with the ORM.

- Tétouan: a session of the provincial council, framed by the provincial secretary, a member of the national
  administrative committee and an envoy of the regional secretariat, that reviews the political and organizational
  situation and co-opts ten cadres.
- Rabat-Salé-Kénitra: a meeting of the regional secretariat with the provincial secretaries present, on the
  decisions of the administrative committee, the evaluation of the local bodies and the work programmes.
- Taounate: the organizational and communication meeting of the provincial secretariat on Saturday 17 January 2026
  at the provincial headquarters, chaired by the regional and the provincial secretaries, with the five decisions
  the Taounate directives are sent from.

Generated names (the demo's persons), our own wording. `demo_meetings()` returns the Taounate meeting and its
decisions (in order); loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone, translation

from tanzim.organization.models import Body, Mandate

from .documents_read import minutes_snapshot
from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionOutcome,
    InvitedCategory,
    Meeting,
    MeetingKind,
    MeetingRole,
    MeetingRoleKind,
    MeetingStatus,
    MinutesVersion,
)

CASABLANCA = ZoneInfo("Africa/Casablanca")

KINDS = [
    ("ordinary", "اجتماع عادي", "Réunion ordinaire"),
    ("extraordinary", "اجتماع استثنائي", "Réunion extraordinaire"),
    ("council_session", "دورة المجلس", "Session du conseil"),
    ("general_assembly", "جمع عام", "Assemblée générale"),
    ("congress", "مؤتمر", "Congrès"),
    ("organizational", "اجتماع تنظيمي وتواصلي", "Réunion organisationnelle et de communication"),
]

TAOUNATE_DECISIONS = [
    # (agenda item index, text)
    (3, "تعميم الهيكلة التنظيمية على جميع جماعات الإقليم في أجل أقصاه ثلاثة أشهر، باعتبارها أولوية المرحلة"),
    (2, "الشروع مبكراً في التحضير للانتخابات التشريعية لسنة 2026"),
    (3, "إعادة تفعيل الأمانات المحلية المتوقفة عن العمل"),
    (3, "تحيين لوائح المنخرطين في كل الجماعات"),
    (1, "إشراك الشباب والنساء في الهياكل القيادية بأدوار فعلية"),
]


def _kinds() -> dict[str, MeetingKind]:
    kinds = {}
    for order, (key, ar, fr) in enumerate(KINDS):
        kinds[key], _ = MeetingKind.objects.get_or_create(
            key=key, defaults={"name_ar": ar, "name_fr": fr, "order": order * 10}
        )
    return kinds


def _at(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CASABLANCA)


def _body(type_key: str, code: str | None) -> Body | None:
    qs = Body.objects.filter(organization__key="party", body_type__key=type_key)
    qs = qs.filter(territory__code=code) if code else qs.filter(territory__isnull=True)
    return qs.select_related("body_type", "territory", "organization").first()


def _office(body: Body, on: dt.date) -> list[Mandate]:
    return list(
        Mandate.objects.filter(body=body, start_date__lte=on)
        .exclude(end_date__lte=on)
        .select_related("person", "position_type", "body__body_type")
        .order_by("position_type__rank", "id")
    )


def _head(body: Body | None, on: dt.date) -> Mandate | None:
    if body is None:
        return None
    return next((m for m in _office(body, on) if m.position_type.is_head), None)


def capacity_of(mandate: Mandate) -> str:
    """ "الكاتب الجهوي للحزب بجهة فاس - مكناس": the position, then the body's place (in Arabic)."""
    with translation.override("ar"):
        title = mandate.title
        body = mandate.body
        if body.territory is None:
            return f"{title} ({body.type_name})" if not mandate.position_type.is_head else title
        place = body.territory.titled_name
        if mandate.position_type.is_head:
            return f"{title} للحزب ب{place}"
        return f"{title} في {body.type_name} ب{place}"


def _register(meeting: Meeting, rows: Sequence[tuple[Mandate | None, str, bool, str]]) -> None:
    """Attendance lines: (mandate, category, entitled, status); a person is listed once."""
    seen: set[int] = set()
    for order, (mandate, category, entitled, status) in enumerate(rows):
        if mandate is None or mandate.person_id in seen:
            continue
        seen.add(mandate.person_id)
        Attendance.objects.create(
            meeting=meeting,
            person=mandate.person,
            category=category,
            entitled=entitled,
            status=status,
            order=order,
        )


def _statuses(count: int, *, excused: int = 1, absent: int = 1) -> list[str]:
    statuses: list[str] = [AttendanceStatus.PRESENT] * count
    for i in range(min(excused, count)):
        statuses[-1 - i] = AttendanceStatus.EXCUSED
    for i in range(min(absent, max(count - excused, 0))):
        statuses[-1 - excused - i] = AttendanceStatus.ABSENT
    return statuses


def _approve(meeting: Meeting, on: dt.datetime) -> None:
    meeting.status = MeetingStatus.APPROVED
    meeting.approved_at = on
    meeting.save(update_fields=["status", "approved_at"])
    MinutesVersion.objects.create(meeting=meeting, number=1, content=minutes_snapshot(meeting), approved_at=on)


def _meeting(body: Body, kind: MeetingKind, starts_at: dt.datetime, **fields) -> tuple[Meeting, bool]:
    found = Meeting.objects.filter(body=body, starts_at=starts_at).first()
    if found is not None:
        return found, False
    return Meeting.objects.create(body=body, kind=kind, starts_at=starts_at, **fields), True


def _agenda(meeting: Meeting, items: list[tuple[str, str]]) -> list[AgendaItem]:
    return [
        AgendaItem.objects.create(meeting=meeting, order=i, title=title, minutes=minutes)
        for i, (title, minutes) in enumerate(items, start=1)
    ]


def _snapshot_decision(meeting: Meeting, item: AgendaItem | None, order: int, text: str) -> Decision:
    entitled = list(meeting.attendance.filter(entitled=True).select_related("person"))
    return Decision.objects.create(
        meeting=meeting,
        agenda_item=item,
        order=order,
        text=text,
        outcome=DecisionOutcome.CONSENSUS,
        entitled=[{"id": a.person_id, "name": a.person.full_name_ar} for a in entitled],
        present_count=sum(1 for a in entitled if a.status == AttendanceStatus.PRESENT),
    )


def tetouan_council(kinds) -> Meeting | None:
    council = _body("provincial_council", "01.571")
    province = _body("provincial_office", "01.571")
    region = _body("regional_office", "01")
    committee = _body("national_committee", None)
    if council is None or province is None:
        return None
    day = dt.date(2025, 3, 8)
    meeting, new = _meeting(
        council,
        kinds["council_session"],
        _at(2025, 3, 8, 16),
        ends_at=_at(2025, 3, 8, 19),
        venue="مقر الكتابة الإقليمية للحزب بتطوان",
        commune=council.territory,
        opening="افتتح الكاتب الإقليمي أشغال الدورة بالترحيب بالحاضرين وبتقديم السياق التنظيمي الذي تنعقد فيه.",
    )
    if not new:
        return meeting
    framers = [_head(province, day)]
    if committee is not None:
        framers.append(next((m for m in _office(committee, day) if not m.position_type.is_head), None))
    if region is not None:
        framers.append(next((m for m in _office(region, day) if not m.position_type.is_head), None))
    for order, mandate in enumerate(m for m in framers if m is not None):
        capacity = capacity_of(mandate)
        if mandate.body_id == (region.pk if region else None):
            with translation.override("ar"):
                capacity = f"عن {region.body_type.name}" if region else capacity
        MeetingRole.objects.create(
            meeting=meeting,
            role=MeetingRoleKind.FRAMER,
            person=mandate.person,
            capacity=capacity,
            from_body=mandate.body,
            order=order,
        )
    members = _office(council, day)
    InvitedCategory.objects.create(meeting=meeting, key="office")
    rows = [(m, "office", True, s) for m, s in zip(members, _statuses(len(members), excused=1, absent=0), strict=True)]
    _register(meeting, rows)
    items = _agenda(
        meeting,
        [
            (
                "الوضعية السياسية الراهنة وطنياً ومحلياً",
                "توقف المجلس عند اختلالات السياسات العمومية وانعكاساتها على الأوضاع الاجتماعية بالإقليم، "
                "وعند اتساع الفوارق بين الفئات والمجالات.",
            ),
            (
                "الوضعية التنظيمية للحزب بالإقليم",
                "تدارس المجلس التحديات التنظيمية المطروحة والحلول الممكنة لها، وفي مقدمتها تعزيز الجهاز "
                "الإقليمي بأطر وكفاءات محلية.\n\n- تقوية حضور الحزب في القطاعات المهنية\n- إشراك الأطر الشابة",
            ),
            ("تعزيز الجهاز الإقليمي بأطر جديدة", "قدمت الكتابة الإقليمية لائحة من عشرة أطر من قطاعات مختلفة."),
        ],
    )
    _snapshot_decision(meeting, items[2], 1, "ضم عشرة أطر وكفاءات إلى المجلس الإقليمي لتعزيز أداء الجهاز الحزبي")
    _approve(meeting, _at(2025, 3, 15, 12))
    return meeting


def rabat_regional(kinds) -> Meeting | None:
    region = _body("regional_office", "04")
    if region is None:
        return None
    day = dt.date(2026, 2, 14)
    meeting, new = _meeting(
        region,
        kinds["ordinary"],
        _at(2026, 2, 14, 15),
        ends_at=_at(2026, 2, 14, 18),
        venue="المقر الجهوي للحزب بالرباط",
    )
    if not new:
        return meeting
    head = _head(region, day)
    if head is not None:
        MeetingRole.objects.create(
            meeting=meeting,
            role=MeetingRoleKind.CHAIR,
            person=head.person,
            capacity=capacity_of(head),
            from_body=region,
        )
    office = _office(region, day)
    provinces = [_head(b, day) for b in Body.objects.filter(parent=region, body_type__key="provincial_office")]
    InvitedCategory.objects.create(meeting=meeting, key="office")
    InvitedCategory.objects.create(meeting=meeting, key="provincial_secretaries")
    rows = [(m, "office", True, s) for m, s in zip(office, _statuses(len(office), excused=1, absent=0), strict=True)]
    heads = [m for m in provinces if m is not None]
    rows += [(m, "provincial_secretaries", False, s) for m, s in zip(heads, _statuses(len(heads)), strict=True)]
    _register(meeting, rows)
    items = _agenda(
        meeting,
        [
            (
                "تنزيل مقررات اللجنة الإدارية",
                "عرض الكاتب الجهوي مقررات اللجنة الإدارية الأخيرة وما تنتظره من الأجهزة الجهوية والإقليمية.",
            ),
            (
                "تقييم أداء الأجهزة المحلية",
                "قدم كتاب الأقاليم حصيلة عمل الفروع، وسُجّلت ملاحظات حول آليات التأطير ووتيرة الأنشطة.",
            ),
            ("برامج العمل للفترة المقبلة", "- لقاءات تواصلية\n- ندوات موضوعاتية\n- أنشطة ميدانية بالأقاليم"),
        ],
    )
    _snapshot_decision(
        meeting, items[2], 1, "اعتماد برنامج عمل جهوي يشمل لقاءات تواصلية وندوات موضوعاتية في كل أقاليم الجهة"
    )
    return meeting


def taounate_provincial(kinds) -> tuple[Meeting | None, list[Decision]]:
    province = _body("provincial_office", "03.531")
    region = _body("regional_office", "03")
    if province is None:
        return None, []
    day = dt.date(2026, 1, 17)
    meeting, new = _meeting(
        province,
        kinds["organizational"],
        _at(2026, 1, 17, 10),
        ends_at=_at(2026, 1, 17, 13),
        venue="المقر الإقليمي للحزب",
        commune=province.territory,
        opening="افتُتح الاجتماع بكلمة ترحيبية للكاتب الإقليمي، رحب فيها بالحاضرين وبالوفد الجهوي.",
    )
    if not new:
        return meeting, list(meeting.decisions.order_by("order", "id"))
    for order, mandate in enumerate(m for m in (_head(region, day), _head(province, day)) if m is not None):
        MeetingRole.objects.create(
            meeting=meeting,
            role=MeetingRoleKind.CHAIR,
            person=mandate.person,
            capacity=capacity_of(mandate),
            from_body=mandate.body,
            order=order,
        )
    office = _office(province, day)
    rapporteur = next((m for m in office if m.position_type.key == "rapporteur"), None)
    if rapporteur is not None:
        MeetingRole.objects.create(
            meeting=meeting, role=MeetingRoleKind.RAPPORTEUR, person=rapporteur.person, from_body=province
        )
    for key in ("office", "local_secretaries", "council_presidents", "parliamentarians", "national_council"):
        InvitedCategory.objects.create(meeting=meeting, key=key)
    local = [
        _head(b, day)
        for b in Body.objects.filter(parent=province, body_type__key="local_office", status="constituted")
        .select_related("body_type", "territory", "organization")
        .order_by("territory__code")
    ]
    local = [m for m in local if m is not None]
    rows: list[tuple[Mandate | None, str, bool, str]] = [
        (m, "office", True, s) for m, s in zip(office, _statuses(len(office), excused=1, absent=0), strict=True)
    ]
    rows += [
        (m, "local_secretaries", False, s)
        for m, s in zip(local, _statuses(len(local), excused=2, absent=3), strict=True)
    ]
    _register(meeting, rows)
    items = _agenda(
        meeting,
        [
            (
                "المستجدات السياسية والتنظيمية",
                "قدم الكاتب الجهوي عرضاً عن المستجدات الوطنية والجهوية والإقليمية، وعن برامج منظمتي الشباب "
                "والنساء والمحطات التنظيمية المقبلة.\n\n- اللقاء التواصلي الإقليمي الموسع\n"
                "- المؤتمر الجهوي لمنظمة الشباب\n- المؤتمر الإقليمي لمنظمة النساء",
            ),
            (
                "الاستعداد للاستحقاقات الانتخابية",
                "دعا المتدخلون إلى التسجيل في اللوائح الانتخابية في الآجال المعلنة، وإلى اعتماد معايير واضحة "
                "في اختيار المرشحين.",
            ),
            (
                "تقييم أداء الأمانات المحلية",
                "تناول النقاش تشخيص الوضع التنظيمي بالإقليم والصعوبات المرتبطة بالتواصل مع الساكنة، "
                "وضرورة تسريع الهيكلة في الجماعات التي لا جهاز للحزب فيها.",
            ),
        ],
    )
    decisions = [
        _snapshot_decision(meeting, items[index - 1], order, text)
        for order, (index, text) in enumerate(TAOUNATE_DECISIONS, start=1)
    ]
    _approve(meeting, _at(2026, 1, 24, 12))
    return meeting, decisions


def demo_meetings() -> tuple[Meeting | None, list[Decision]]:
    """Build the three seed meetings on the demo's bodies; return the Taounate meeting and its five decisions."""
    with transaction.atomic(), timezone.override(CASABLANCA):
        kinds = _kinds()
        tetouan_council(kinds)
        rabat_regional(kinds)
        return taounate_provincial(kinds)
