import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tanzim.audit.models import AuditEntry
from tanzim.members.models import ImportJob, Member
from tests.members.factories import make_member
from tests.members.test_import import GOOD, HEADER_AR


def test_the_list_searches_and_filters(client_ar, party):
    make_member("V-1", first_ar="يوسف", last_ar="المرابط", first_latin="Youssef", last_latin="Mrabet")
    make_member("V-2", first_ar="فاطمة", last_ar="بناني", gender="f", commune="03.531.01.05")
    html = client_ar.get(reverse("members:index"), {"q": "Yousef"}).content.decode()
    assert "يوسف المرابط" in html and "فاطمة بناني" not in html
    html = client_ar.get(reverse("members:index"), {"territory": "03.531"}).content.decode()
    assert "فاطمة بناني" in html and "يوسف المرابط" not in html
    assert AuditEntry.objects.filter(action="member.list").count() == 2


def test_export_gives_the_filtered_list_in_csv_and_xlsx(client_ar, party):
    make_member("E-1", first_ar="يوسف", last_ar="المرابط")
    make_member("E-2", first_ar="فاطمة", last_ar="بناني", gender="f")
    response = client_ar.get(reverse("members:export", args=["csv"]), {"women": "1"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "رقم البطاقة" and [r[0] for r in rows[1:]] == ["E-2"]
    response = client_ar.get(reverse("members:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["E-1", "E-2"]
    assert AuditEntry.objects.filter(action="member.export").count() == 2


def test_a_refused_form_keeps_what_was_typed(client_ar, party):
    data = {
        "card_number": "F-1",
        "first_name_ar": "يوسف",
        "last_name_ar": "المرابط",
        "gender": "m",
        "birth_date": "31/02/1990",
        "phone": "0123",
        "commune": "01.571.01.11",
    }
    response = client_ar.post(reverse("members:create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="يوسف"' in html and 'value="31/02/1990"' in html and 'value="0123"' in html
    assert html.count('role="alert"') >= 2
    assert not Member.objects.exists()


def test_a_member_created_from_the_form(client_ar, party):
    data = {
        "card_number": "f-2",
        "first_name_ar": "يوسف",
        "gender": "m",
        "birth_date": "12/03/1990",
        "phone": "0661234567",
        "commune": "01.571.01.11",
        "dues_years": "2025",
    }
    response = client_ar.post(reverse("members:create"), data, follow=True)
    assert "يوسف" in response.content.decode()
    member = Member.objects.get(card_number="F-2")
    assert member.person.phone == "+212661234567"
    assert list(member.ledger.values_list("year_from", "method")) == [(2025, "declared")]
    # The form shows the years again, read from the ledger.
    form = client_ar.get(reverse("members:edit", args=[member.pk])).content.decode()
    assert 'value="2025"' in form


def test_a_web_upload_reports_counts_and_offers_the_rejections(client_ar, party):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER_AR)
    writer.writerow(GOOD[0])
    bad = list(GOOD[1])
    bad[5] = "?"
    writer.writerow(bad)
    upload = SimpleUploadedFile("members.csv", buffer.getvalue().encode("utf-8"), content_type="text/csv")
    response = client_ar.post(reverse("members:import"), {"file": upload}, follow=True)
    html = response.content.decode()
    job = ImportJob.objects.get()
    assert (job.status, job.rows_read, job.inserted, job.rejected) == ("done", 2, 1, 1)
    assert reverse("members:import_rejections", args=[job.pk]) in html
    rejected = client_ar.get(reverse("members:import_rejections", args=[job.pk]))
    text = b"".join(rejected.streaming_content).decode("utf-8-sig")
    assert "T-0002" in text and "T-0001" not in text


def test_the_import_summary_counts_the_duplicates_it_flagged_and_links_to_them(client_ar, party):
    """A file that brings a member already in the registry under a new card (same CIN): the summary says one pair
    was flagged, its figure leads to the duplicates page, and the pair is there."""
    make_member("D-1", first_ar="يوسف", last_ar="المرابط", cin="L123456")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER_AR)
    writer.writerow(GOOD[0])  # T-0001, CIN L123456
    upload = SimpleUploadedFile("members.csv", buffer.getvalue().encode("utf-8"), content_type="text/csv")
    html = client_ar.post(reverse("members:import"), {"file": upload}, follow=True).content.decode()
    job = ImportJob.objects.get()
    assert (job.inserted, job.duplicates_flagged) == (1, 1)
    summary = html[html.index("تكرارات محتملة مرصودة") :]
    assert summary.split("</tr>")[0].endswith(f'<a href="{reverse("members:duplicates")}">1</a></td>')
    pairs = client_ar.get(reverse("members:duplicates")).content.decode()
    assert "زوج واحد من القيود للمراجعة" in pairs
    assert "D-1" in pairs and "T-0001" in pairs


def test_a_local_bodys_list_is_verified_and_its_share_shown(client_ar, party):
    from tests.organization.factories import make_body

    province = make_body("provincial_office", "01.571")
    branch = make_body("local_office", "01.571.01.11", parent=province)
    for card in ("L-1", "L-2"):
        member = make_member(card, first_ar="سعيد")
        Member.objects.filter(pk=member.pk).update(local_body=branch)
    html = client_ar.get(reverse("members:verification")).content.decode()
    assert "الفرع — تطوان" in html and "0%" in html
    client_ar.post(reverse("members:verify_body", args=[branch.pk]))
    html = client_ar.get(reverse("members:verification")).content.decode()
    assert "100%" in html
    assert AuditEntry.objects.filter(action="member.verify").exists()
    listed = client_ar.get(reverse("members:index"), {"local_body": branch.pk}).content.decode()
    assert listed.count('href="/members/') >= 2


def test_a_flag_can_be_dismissed(client_ar, party):
    from tanzim.members.models import DuplicateFlag

    first = make_member("K-1", first_ar="سعيد", cin="L222222")
    make_member("K-2", first_ar="سعد", cin="L222222")
    flag = DuplicateFlag.objects.get()
    html = client_ar.get(reverse("members:detail", args=[first.pk])).content.decode()
    assert reverse("members:duplicate_dismiss", args=[flag.pk]) in html
    client_ar.post(reverse("members:duplicate_dismiss", args=[flag.pk]))
    flag.refresh_from_db()
    assert flag.status == "dismissed"
    assert (
        reverse("members:duplicate_dismiss", args=[flag.pk])
        not in client_ar.get(reverse("members:detail", args=[first.pk])).content.decode()
    )


def test_unions_and_elected_mandates_from_the_member_page(client_ar, party):
    member = make_member("P-1", first_ar="محمد", last_ar="أرحو")
    client_ar.post(
        reverse("members:profile_add", args=[member.pk, "union"]),
        {"union-union": "النقابة الوطنية للتعليم العالي", "union-level": "regional", "union-position": "كاتب جهوي"},
    )
    client_ar.post(
        reverse("members:profile_add", args=[member.pk, "elected"]),
        {
            "elected-office": "communal_councillor",
            "elected-territory": "01.571.01.11",
            "elected-term_start": "2021",
            "elected-term_end": "2026",
            "elected-head_of_list": "on",
        },
    )
    refused = client_ar.post(
        reverse("members:profile_add", args=[member.pk, "elected"]),
        {"elected-office": "communal_councillor", "elected-term_start": "2021", "elected-term_end": "2015"},
        follow=True,
    )
    assert "لا يمكن" in refused.content.decode()  # a term cannot end before it starts, said in Arabic
    html = client_ar.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "النقابة الوطنية للتعليم العالي" in html and "كاتب جهوي" in html
    assert "مستشار جماعي" in html and "تطوان" in html and "وكيل اللائحة" in html
    assert member.elected.count() == 1
    union = member.unions.get()
    client_ar.post(reverse("members:profile_delete", args=[member.pk, "union", union.pk]))
    assert not member.unions.exists()
    assert client_ar.post(reverse("members:profile_add", args=[member.pk, "other"]), {}).status_code == 404


def test_a_duplicate_in_another_territory_is_not_shown(party, admin_user):
    from django.test import RequestFactory

    from tanzim.access.authority import Authority
    from tanzim.members import views
    from tanzim.territory.scope import Scope

    mine = make_member("X-1", first_ar="سعيد", last_ar="الخطيب", cin="L333333")
    make_member("X-2", first_ar="كناري", last_ar="البعيد", cin="L333333", commune="03.531.01.05")
    request = RequestFactory().get("/")
    request.user, request.htmx = admin_user, False
    request.authority = Authority(scopes={"read": Scope.of("01/01.571/")})
    request.scope = request.authority.scope()
    request._messages = []
    html = views.member_detail(request, pk=mine.pk).content.decode()
    assert "سعيد الخطيب" in html
    assert "كناري" not in html and "X-2" not in html
    request.authority = Authority(scopes={"read": Scope.everything()})
    request.scope = request.authority.scope()
    assert "X-2" in views.member_detail(request, pk=mine.pk).content.decode()
