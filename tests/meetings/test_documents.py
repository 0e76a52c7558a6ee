"""The minutes PDF and the attendance sheet of a meeting: drawn right to left in Arabic with the party's name, the
body, page numbers and a signatures block; the approved version when approved, the draft marked otherwise."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tanzim.access.services import grant_create
from tanzim.audit.models import AuditEntry
from tanzim.meetings import demo, followups
from tanzim.meetings.followups import FollowUp
from tanzim.meetings.models import AgendaItem, MeetingStatus
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.people.models import Gender
from tanzim.people.services import person_create
from tanzim.territory.capability import Capability
from tanzim.territory.models import Territory
from tests.organization.factories import make_body

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

DIRECTIVES = [
    ("تعميم الهيكلة التنظيمية على جميع جماعات الإقليم", "كل الأجهزة المحلية لإقليم تاونات", "خلال ثلاثة أشهر"),
    ("الانطلاق المبكر في التحضير للانتخابات التشريعية لسنة 2026", "الأمانة الإقليمية بتاونات", ""),
    ("إعادة تفعيل الأمانات المحلية", "الأجهزة المحلية المتوقفة بإقليم تاونات", ""),
    ("تحديث لوائح المنخرطين", "كل الأجهزة المحلية لإقليم تاونات", ""),
    ("إشراك الشباب والنساء في الهياكل القيادية", "كل الأجهزة المحلية لإقليم تاونات", ""),
]


def person(first_ar, last_ar, first_latin, last_latin, *, commune="03.531.01.01", female=False):
    return person_create(
        acting_user=None,
        first_name_ar=first_ar,
        last_name_ar=last_ar,
        first_name_latin=first_latin,
        last_name_latin=last_latin,
        gender=Gender.FEMALE if female else Gender.MALE,
        commune=Territory.objects.filter(path__startswith=Territory.objects.get(code="03.531").path, level="commune")
        .order_by("code")
        .first(),
    )


def seat(body, key, who, held_on=dt.date(2025, 10, 5)):
    office_renew(acting_user=None, body=body, held_on=held_on, seats=[Seat(PositionType.objects.get(key=key), who)])


@pytest.fixture
def taounate(party):
    """Fès-Meknès and Taounate as in the seed: a regional secretary and a provincial secretariat with its office,
    two local secretariats; the meeting of 17/01/2026 built by the demo's builder."""
    bureau = make_body("national_executive")
    region = make_body("regional_office", "03", parent=bureau)
    province = make_body("provincial_office", "03.531", parent=region)
    office_renew(
        acting_user=None,
        body=region,
        held_on=dt.date(2023, 12, 3),
        seats=[Seat(PositionType.objects.get(key="head"), person("محمد", "الحجيري", "Mohamed", "Hjiri"))],
    )
    office_renew(
        acting_user=None,
        body=province,
        held_on=dt.date(2025, 10, 5),
        seats=[
            Seat(PositionType.objects.get(key="head"), person("محمد", "النجار", "Mohamed", "Najjar")),
            Seat(
                PositionType.objects.get(key="rapporteur"), person("سناء", "الوزاني", "Sanaa", "Ouazzani", female=True)
            ),
            Seat(PositionType.objects.get(key="treasurer"), person("كريم", "بناني", "Karim", "Bennani")),
            Seat(PositionType.objects.get(key="advisor"), person("هند", "التازي", "Hind", "Tazi", female=True)),
        ],
    )
    communes = list(Territory.objects.filter(parent__code="03.531").order_by("code")[:2])
    for i, commune in enumerate(communes):
        local = make_body("local_office", commune.code, parent=province, status="constituted")
        office_renew(
            acting_user=None,
            body=local,
            held_on=dt.date(2025, 6, 1),
            seats=[Seat(PositionType.objects.get(key="head"), person("رشيد", f"المحلي{i}", "Rachid", f"Local{i}"))],
        )
    meeting, decisions = demo.taounate_provincial(demo._kinds())
    return {"region": region, "province": province, "meeting": meeting, "decisions": decisions}


