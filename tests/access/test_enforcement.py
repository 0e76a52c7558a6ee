"""Authority enforced in the pages, the exports and the API: who may write, who sees personal data, whose log.

Every user here is scoped (a dated grant on a province): what they see is what a provincial official sees.
"""

import csv
import datetime as dt
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tanzim.access.capabilities import Capability as C
from tanzim.access.services import grant_create
from tanzim.audit.models import AuditEntry
from tanzim.members.models import DuplicateFlag, ImportJob, Member
from tanzim.members.parsing import HEADERS
from tanzim.organization.models import Renewal
from tanzim.people.models import Person
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tests.members.factories import make_member
from tests.members.test_import import HEADER_AR
from tests.organization.factories import make_body

EVERYTHING = Scope.everything()

TETOUAN, TAOUNATE = "01.571", "03.531"
CIN, PHONE, ADDRESS = "L123456", "+212661234567", "حي المصلى، زنقة 12"
PERSONAL_HEADERS = {HEADERS["cin"][0], HEADERS["phone"][0], HEADERS["birth_date"][0]}


def user_with(username: str, capabilities: list[str], *codes: str):
    """A login whose only authority is a grant of `capabilities` on each territory (by HCP code)."""
    user = get_user_model().objects.create_user(username, password="a-long-test-password")
    for code in codes:
        grant_create(
            acting_user=None,
            user=user,
            territory=Territory.objects.get(code=code),
            capabilities=capabilities,
            starts_on=dt.date(2024, 1, 1),
        )
    return user


def login(user, language: str = "ar") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def page(client, name: str, *args, **query) -> str:
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def api_post(client, url: str, payload: dict):
    return client.post(url, json.dumps(payload), content_type="application/json")


@pytest.fixture
def registry(party):
    """A member of Tétouan with every personal field, a same-CIN duplicate there, and one of Taounate."""
    ahmed = make_member(
        "A-1",
        first_ar="أحمد",
        last_ar="الريفي",
        first_latin="Ahmed",
        last_latin="Rifi",
        cin=CIN,
        phone=PHONE,
        birth_date=dt.date(1990, 5, 4),
    )
    Person.objects.filter(pk=ahmed.person_id).update(address=ADDRESS)
    twin = make_member("A-2", first_ar="احمد", last_ar="الريفي", cin=CIN, commune="01.571.01.11")
    other = make_member("B-1", first_ar="كناري", last_ar="البعيد", commune="03.531.01.05", cin="Z998877")
    province = make_body("provincial_office", TETOUAN)
    branch = make_body("local_office", "01.571.01.11", parent=province)
    Member.objects.filter(pk__in=[ahmed.pk, twin.pk]).update(local_body=branch)
    return {"ahmed": ahmed, "twin": twin, "other": other, "province": province, "branch": branch}


def personal_values_in(text: str) -> list[str]:
    return [v for v in (CIN, PHONE, "04/05/1990", "1990-05-04", ADDRESS) if v in text]


def test_a_reader_sees_the_members_of_the_province_without_their_personal_data(registry):
    reader = login(user_with("reader", [C.READ], TETOUAN))
    ahmed = registry["ahmed"]

    detail = page(reader, "members:detail", ahmed.pk)
    listed = page(reader, "members:index")
    found = reader.get("/api/v1/members").json()
    one = reader.get(f"/api/v1/members/{ahmed.pk}").json()

    assert "أحمد الريفي" in detail and "أحمد الريفي" in listed
    assert personal_values_in(detail) == [] and personal_values_in(listed) == []
    assert {m["card_number"] for m in found} == {"A-1", "A-2"}
    assert personal_values_in(json.dumps(found, ensure_ascii=False)) == []
    assert (one["cin"], one["phone"], one["birth_date"], one["address"]) == (None, None, None, None)
    assert one["youth"] is not None  # derived from the birth date, which stays hidden
    # The duplicate is named with its reason, never with the shared identity card.
    assert "A-2" in detail and CIN not in detail
    # Another province's member does not exist for this reader.
    assert reader.get(reverse("members:detail", args=[registry["other"].pk])).status_code == 404
    assert reader.get(f"/api/v1/members/{registry['other'].pk}").status_code == 404


