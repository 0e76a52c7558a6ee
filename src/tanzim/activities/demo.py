"""The demo's work programme: the coming milestones the Taounate provincial meeting listed (its report in the
seeds), as a programme of the Taounate provincial body around today's date, some done with their report, one whose
report is due, the rest still to come. `activities_demo_load()` runs after the organization's demo (load-demo)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tanzim.organization.models import Body
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from .models import ActivityKind, WorkProgramme
from .services import activity_report, activity_save, programme_save

EVERYTHING = Scope.everything()
TAOUNATE = "03.531"

# (days from today, kind, organizing organization, theme, planned, actual, partners, report, captions)
MILESTONES = [
    (
        -45,
        "communication_meeting",
        "party",
        "اللقاء التواصلي الإقليمي الموسع",
        250,
        310,
        "",
        "انعقد اللقاء التواصلي الإقليمي الموسع بحضور أعضاء الأمانة الإقليمية والأمناء المحليين ورؤساء المجالس "
        "الترابية وبرلمانيي الإقليم. تناول اللقاء تسريع الهيكلة التنظيمية وإعادة تفعيل الأمانات المحلية وتحديث "
        "لوائح المنخرطين.",
        "كلمة الأمين الإقليمي في افتتاح اللقاء\nجانب من الحضور بالمقر الإقليمي",
    ),
    (
        -20,
        "study_day",
        "women",
        "يوم دراسي حول التمكين السياسي للنساء",
        80,
        96,
        "جمعيات نسائية محلية",
        "نُظِّم اليوم الدراسي حول التمكين السياسي للنساء بمشاركة منتخبات الإقليم وفاعلات جمعويات، وخلص إلى توصيات "
        "بإشراك النساء في الهياكل القيادية وتكوين المنتخبات.",
        "ورشة المنتخبات",
    ),
    (-6, "caravan", "women", "قافلة منظمة نساء الحزب — محطة إقليم تاونات", 120, None, "", "", ""),
    (12, "congress", "youth", "التحضير للمؤتمر الجهوي لمنظمة شباب الحزب بجهة فاس مكناس", 60, None, "", "", ""),
    (40, "congress", "women", "المؤتمر الإقليمي لمنظمة نساء الحزب بإقليم تاونات", 200, None, "", "", ""),
]


def activities_demo_load(*, acting_user=None, today: dt.date | None = None) -> bool:
    """Add the Taounate programme once (False, and nothing changed, when the demo party has no Taounate body or
    the programme is already there)."""
    today = today or timezone.localdate()
    bodies = {
        b.organization.key: b
        for b in Body.objects.filter(territory__code=TAOUNATE, body_type__key="provincial_office").select_related(
            "organization"
        )
    }
    province = bodies.get("party")
    if province is None or WorkProgramme.objects.filter(body=province).exists():
        return False
    communes = Territory.objects.filter(parent__code=TAOUNATE, level="commune")
    seat = communes.filter(name_ar__contains="تاونات").first() or communes.order_by("code").first()
    kinds = {k.key: k for k in ActivityKind.objects.all()}
    with transaction.atomic():
        programme = programme_save(
            acting_user=acting_user,
            scope=EVERYTHING,
            body=province,
            title="برنامج عمل الأمانة الإقليمية بتاونات — المحطات التنظيمية المقبلة",
            starts_on=today - dt.timedelta(days=60),
            ends_on=today + dt.timedelta(days=120),
        )
        for days, kind, org, theme, planned, actual, partners, report, captions in MILESTONES:
            activity = activity_save(
                acting_user=acting_user,
                scope=EVERYTHING,
                programme=programme,
                body=bodies.get(org, province),
                kind=kinds[kind],
                theme=theme,
                starts_on=today + dt.timedelta(days=days),
                ends_on=today + dt.timedelta(days=days + 2) if kind == "caravan" else None,
                starts_at=dt.time(10, 0),
                commune=seat,
                venue="المقر الإقليمي للحزب" if org == "party" else "",
                partners=partners,
                planned_participants=planned,
            )
            if report:
                activity_report(
                    acting_user=acting_user,
                    scope=EVERYTHING,
                    activity=activity,
                    report=report,
                    actual_participants=actual,
                    photo_captions=captions,
                    today=today,
                )
    return True