@pytest.fixture
def directives(taounate):
    """A make-believe directives app: each decision of the meeting sends one directive."""

    @followups.followup_provider("test-directives")
    def provide(meeting, *, scope):
        if not scope.covers(meeting.body.path):
            return []
        return [
            FollowUp(
                decision_id=d.pk,
                text=text,
                recipients=to,
                due=dt.date(2026, 4, 17) if i == 0 else None,
                due_words=words,
            )
            for i, (d, (text, to, words)) in enumerate(zip(taounate["decisions"], DIRECTIVES, strict=True))
            if d.meeting_id == meeting.pk
        ]

    yield DIRECTIVES
    followups._providers.pop("test-directives", None)


def scoped_client(username, code, *capabilities, language="ar") -> Client:
    user = get_user_model().objects.create_user(username, password="a-long-test-password")
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code=code),
        capabilities=[Capability.READ, *capabilities],
        starts_on=dt.date(2020, 1, 1),
    )
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    client.user = user
    return client


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def runs(content: bytes, page: int = 0) -> list[tuple[str, float]]:
    """The text runs of a page with the x where each starts, as a fraction of the page's width."""
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(content)).pages[page]
    width = float(pdf.mediabox.width)
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), (tm[4] * cm[0] + cm[4]) / width))

    pdf.extract_text(visitor_text=visit)
    return found


def x_of(content: bytes, text: str) -> float:
    """Where the run that is exactly `text` (a short line) starts, 0 = the page's left edge, 1 = its right edge."""
    matches = [x for run, x in runs(content) if run == text]
    assert matches, (text, runs(content))
    return matches[0]


def png(content: bytes, name: str) -> Path:
    """The PDF's first page drawn as an image by poppler's pdftoppm (Debian's poppler-utils), kept for a look."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: apt-get install poppler-utils (make browser does)"
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = SCREENSHOTS / f"{name}.pdf"
    pdf.write_bytes(content)
    subprocess.run(  # noqa: S603
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(SCREENSHOTS / name)],
        check=True,
    )
    pdf.unlink()
    return SCREENSHOTS / f"{name}.png"


def ink_sides(image: Path) -> tuple[int, int]:
    """Dark pixels in the left and right halves of the page's text area (the header and footer left out)."""
    from PIL import Image

    picture = Image.open(image).convert("L")
    width, height = picture.size
    pixels = picture.load()
    left = right = 0
    for y in range(int(height * 0.18), int(height * 0.9), 2):
        for x in range(0, width, 2):
            if pixels[x, y] < 128:
                if x < width / 2:
                    left += 1
                else:
                    right += 1
    return left, right