def test_a_treasurer_sees_the_personal_data_in_the_page_the_list_and_the_api(registry):
    treasurer = login(user_with("treasurer", [C.READ, C.PERSONAL_DATA], TETOUAN))
    ahmed = registry["ahmed"]

    detail = page(treasurer, "members:detail", ahmed.pk)
    listed = page(treasurer, "members:index")
    one = treasurer.get(f"/api/v1/members/{ahmed.pk}").json()

    assert {CIN, PHONE, "04/05/1990", ADDRESS} <= set(personal_values_in(detail))
    assert {CIN, PHONE} <= set(personal_values_in(listed))
    assert (one["cin"], one["phone"], one["birth_date"], one["address"]) == (CIN, PHONE, "1990-05-04", ADDRESS)
    # Still no write: no edit button, no status form.
    assert reverse("members:edit", args=[ahmed.pk]) not in detail
    assert reverse("members:status", args=[ahmed.pk]) not in detail


def test_a_reader_is_refused_every_write_and_is_not_offered_the_buttons(registry):
    reader = login(user_with("reader", [C.READ], TETOUAN))
    ahmed, twin, province = registry["ahmed"], registry["twin"], registry["province"]
    flag = DuplicateFlag.objects.get()
    before = AuditEntry.objects.exclude(action__in=("member.view", "member.list")).count()
    upload = SimpleUploadedFile("m.csv", ("\n".join([",".join(HEADER_AR)])).encode(), content_type="text/csv")

    refused = {
        "edit page": reader.get(reverse("members:edit", args=[ahmed.pk])),
        "edit": reader.post(reverse("members:edit", args=[ahmed.pk]), {"card_number": "A-1", "gender": "m"}),
        "new page": reader.get(reverse("members:create")),
        "status": reader.post(reverse("members:status", args=[ahmed.pk]), {"status": "suspended"}),
        "merge": reader.post(reverse("members:merge", args=[ahmed.pk, twin.pk])),
        "dismiss": reader.post(reverse("members:duplicate_dismiss", args=[flag.pk])),
        "union": reader.post(reverse("members:profile_add", args=[ahmed.pk, "union"]), {"union-union": "X"}),
        "import page": reader.get(reverse("members:import")),
        "import": reader.post(reverse("members:import"), {"file": upload}),
        "export csv": reader.get(reverse("members:export", args=["csv"])),
        "export xlsx": reader.get(reverse("members:export", args=["xlsx"])),
        "verify": reader.post(reverse("members:verify_body", args=[registry["branch"].pk])),
        "renew page": reader.get(reverse("organization:renew", args=[province.pk])),
        "renew": reader.post(reverse("organization:renew", args=[province.pk]), {"held_on": "01/03/2025"}),
        "api member": api_post(
            reader,
            "/api/v1/members",
            {"card_number": "N-1", "first_name_ar": "سعيد", "gender": "m", "commune_code": "01.571.01.11"},
        ),
        "api renewal": api_post(
            reader, f"/api/v1/bodies/{province.pk}/renewals", {"held_on": "2025-03-01", "seats": []}
        ),
        "api person": api_post(
            reader, "/api/v1/persons", {"first_name_ar": "سعيد", "gender": "m", "commune_code": "01.571.01.11"}
        ),
    }

    assert {name: r.status_code for name, r in refused.items()} == dict.fromkeys(refused, 403)
    assert refused["api member"].json()["code"] == "forbidden"
    assert refused["api member"].json()["message"]  # the reason, in the caller's language
    assert Member.objects.get(pk=ahmed.pk).status == ahmed.status
    assert Member.objects.count() == 3 and not Renewal.objects.exists() and not ImportJob.objects.exists()
    assert DuplicateFlag.objects.get().status == "open"
    assert AuditEntry.objects.exclude(action__in=("member.view", "member.list")).count() == before
    detail = page(reader, "members:detail", ahmed.pk)
    for url in (
        reverse("members:edit", args=[ahmed.pk]),
        reverse("members:status", args=[ahmed.pk]),
        reverse("members:merge", args=[ahmed.pk, twin.pk]),
        reverse("members:duplicate_dismiss", args=[flag.pk]),
        reverse("members:profile_add", args=[ahmed.pk, "union"]),
    ):
        assert url not in detail
    listed = page(reader, "members:index")
    for url in (reverse("members:create"), reverse("members:import"), reverse("members:export", args=["csv"])):
        assert url not in listed
    assert reverse("organization:renew", args=[province.pk]) not in page(reader, "organization:detail", province.pk)
    verification = page(reader, "members:verification")
    assert "الفرع" in verification and reverse("members:verify_body", args=[registry["branch"].pk]) not in verification
    assert not Member.objects.filter(verified_on__isnull=False).exists()


