"""The communiqué (بلاغ) of a meeting: written from the record by templates, edited as new versions, published,
exported as text and PDF; in Arabic and French."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tanzim.audit.models import AuditEntry
from tanzim.meetings.communique import date_in_words, generate
from tanzim.meetings.communique_services import CommuniqueError, communique_generate
from tanzim.meetings.documents_read import meeting_record
from tanzim.meetings.models import Communique, MeetingStatus
from tanzim.territory.capability import Capability
from tanzim.territory.scope import Scope
from tests.meetings import test_documents as world
from tests.meetings.test_documents import pdf_text, scoped_client

taounate, directives = world.taounate, world.directives  # the fixtures of the meeting of 17/01/2026

EVERYTHING = Scope.everything()


@pytest.mark.parametrize(
    "day, arabic, french",
    [
        (dt.date(2026, 1, 17), "السبت 17 يناير 2026", "samedi 17 janvier 2026"),
        (dt.date(2025, 7, 30), "الأربعاء 30 يوليوز 2025", "mercredi 30 juillet 2025"),
        (dt.date(2025, 8, 1), "الجمعة 1 غشت 2025", "vendredi 1er août 2025"),
        (dt.date(2025, 9, 14), "الأحد 14 شتنبر 2025", "dimanche 14 septembre 2025"),
        (dt.date(2025, 11, 3), "الاثنين 3 نونبر 2025", "lundi 3 novembre 2025"),
        (dt.date(2025, 12, 25), "الخميس 25 دجنبر 2025", "jeudi 25 décembre 2025"),
        (dt.date(2025, 5, 6), "الثلاثاء 6 ماي 2025", "mardi 6 mai 2025"),
    ],
)
def test_dates_are_said_with_the_day_of_the_week_and_the_moroccan_month_names(day, arabic, french):
    assert date_in_words(day, "ar") == arabic
    assert date_in_words(day, "fr") == french


def test_the_taounate_communique_names_its_date_place_chairs_attendees_and_every_directive(taounate, directives):
    draft = generate(meeting_record(taounate["meeting"], scope=EVERYTHING), "ar")

    assert draft.title == "بلاغ: انعقاد اجتماع تنظيمي وتواصلي للكتابة الإقليمية لحزب الاختبار بإقليم تاونات"
    text = draft.text
    assert "انعقد يوم السبت 17 يناير 2026، على الساعة 10:00 صباحاً، بالمقر الإقليمي للحزب بتاونات" in text
    # Who chaired, with their capacities (the regional and the provincial secretaries).
    assert (
        "وترأس أشغال الاجتماع كل من الكاتب الجهوي للحزب بجهة فاس-مكناس محمد الحجيري، "
        "والكاتب الإقليمي للحزب بإقليم تاونات محمد النجار." in text
    )
    # The attendee categories: the body's office and the invited categories.
    assert (
        "وحضر الاجتماع أعضاء الكتابة الإقليمية، الكتاب المحليون، رؤساء المجالس الترابية، برلمانيو الإقليم، "
        "وأعضاء المجلس الوطني." in text
    )
    assert "وسُجّل حضور 3 من أصل 4 من أعضاء الكتابة الإقليمية، وهو ما استوفى النصاب القانوني." in text
    # What was discussed, item by item.
    for item in ("المستجدات السياسية والتنظيمية", "الاستعداد للاستحقاقات الانتخابية", "تقييم أداء الأمانات المحلية"):
        assert f"نقطة «{item}»" in text
    # Every directive, with its recipients and due date; the decisions behind them are not said twice.
    assert "وخلص الاجتماع إلى التوجيهات التالية:" in text
    for directive, recipients, _due in directives:
        assert f"- {directive} ({recipients}" in text
    assert "(كل الأجهزة المحلية لإقليم تاونات، خلال ثلاثة أشهر)" in text
    assert "صادق المجتمعون" not in text
    assert text.rstrip().endswith("تاونات، في 17/01/2026")


def test_without_directives_the_decisions_are_said_item_by_item(taounate):
    text = generate(meeting_record(taounate["meeting"], scope=EVERYTHING), "ar").text

    assert "التوجيهات التالية" not in text
    assert (
        "وبخصوص «تقييم أداء الأمانات المحلية»، صادق المجتمعون بالتوافق على تعميم الهيكلة التنظيمية على جميع "
        "جماعات الإقليم في أجل أقصاه ثلاثة أشهر، باعتبارها أولوية المرحلة، إعادة تفعيل الأمانات المحلية "
        "المتوقفة عن العمل، وتحيين لوائح المنخرطين في كل الجماعات." in text
    )


def test_the_french_communique(taounate, directives):
    draft = generate(meeting_record(taounate["meeting"], scope=EVERYTHING), "fr")

    assert draft.title.startswith("Communiqué : Réunion organisationnelle et de communication")
    assert "Le samedi 17 janvier 2026, à 10 h 00" in draft.text
    assert "Mohamed Hjiri" in draft.text and "Mohamed Najjar" in draft.text
    assert "les secrétaires locaux, les présidents des conseils territoriaux" in draft.text
    assert "La réunion a arrêté les orientations suivantes :" in draft.text
    for directive, _recipients, _due in directives:
        assert directive in draft.text


def test_generate_edit_publish_then_export_as_text_and_pdf(taounate, directives):
    official = scoped_client("taounate-head", "03.531", Capability.COMMUNIQUES)
    meeting = taounate["meeting"]
    page = reverse("meeting_documents:communique", args=[meeting.pk])

    official.post(reverse("meeting_documents:communique_generate", args=[meeting.pk]), {"language": "ar"})
    first = Communique.objects.get(meeting=meeting, language="ar")
    assert first.version == 1 and first.generated and first.published_at is None
    shown = official.get(page + "?lang=ar").content.decode()
    assert "السبت 17 يناير 2026" in shown and "نشر النسخة 1" in shown

    edited = first.text.replace("وفي ختام الاجتماع", "وفي ختام هذا اللقاء")
    response = official.post(page, {"language": "ar", "title": first.title, "text": edited})
    assert response.status_code == 302
    second = Communique.objects.get(meeting=meeting, language="ar", version=2)
    assert not second.generated and "وفي ختام هذا اللقاء" in second.text
    assert Communique.objects.filter(meeting=meeting, language="ar").count() == 2  # the first is kept

    official.post(reverse("meeting_documents:communique_publish", args=[meeting.pk]), {"language": "ar"})
    second.refresh_from_db()
    assert second.published_at is not None

    # Published: no longer edited; the refusal is said on the page, beside what was typed.
    response = official.post(page, {"language": "ar", "title": "عنوان آخر", "text": "نص آخر"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "هذا البلاغ منشور: لم يعد قابلاً للتعديل." in body and "نص آخر" in body
    assert Communique.objects.filter(meeting=meeting, language="ar").count() == 2

    text = official.get(reverse("meeting_documents:communique_text", args=[meeting.pk]) + "?lang=ar")
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text.content.decode().startswith(second.title + "\n\n") and "وفي ختام هذا اللقاء" in text.content.decode()
    pdf = official.get(reverse("meeting_documents:communique_pdf", args=[meeting.pk]) + "?lang=ar")
    assert pdf["Content-Type"] == "application/pdf"
    words = pdf_text(pdf.content)
    assert "بلاغ: انعقاد اجتماع تنظيمي وتواصلي" in words and "وفي ختام هذا اللقاء" in words
    assert "مسودة" not in words

    actions = list(
        AuditEntry.objects.filter(action__startswith="communique.").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["communique.generate", "communique.save", "communique.publish"]
    assert AuditEntry.objects.filter(action="communique.publish").get().changes == {
        "meeting": meeting.pk,
        "language": "ar",
        "version": 2,
    }


def test_an_empty_title_is_refused_beside_the_form_keeping_the_text(taounate):
    official = scoped_client("taounate-head", "03.531", Capability.COMMUNIQUES)
    meeting = taounate["meeting"]

    response = official.post(
        reverse("meeting_documents:communique", args=[meeting.pk]),
        {"language": "ar", "title": "  ", "text": "نص كُتب باليد"},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "البلاغ يحتاج إلى عنوان." in body and "نص كُتب باليد" in body
    assert not Communique.objects.exists()


def test_reading_a_meeting_is_not_writing_its_communique(taounate):
    reader = scoped_client("taounate-reader", "03.531")
    meeting = taounate["meeting"]

    assert reader.post(reverse("meeting_documents:communique_generate", args=[meeting.pk]), {}).status_code == 403
    page = reader.get(reverse("meeting_documents:communique", args=[meeting.pk]))
    assert page.status_code == 200 and "<textarea" not in page.content.decode()
    assert not Communique.objects.exists()


def test_the_service_checks_the_writers_scope_itself(taounate):
    with pytest.raises(CommuniqueError) as refused:
        communique_generate(acting_user=None, scope=Scope.of("01/01.571/"), meeting=taounate["meeting"], language="ar")
    assert refused.value.code == "outside_scope"


def test_a_cancelled_meeting_has_no_communique(taounate):
    meeting = taounate["meeting"]
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])

    with pytest.raises(CommuniqueError) as refused:
        communique_generate(acting_user=None, scope=EVERYTHING, meeting=meeting, language="fr")
    assert refused.value.code == "meeting_cancelled"