def test_the_minutes_pdf_reads_in_arabic_in_logical_order_right_aligned(taounate, directives, client_ar):
    meeting = taounate["meeting"]

    response = client_ar.get(reverse("meeting_documents:minutes_pdf", args=[meeting.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    # The party, the body, the title, the date in words with the Moroccan month, the approval: Arabic words in
    # logical order (a number inside an Arabic line is a run of its own, read where it is drawn).
    for words in (
        "حزب الاختبار",
        "الكتابة الإقليمية — تاونات",
        "محضر — اجتماع تنظيمي وتواصلي",
        "يناير",
        "السبت",
        "صودق عليه في",
        "24/01/2026",
        "المستجدات السياسية والتنظيمية",
        "تعميم الهيكلة التنظيمية على جميع جماعات الإقليم في أجل أقصاه ثلاثة أشهر",
        "اعتُمد بالتوافق",
        "التوجيهات",
        "إشراك الشباب والنساء في الهياكل القيادية",
        "رئيس الاجتماع",
        "المقرر",
        "التوقيع",
        "1 / 2",
    ):
        assert words in text, words
    assert "مسودة" not in text
    # Every directive of the meeting is listed (its words; "2026" is a run of its own).
    for directive, _to, _due in directives:
        assert directive.removesuffix(" 2026") in text
    # Right to left: a short line (the rapporteur's name) starts in the right half of the page.
    assert x_of(response.content, "سناء الوزاني") > 0.6
    left, right = ink_sides(png(response.content, "minutes-ar"))
    assert right > left * 1.3


def test_the_minutes_pdf_in_french_reads_left_to_right(taounate, directives, client_fr):
    response = client_fr.get(reverse("meeting_documents:minutes_pdf", args=[taounate["meeting"].pk]))

    text = pdf_text(response.content)
    assert "Procès-verbal" in text and "Approuvé le 24/01/2026 (version 1)" in text
    assert "samedi 17 janvier 2026" in text
    assert "Sanaa Ouazzani" in text
    assert x_of(response.content, "Sanaa Ouazzani") < 0.4
    left, right = ink_sides(png(response.content, "minutes-fr"))
    assert left > right * 1.3


def test_minutes_not_yet_approved_are_the_current_draft_marked_as_such(taounate, client_ar):
    meeting = taounate["meeting"]
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    AgendaItem.objects.filter(meeting=meeting, order=1).update(title="نقطة أضيفت بعد الاجتماع")

    text = pdf_text(client_ar.get(reverse("meeting_documents:minutes_pdf", args=[meeting.pk])).content)

    assert "مسودة — لم تتم المصادقة على هذا المحضر بعد" in text
    assert "نقطة أضيفت بعد الاجتماع" in text


def test_approved_minutes_show_the_version_approved_not_later_changes(taounate, client_ar):
    meeting = taounate["meeting"]
    AgendaItem.objects.filter(meeting=meeting, order=1).update(title="عنوان غُيّر بعد المصادقة")

    response = client_ar.get(reverse("meeting_documents:minutes_pdf", args=[meeting.pk]))

    text = pdf_text(response.content)
    assert "المستجدات السياسية والتنظيمية" in text and "عنوان غُيّر بعد المصادقة" not in text
    entry = AuditEntry.objects.get(action="meeting_document.minutes_pdf")
    assert entry.target_id == str(meeting.pk) and entry.changes == {"version": 1, "draft": False}


def test_the_attendance_sheet_lists_everyone_with_a_column_to_sign_and_present_over_required(taounate, client_ar):
    meeting = taounate["meeting"]

    response = client_ar.get(reverse("meeting_documents:attendance_pdf", args=[meeting.pk]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "ورقة الحضور — اجتماع تنظيمي وتواصلي" in text
    for name in ("محمد النجار", "كريم بناني", "سناء الوزاني", "هند التازي"):
        assert name in text
    assert "التوقيع" in text and "الصفة" in text and "الاسم" in text
    # Four members of the office are entitled, three present: 3 needed (more than half of 4).
    assert "النصاب القانوني" in text and "حاضر" in text and "مطلوب (من أصل" in text and "مكتمل" in text
    assert "غير مكتمل" not in text
    assert "الكتاب المحليون" in text  # the local secretaries' category
    # Right to left: the names on the right, the (empty) signature column on the left.
    left, right = ink_sides(png(response.content, "attendance-ar"))
    assert right > left * 1.3


def test_a_meeting_outside_the_readers_territory_has_no_documents(taounate):
    reader = scoped_client("tetouan", "01.571", Capability.MINUTES, Capability.COMMUNIQUES)
    meeting = taounate["meeting"]

    for name in ("minutes_pdf", "attendance_pdf", "communique", "communique_text", "communique_pdf"):
        assert reader.get(reverse(f"meeting_documents:{name}", args=[meeting.pk])).status_code == 404
    for name in ("communique", "communique_generate", "communique_publish"):
        assert (
            reader.post(
                reverse(f"meeting_documents:{name}", args=[meeting.pk]), {"title": "x", "text": "y"}
            ).status_code
            == 404
        )
    assert not AuditEntry.objects.filter(action__startswith="communique").exists()


def test_the_documents_panel_links_the_pdfs_the_communiques_and_the_calendar(taounate, rf):
    from django.template.loader import render_to_string

    from tanzim.access.authority import Authority
    from tanzim.meetings.panels import meeting_panels
    from tanzim.territory.scope import Scope

    meeting = taounate["meeting"]
    everything = Scope.everything()
    authority = Authority(scopes={Capability.READ: everything, Capability.COMMUNIQUES: everything})
    shown = {p.key: p for p in meeting_panels.for_page(meeting, scope=everything, authority=authority)}

    panel = shown["documents"]
    html = render_to_string(panel.template, {"panel": panel.context, "meeting": meeting})
    assert reverse("meeting_documents:minutes_pdf", args=[meeting.pk]) in html
    assert reverse("meeting_documents:attendance_pdf", args=[meeting.pk]) in html
    assert reverse("meeting_documents:communique", args=[meeting.pk]) + "?lang=fr" in html
    assert reverse("meeting_documents:calendar") + f"?body={meeting.body_id}" in html


def test_minutes_as_typed_become_paragraphs_and_lists_and_nothing_typed_becomes_markup(taounate, client_ar):
    from tanzim.meetings.documents import text_blocks

    assert text_blocks("أولاً\nتتمة\n\n- بند أول\n- بند ثان\n\nخلاصة") == [
        {"kind": "paragraph", "lines": ["أولاً", "تتمة"], "dir": "rtl"},
        {"kind": "list", "items": ["بند أول", "بند ثان"], "dir": "rtl"},
        {"kind": "paragraph", "lines": ["خلاصة"], "dir": "rtl"},
    ]
    meeting = taounate["meeting"]
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    AgendaItem.objects.filter(meeting=meeting, order=1).update(minutes='<img src="http://example.org/x.png"> نص')

    response = client_ar.get(reverse("meeting_documents:minutes_pdf", args=[meeting.pk]))

    assert response.status_code == 200
    assert '<img src="http://example.org/x.png">' in pdf_text(response.content)  # shown as typed, never fetched


def test_the_pdf_of_each_approved_version_says_what_that_version_said(taounate, directives, client_ar):
    """Approve, correct, approve again: version 1's PDF keeps the text approved first, version 2's the
    corrected one, and each keeps the directives it was approved with."""
    from django.utils import timezone

    from tanzim.meetings.services import agenda_item_save, minutes_approve, minutes_correct
    from tanzim.territory.scope import Scope

    meeting = taounate["meeting"]  # approved as version 1 by the demo's builder
    scope = Scope.everything()
    minutes_correct(acting_user=None, scope=scope, meeting=meeting, reason="صياغة البند الأول")
    item = AgendaItem.objects.get(meeting=meeting, order=1)
    agenda_item_save(
        acting_user=None, scope=scope, meeting=meeting, item=item, title="البند الأول بعد التصحيح", minutes="نص مصحح"
    )
    draft = pdf_text(client_ar.get(reverse("meeting_documents:minutes_pdf", args=[meeting.pk])).content)
    assert "مسودة" in draft and "البند الأول بعد التصحيح" in draft  # the correction, not approved yet
    minutes_approve(acting_user=None, scope=scope, meeting=meeting)
    # What the meeting sent down is kept with version 2: gone from the live record, still in its PDF.
    followups._providers.pop("test-directives")

    first = client_ar.get(reverse("meeting_documents:version_minutes_pdf", args=[meeting.pk, 1]))
    second = client_ar.get(reverse("meeting_documents:version_minutes_pdf", args=[meeting.pk, 2]))
    current = client_ar.get(reverse("meeting_documents:minutes_pdf", args=[meeting.pk]))

    assert first.status_code == second.status_code == 200
    old, new, now = pdf_text(first.content), pdf_text(second.content), pdf_text(current.content)
    assert "المستجدات السياسية والتنظيمية" in old and "البند الأول بعد التصحيح" not in old
    assert "24/01/2026" in old and timezone.localdate().strftime("%d/%m/%Y") in new  # each its approval day
    assert "البند الأول بعد التصحيح" in new and "نص مصحح" in new
    assert "المستجدات السياسية والتنظيمية" not in new
    assert now == new  # the minutes in force are version 2
    assert "الأجهزة المحلية المتوقفة بإقليم تاونات" in new  # a directive's recipients, in words
    assert "الأجهزة المحلية المتوقفة بإقليم تاونات" not in old  # the demo's version 1 kept no directive
    assert first["Content-Disposition"].endswith(f'minutes-{meeting.pk}-v1.pdf"')
    assert second["Content-Disposition"].endswith(f'minutes-{meeting.pk}-v2.pdf"')
    # The attendance sheet of a version, and a version that does not exist.
    sheet = client_ar.get(reverse("meeting_documents:version_attendance_pdf", args=[meeting.pk, 1]))
    assert sheet.status_code == 200 and "سناء الوزاني" in pdf_text(sheet.content)
    assert client_ar.get(reverse("meeting_documents:version_minutes_pdf", args=[meeting.pk, 3])).status_code == 404
    # The version's page is drawn from the same record and links its PDFs.
    page = client_ar.get(reverse("meetings:version", args=[meeting.pk, 1])).content.decode()
    assert "المستجدات السياسية والتنظيمية" in page and "البند الأول بعد التصحيح" not in page
    assert reverse("meeting_documents:version_minutes_pdf", args=[meeting.pk, 1]) in page