def test_the_search_box_is_no_oracle_for_identity_cards(registry):
    reader = login(user_with("reader", [C.READ], TETOUAN))
    treasurer = login(user_with("treasurer", [C.READ, C.PERSONAL_DATA], TETOUAN))

    assert "الريفي" not in page(reader, "members:index", q=CIN)
    assert reader.get("/api/v1/members", {"q": CIN}).json() == []
    assert "أحمد الريفي" in page(reader, "members:index", q="A-1")  # card numbers still found
    assert [m["card_number"] for m in reader.get("/api/v1/members", {"q": "A-1"}).json()] == ["A-1"]
    assert {m["card_number"] for m in treasurer.get("/api/v1/members", {"q": CIN}).json()} == {"A-1", "A-2"}
    assert "أحمد الريفي" in page(treasurer, "members:index", q=CIN)
    # Personal data in Tétouan only: a CIN of Taounate is not searchable even with Taounate readable.
    wide = login(user_with("wide", [C.READ], TAOUNATE))
    grant_create(
        acting_user=None,
        user=get_user_model().objects.get(username="wide"),
        territory=Territory.objects.get(code=TETOUAN),
        capabilities=[C.PERSONAL_DATA],
        starts_on=dt.date(2024, 1, 1),
    )
    assert wide.get("/api/v1/members", {"q": "Z998877"}).json() == []
    assert len(wide.get("/api/v1/members", {"q": CIN}).json()) == 2


def test_a_writer_of_one_province_cannot_add_a_member_in_another(registry):
    user = user_with("writer", [C.MEMBERS_WRITE], TETOUAN)
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code=TAOUNATE),
        capabilities=[C.READ],
        starts_on=dt.date(2024, 1, 1),
    )
    writer = login(user)
    form = {"card_number": "W-1", "first_name_ar": "سعيد", "gender": "m"}

    html = page(writer, "members:create")
    refused = writer.post(reverse("members:create"), {**form, "commune": "03.531.01.05"})
    api_refused = api_post(writer, "/api/v1/members", {**form, "commune_code": "03.531.01.05"})

    # The commune is typed by name; its suggestions are the communes where this writer may add members.
    assert 'data-source="/territory/suggest/?levels=commune%2Carrondissement&amp;for=members_write"' in html
    source = "/territory/suggest/?levels=commune,arrondissement&for=members_write"
    assert 'data-value="01.571.01.11"' in writer.get(source + "&q=تطوان").content.decode()
    assert "data-value=" not in writer.get(source + "&q=03.531.01.05").content.decode()  # only communes of Tétouan
    assert 'name="cin"' not in html and 'name="phone"' not in html  # no personal data for this writer
    assert refused.status_code == 200 and 'role="alert"' in refused.content.decode()
    assert api_refused.status_code == 403
    assert not Member.objects.filter(card_number="W-1").exists()
    # In Tétouan it works, from the form and from the API; personal data stays out of reach.
    created = writer.post(reverse("members:create"), {**form, "commune": "01.571.01.11"})
    assert created.status_code == 302 and Member.objects.filter(card_number="W-1").exists()
    with_cin = api_post(
        writer, "/api/v1/members", {**form, "card_number": "W-2", "cin": "K112233", "commune_code": "01.571.01.11"}
    )
    assert with_cin.status_code == 422 and with_cin.json()["field"] == "cin"
    assert (
        api_post(writer, "/api/v1/members", {**form, "card_number": "W-2", "commune_code": "01.571.01.11"}).status_code
        == 201
    )
    # Editing keeps the identity card and phone the writer cannot see.
    ahmed = registry["ahmed"]
    edited = writer.post(
        reverse("members:edit", args=[ahmed.pk]),
        {
            "card_number": "A-1",
            "first_name_ar": "أحمد",
            "last_name_ar": "الريفي",
            "gender": "m",
            "commune": "01.571.01.11",
            "profession": "معلم",
        },
    )
    assert edited.status_code == 302
    ahmed.refresh_from_db()
    ahmed.person.refresh_from_db()
    assert ahmed.profession == "معلم" and (ahmed.person.cin, ahmed.person.phone, ahmed.person.address) == (
        CIN,
        PHONE,
        ADDRESS,
    )
    # A member of Taounate is readable, not writable.
    other = registry["other"]
    assert writer.get(reverse("members:edit", args=[other.pk])).status_code == 403


def test_an_import_lands_only_where_the_user_may_write(registry):
    user = user_with("importer", [C.MEMBERS_WRITE, C.PERSONAL_DATA], TETOUAN)
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code=TAOUNATE),
        capabilities=[C.READ],
        starts_on=dt.date(2024, 1, 1),
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["رقم البطاقة", "النسب", "الاسم", "الجنس", "الجماعة"])
    writer.writerow(["I-1", "المرابط", "يوسف", "ذكر", "01.571.01.11"])
    writer.writerow(["I-2", "بناني", "فاطمة", "أنثى", "03.531.01.05"])  # readable, not writable
    writer.writerow(["B-1", "البعيد", "كناري", "ذكر", "01.571.01.11"])  # a Taounate member's card
    upload = SimpleUploadedFile("m.csv", buffer.getvalue().encode("utf-8"), content_type="text/csv")

    response = login(user).post(reverse("members:import"), {"file": upload})

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.scope_paths, job.scope_national) == (["01/01.571/"], False)
    assert (job.inserted, job.updated, job.rejected) == (1, 0, 2)
    other = Member.objects.get(card_number="B-1")
    assert other.path.startswith("03/03.531/") and other.person.commune.code == "03.531.01.05"
    assert AuditEntry.objects.get(action="member.import").territory_path == "01/01.571/"


def test_the_export_needs_the_export_capability_and_leaves_out_the_personal_columns(registry):
    exporter = user_with("exporter", [C.EXPORT], TETOUAN)
    grant_create(
        acting_user=None,
        user=exporter,
        territory=Territory.objects.get(code=TAOUNATE),
        capabilities=[C.READ],
        starts_on=dt.date(2024, 1, 1),
    )
    client = login(exporter)

    listed = page(client, "members:index")
    response = client.get(reverse("members:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(client.get(reverse("members:export", args=["xlsx"])).content)).active
    sheet_rows = list(sheet.iter_rows(values_only=True))

    assert reverse("members:export", args=["csv"]) in listed
    assert sorted(r[0] for r in rows[1:]) == ["A-1", "A-2"]  # Taounate is readable, not exportable
    assert not PERSONAL_HEADERS & set(rows[0]) and not PERSONAL_HEADERS & set(sheet_rows[0])
    assert len(rows[0]) == len(rows[1]) and personal_values_in(json.dumps(rows, ensure_ascii=False)) == []
    assert sorted(r[0] for r in sheet_rows[1:]) == ["A-1", "A-2"]

    treasurer = login(user_with("treasurer", [C.EXPORT, C.PERSONAL_DATA], TETOUAN))
    response = treasurer.get(reverse("members:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert set(rows[0]) >= PERSONAL_HEADERS
    ahmed_row = dict(zip(rows[0], next(r for r in rows if r[0] == "A-1"), strict=True))
    assert ahmed_row[HEADERS["cin"][0]] == CIN and ahmed_row[HEADERS["phone"][0]] == PHONE
    assert AuditEntry.objects.filter(action="member.export", territory_path="01/01.571/").count() == 3


def test_an_office_writer_renews_the_office_a_reader_only_reads(registry):
    province = registry["province"]
    officer = login(user_with("officer", [C.OFFICES_WRITE], TETOUAN))
    html = page(officer, "organization:detail", province.pk)
    assert reverse("organization:renew", args=[province.pk]) in html
    assert officer.get(reverse("organization:renew", args=[province.pk])).status_code == 200


def test_the_audit_log_shows_the_rows_of_the_readers_territory_only(registry):
    auditor_user = user_with("auditor", [C.AUDIT_READ], TETOUAN)
    auditor = login(auditor_user, "fr")
    reader = login(user_with("reader", [C.READ], TETOUAN), "fr")
    page(reader, "members:index")  # a bulk read in Tétouan, audited with the province's path

    html = page(auditor, "audit:index")

    assert reverse("audit:index") in html  # the nav link, for whoever may read the log
    assert "A-1" in html and "A-2" in html  # the creations of Tétouan's members
    assert "B-1" not in html and "Z998877" not in html  # Taounate's rows
    assert "<td>Profil du parti créé</td>" not in html and "حزب الاختبار" not in html  # national rows
    assert "<td>Liste des adhérents consultée</td>" in html and ">reader<" in html
    assert CIN not in html and "•••" in html  # no PERSONAL_DATA: identity cards masked in the changes
    assert reverse("audit:index") not in page(reader, "members:index")
    assert reader.get(reverse("audit:index")).status_code == 403
    # Filters: action, record type, dates.
    only_lists = page(auditor, "audit:index", action="member.list")
    assert "<td>Liste des adhérents consultée</td>" in only_lists and "A-1" not in only_lists
    assert "A-1" in page(auditor, "audit:index", record_type="members.member", since=timezone.localdate().isoformat())
    later = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    assert "A-1" not in page(auditor, "audit:index", since=later)
    # With personal data too, the values show.
    grant_create(
        acting_user=None,
        user=auditor_user,
        territory=Territory.objects.get(code=TETOUAN),
        capabilities=[C.PERSONAL_DATA],
        starts_on=dt.date(2024, 1, 1),
    )
    assert CIN in page(auditor, "audit:index", action="member.create")


def test_the_audit_log_groups_a_readers_list_reads_into_one_line(registry):
    auditor = login(user_with("auditor", [C.AUDIT_READ], TETOUAN), "fr")
    reader = login(user_with("reader", [C.READ], TETOUAN))
    for _ in range(55):
        reader.get("/api/v1/members")
    first = page(auditor, "audit:index", action="member.list")
    assert first.count("<td>Liste des adhérents consultée</td>") == 1 and "55 fois depuis" in first
    assert "before=" not in first  # one line: no older page


def test_api_lists_of_members_and_persons_are_audited_with_the_territory(registry):
    reader = login(user_with("reader", [C.READ], TETOUAN))
    reader.get("/api/v1/members", {"q": "Ahmed"})
    reader.get("/api/v1/persons")
    rows = AuditEntry.objects.filter(action="member.list").order_by("id")
    assert [(r.target_type, r.territory_path) for r in rows] == [
        ("members.member", "01/01.571/"),
        ("people.person", "01/01.571/"),
    ]
    assert rows[0].actor.username == "reader" and rows[1].changes["shown"] == 2


def test_an_import_needs_personal_data_where_it_writes(registry):
    # A writer of Tétouan who sees personal data only in one commune imports only into that commune.
    user = user_with("writer-no-personal", [C.MEMBERS_WRITE], TETOUAN)
    assert login(user).get(reverse("members:import")).status_code == 403
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code="01.571.01.11"),
        capabilities=[C.PERSONAL_DATA],
        starts_on=dt.date(2024, 1, 1),
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["رقم البطاقة", "النسب", "الاسم", "الجنس", "الجماعة"])
    writer.writerow(["I-1", "المرابط", "يوسف", "ذكر", "01.571.01.11"])
    writer.writerow(["I-2", "بناني", "فاطمة", "أنثى", "01.571.01.07"])  # writable, personal data not seen there
    upload = SimpleUploadedFile("m.csv", buffer.getvalue().encode("utf-8"), content_type="text/csv")

    response = login(user).post(reverse("members:import"), {"file": upload})

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.scope_paths == [Territory.objects.get(code="01.571.01.11").path]
    assert (job.inserted, job.rejected) == (1, 1)


def test_the_audit_log_names_the_changed_fields_in_the_readers_language(registry):
    from tanzim.members.services import member_set_status

    member_set_status(
        acting_user=None, scope=EVERYTHING, member=registry["ahmed"], status="lapsed", since=dt.date(2025, 1, 1)
    )
    auditor = login(user_with("auditor", [C.AUDIT_READ], TETOUAN), "ar")

    html = page(auditor, "audit:index")

    assert '<span class="muted">رقم البطاقة</span>' in html or '<span class="muted">الحالة</span>' in html
    assert '<span class="muted">card_number</span>' not in html and '<span class="muted">status</span>' not in html


def test_the_audit_log_shows_choices_by_their_label_and_dates_as_people_write_them(registry):
    from tanzim.members.services import member_set_status

    member_set_status(
        acting_user=None, scope=EVERYTHING, member=registry["ahmed"], status="lapsed", since=dt.date(2025, 1, 1)
    )
    auditor = login(user_with("auditor", [C.AUDIT_READ], TETOUAN), "fr")

    html = page(auditor, "audit:index", action="member.update")

    assert "Actif → Non à jour" in html
    assert "active → lapsed" not in html
    assert "01/01/2025" in html and "2025-01-01" not in html
