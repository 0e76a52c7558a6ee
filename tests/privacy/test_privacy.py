"""Law 09-08 duties: consents, the right of access (JSON and PDF), erasure, and the end of retention."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tanzim.access.capabilities import Capability
from tanzim.access.services import grant_create
from tanzim.audit.models import AuditEntry
from tanzim.members.models import Member, MemberStatus, UnionAffiliation
from tanzim.members.selectors import MemberFilters, member_list
from tanzim.members.services import member_elected_add, member_save, member_set_status, member_union_add
from tanzim.organization.models import Mandate, PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.privacy.models import Consent, Erasure
from tanzim.privacy.services import consent_record, member_erase
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tests.members.factories import make_member
from tests.organization.factories import make_body

EVERYTHING = Scope.everything()

NAME_AR, LAST_AR = "يوسف", "المرابط"
NAME_LATIN, LAST_LATIN = "Youssef", "Mrabet"
CIN, PHONE, ADDRESS = "L123456", "+212661234567", "زنقة الياسمين 12"
PROFESSION, UNION = "مهندس معماري", "الاتحاد المغربي للشغل"


def scoped_client(username: str, province: str, *capabilities: str, language: str = "ar") -> Client:
    """A signed-in client whose authority is a dated grant on one province (not national: no second factor)."""
    user = get_user_model().objects.create_user(username, password="a-long-test-password")
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code=province),
        capabilities=[Capability.READ, *capabilities],
        starts_on=dt.date(2020, 1, 1),
    )
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def member(party) -> Member:
    """A member of Tétouan with everything a registry holds: profile, union, elected and party mandates."""
    m = make_member(
        "T-100",
        first_ar=NAME_AR,
        last_ar=LAST_AR,
        first_latin=NAME_LATIN,
        last_latin=LAST_LATIN,
        birth_date=dt.date(1990, 3, 12),
        cin=CIN,
        phone=PHONE,
        profession=PROFESSION,
        associative_activity="جمعية أحياء المدينة العتيقة",
    )
    # An update, so the audit trail holds old and new personal values.
    member_save(
        acting_user=None,
        scope=EVERYTHING,
        member=m,
        person_data={"address": ADDRESS},
        member_data={},
        local_body=None,
    )
    member_union_add(acting_user=None, scope=EVERYTHING, member=m, union=UNION, level="local", position="كاتب")
    member_elected_add(
        acting_user=None,
        scope=EVERYTHING,
        member=m,
        office="communal_councillor",
        territory=None,
        term_start=2021,
        term_end=None,
        head_of_list=True,
    )
    bureau = make_body("national_executive")
    province = make_body("provincial_office", "01.571", parent=bureau)
    branch = make_body("local_office", "01.571.01.11", parent=province)
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2024, 5, 1),
        seats=[Seat(PositionType.objects.get(key="head"), m.person)],
    )
    return Member.objects.get(pk=m.pk)


def test_a_consent_is_recorded_and_withdrawn_from_the_member_page_and_audited(member):
    writer = scoped_client("writer", "01.571", Capability.MEMBERS_WRITE)
    page = reverse("members:detail", args=[member.pk])
    # given: the form is offered to a writer of the member's province
    assert 'name="consent-purpose"' in writer.get(page).content.decode()

    response = writer.post(
        reverse("privacy:consent_add", args=[member.pk]),
        {"consent-purpose": "communication", "consent-channel": "paper", "consent-given_on": "02/01/2025"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(member=member)
    assert (consent.purpose, consent.channel, consent.given_on) == ("communication", "paper", dt.date(2025, 1, 2))
    assert consent.recorded_by.username == "writer"
    row = AuditEntry.objects.get(action="consent.record")
    assert row.actor.username == "writer" and row.changes["purpose"] == "communication"
    html = writer.get(page).content.decode()
    assert "02/01/2025" in html

    # the same purpose twice is refused, said on the page
    response = writer.post(
        reverse("privacy:consent_add", args=[member.pk]),
        {"consent-purpose": "communication", "consent-channel": "online"},
        follow=True,
    )
    assert Consent.objects.filter(member=member).count() == 1
    assert 'class="message error"' in response.content.decode()

    response = writer.post(reverse("privacy:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert AuditEntry.objects.filter(action="consent.withdraw", actor__username="writer").count() == 1
    assert timezone.localdate().strftime("%d/%m/%Y") in writer.get(page).content.decode()


def test_only_writers_of_the_members_territory_may_record_consents(member):
    reader = scoped_client("reader", "01.571")
    outsider = scoped_client("outsider", "03.531", Capability.MEMBERS_WRITE)
    data = {"consent-purpose": "registry", "consent-channel": "meeting"}
    assert 'name="consent-purpose"' not in reader.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert reader.post(reverse("privacy:consent_add", args=[member.pk]), data).status_code == 403
    assert outsider.post(reverse("privacy:consent_add", args=[member.pk]), data).status_code == 404
    consent = consent_record(acting_user=None, scope=EVERYTHING, member=member, purpose="registry", channel="import")
    assert reader.post(reverse("privacy:consent_withdraw", args=[consent.pk])).status_code == 403
    assert outsider.post(reverse("privacy:consent_withdraw", args=[consent.pk])).status_code == 404
    assert not Consent.objects.filter(withdrawn_on__isnull=False).exists()


def test_the_json_export_holds_everything_about_the_person(member):
    consent_record(acting_user=None, scope=EVERYTHING, member=member, purpose="publication", channel="online")
    officer = scoped_client("officer", "01.571", Capability.DATA_PROTECTION)
    officer.get(reverse("members:detail", args=[member.pk]))  # a view the export must list

    response = officer.get(reverse("privacy:export", args=[member.pk, "json"]))

    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert NAME_AR.encode() in response.content  # UTF-8, not \u escapes
    data = json.loads(response.content)
    person, membership = data["person"], data["membership"]
    assert (person["first_name_ar"], person["last_name_latin"], person["cin"], person["phone"]) == (
        NAME_AR,
        LAST_LATIN,
        CIN,
        PHONE,
    )
    assert person["birth_date"] == "1990-03-12" and person["address"] == ADDRESS
    assert person["commune"]["code"] == "01.571.01.11"
    assert membership["card_number"] == "T-100" and membership["profession"] == PROFESSION
    assert membership["status"]["code"] == "active"
    assert [u["union"] for u in data["trade_unions"]] == [UNION]
    assert data["elected_mandates"][0]["office"]["code"] == "communal_councillor"
    assert data["elected_mandates"][0]["head_of_list"] is True
    [mandate] = data["party_mandates"]
    assert mandate["start_date"] == "2024-05-01" and mandate["end_date"] is None
    assert mandate["position"] == Mandate.objects.get(person=member.person).title
    assert [c["purpose"]["code"] for c in data["consents"]] == ["publication"]
    actions = [row["action"] for row in data["processing"]]
    assert {"member.create", "member.update", "member.view", "consent.record", "office.renew"} <= set(actions)
    viewed = next(row for row in data["processing"] if row["action"] == "member.view")
    assert viewed["actor"] == "officer" and viewed["address"] == "127.0.0.1"
    export = AuditEntry.objects.get(action="member.access_export")
    assert export.changes == {"format": "json"} and export.target_id == str(member.pk)
    assert export.actor.username == "officer"


def _pdf_text_and_fonts(pdf: bytes) -> tuple[str, bytes]:
    """The characters the PDF's fonts map their glyphs to (ToUnicode maps), and its decompressed streams."""
    streams = b""
    chars = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        streams += data
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            for target in re.findall(rb"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]+)>", block):
                chars.append(bytes.fromhex(target.decode()).decode("utf-16-be"))
    return "".join(chars), streams


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_pdf_export_is_a_pdf_drawn_with_arabic_letters(member, language):
    officer = scoped_client("officer", "01.571", Capability.DATA_PROTECTION, language=language)

    response = officer.get(reverse("privacy:export", args=[member.pk, "pdf"]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    chars, streams = _pdf_text_and_fonts(response.content)
    # Every letter of the Arabic names is drawn from an embedded DejaVu Sans glyph, not a missing-glyph box.
    assert set(NAME_AR + LAST_AR.replace(" ", "")) <= set(chars)
    assert b"DejaVu" in streams
    assert set(NAME_LATIN) <= set(chars)
    assert AuditEntry.objects.get(action="member.access_export").changes == {"format": "pdf"}


def test_the_pdf_template_reads_right_to_left_in_arabic_and_left_to_right_in_french(member):
    from django.template.loader import render_to_string
    from django.utils import translation

    from tanzim.privacy.selectors import member_dossier

    for language, direction in (("ar", 'dir="rtl"'), ("fr", 'dir="ltr"')):
        with translation.override(language):
            html = render_to_string(
                "privacy/dossier_pdf.html",
                {"d": member_dossier(scope=Scope.everything(), member=member), "rtl": translation.get_language_bidi()},
            )
        assert f'<html lang="{language}" {direction}>' in html
        assert "http" not in html.split("<body>")[0]  # nothing for the renderer to fetch


def test_exports_and_erasure_need_data_protection_and_the_members_territory(member):
    writer = scoped_client("writer", "01.571", Capability.MEMBERS_WRITE, Capability.PERSONAL_DATA)
    outsider = scoped_client("outsider", "03.531", Capability.DATA_PROTECTION)
    for url in (
        reverse("privacy:export", args=[member.pk, "json"]),
        reverse("privacy:export", args=[member.pk, "pdf"]),
        reverse("privacy:erase", args=[member.pk]),
    ):
        assert writer.get(url).status_code == 403, url
        assert outsider.get(url).status_code == 404, url
    erase = reverse("privacy:erase", args=[member.pk])
    assert outsider.post(erase, {"reason": "x", "card_number": "T-100"}).status_code == 404
    assert writer.post(erase, {"reason": "x", "card_number": "T-100"}).status_code == 403
    assert not Erasure.objects.exists()
    assert not AuditEntry.objects.filter(action="member.access_export").exists()
    html = writer.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert reverse("privacy:erase", args=[member.pk]) not in html


def test_a_refused_confirmation_keeps_the_reason_and_changes_nothing(member):
    officer = scoped_client("officer", "01.571", Capability.DATA_PROTECTION)
    url = reverse("privacy:erase", args=[member.pk])
    assert "T-100" in officer.get(url).content.decode()
    before = list(AuditEntry.objects.order_by("id").values_list("id", "changes"))

    response = officer.post(url, {"reason": "طلب المعني بالأمر", "card_number": "T-101"})

    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "طلب المعني بالأمر" in html
    member.refresh_from_db()
    member.person.refresh_from_db()
    assert member.person.first_name_ar == NAME_AR and member.person.cin == CIN and member.card_number == "T-100"
    assert not Erasure.objects.exists() and UnionAffiliation.objects.filter(member=member).exists()
    assert list(AuditEntry.objects.order_by("id").values_list("id", "changes")) == before


def test_erasure_anonymizes_the_person_everywhere_and_keeps_the_counts(member):
    other = make_member("T-200", first_ar="فاطمة", last_ar="بناني", gender="f")
    member_set_status(
        acting_user=None, scope=EVERYTHING, member=other, status=MemberStatus.LAPSED, since=dt.date(2024, 1, 1)
    )
    everything = Scope.everything()
    counts_before = {s: member_list(scope=everything, filters=MemberFilters(status=s)).count() for s in MemberStatus}
    officer = scoped_client("officer", "01.571", Capability.DATA_PROTECTION)
    consent_record(acting_user=None, scope=EVERYTHING, member=member, purpose="registry", channel="paper")
    audit_ids = set(AuditEntry.objects.values_list("id", flat=True))
    old_key = member.person.name_key
    member_set_status(
        acting_user=None, scope=EVERYTHING, member=member, status=MemberStatus.RESIGNED, since=dt.date(2025, 2, 1)
    )
    member_page = reverse("members:detail", args=[member.pk])
    officer.get(member_page)

    response = officer.post(
        reverse("privacy:erase", args=[member.pk]), {"reason": "طلب المعني بالأمر", "card_number": "t-100"}
    )

    assert response.status_code == 302
    person = member.person
    person.refresh_from_db()
    member.refresh_from_db()
    assert (person.first_name_ar, person.last_name_ar) == ("محذوف", str(member.pk))
    assert (person.first_name_latin, person.last_name_latin) == ("Effacé", str(member.pk))
    assert person.cin == person.phone == person.address == ""
    assert person.birth_date == dt.date(1990, 7, 1)
    assert not set(old_key.split()) & set(person.name_key.split())
    assert member.card_number != "T-100" and member.profession == member.associative_activity == ""
    assert not member.unions.exists()
    # kept: what counts and office history read
    assert (member.status, person.gender, person.commune.code) == ("resigned", "m", "01.571.01.11")
    assert Mandate.objects.filter(person=person, end_date__isnull=True).count() == 1
    assert member.elected.count() == 1 and member.consents.count() == 1
    assert member.status_history.count() == 1
    counts_before[MemberStatus.ACTIVE] -= 1
    counts_before[MemberStatus.RESIGNED] += 1
    assert {s: member_list(scope=everything, filters=MemberFilters(status=s)).count() for s in MemberStatus} == (
        counts_before
    )

    # the member page and the name search no longer know the person
    html = officer.get(member_page).content.decode()
    for value in (NAME_AR, LAST_AR, NAME_LATIN, LAST_LATIN, CIN, PHONE, "T-100", UNION, PROFESSION):
        assert value not in html, value
    assert "محذوف" in html
    assert reverse("privacy:erase", args=[member.pk]) not in html  # nothing left to erase
    assert not member_list(scope=everything, filters=MemberFilters(text="Youssef Mrabet")).exists()

    # the audit trail: rows kept (ids, actions, actors), personal values gone
    assert audit_ids <= set(AuditEntry.objects.values_list("id", flat=True))
    trail = json.dumps(list(AuditEntry.objects.values_list("changes", flat=True)), ensure_ascii=False)
    for value in (NAME_AR, LAST_AR, NAME_LATIN, LAST_LATIN, CIN, PHONE, ADDRESS, "1990-03-12", UNION, PROFESSION):
        assert value not in trail, value
    created = AuditEntry.objects.get(action="member.create", target_id=str(member.pk))
    assert created.changes["cin"] == [None, "[erased]"] and created.changes["gender"] == [None, "m"]
    erase = AuditEntry.objects.get(action="member.erase")
    assert erase.actor.username == "officer" and erase.changes["reason"] == "طلب المعني بالأمر"
    assert erase.target_id == str(member.pk)

    # a second erasure is refused; the export now says what is left
    assert "T-100" not in officer.get(reverse("privacy:erase", args=[member.pk])).content.decode()
    data = json.loads(officer.get(reverse("privacy:export", args=[member.pk, "json"])).content)
    assert data["person"]["cin"] == "" and data["erasure"]["reason"] == "طلب المعني بالأمر"
    assert len(data["party_mandates"]) == 1


def _ended(card: str, status: str, since: dt.date) -> Member:
    m = make_member(card, first_ar="سعيد", last_ar=card, cin=f"K{card[-3:]}999")
    member_set_status(acting_user=None, scope=EVERYTHING, member=m, status=status, since=since)
    return m


def test_apply_retention_erases_only_members_ended_longer_than_the_period(party, settings):
    settings.TANZIM_RETENTION_YEARS = 5
    today = timezone.localdate()
    old_lapsed = _ended("R-001", MemberStatus.LAPSED, today - dt.timedelta(days=6 * 366))
    old_deceased = _ended("R-002", MemberStatus.DECEASED, today - dt.timedelta(days=10 * 366))
    recent_resigned = _ended("R-003", MemberStatus.RESIGNED, today - dt.timedelta(days=2 * 365))
    old_suspended = _ended("R-004", MemberStatus.SUSPENDED, today - dt.timedelta(days=8 * 366))
    active = make_member("R-005", first_ar="سعيد")
    # lapsed long ago, active again, lapsed again last year: the last lapse counts
    back = _ended("R-006", MemberStatus.LAPSED, today - dt.timedelta(days=9 * 366))
    member_set_status(
        acting_user=None,
        scope=EVERYTHING,
        member=back,
        status=MemberStatus.ACTIVE,
        since=today - dt.timedelta(days=800),
    )
    member_set_status(
        acting_user=None,
        scope=EVERYTHING,
        member=back,
        status=MemberStatus.LAPSED,
        since=today - dt.timedelta(days=300),
    )

    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert out.getvalue().startswith("2 ")
    assert not Erasure.objects.exists() and not AuditEntry.objects.filter(action="member.erase").exists()
    assert Member.objects.get(pk=old_lapsed.pk).card_number == "R-001"

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue().startswith("2 ")
    assert set(Erasure.objects.values_list("member_id", flat=True)) == {old_lapsed.pk, old_deceased.pk}
    for m in (old_lapsed, old_deceased):
        m.refresh_from_db()
        assert m.person.first_name_ar == "محذوف" and m.person.cin == ""
    for m in (recent_resigned, old_suspended, active, back):
        m.refresh_from_db()
        assert m.person.first_name_ar == "سعيد" and m.person.cin == (f"K{m.card_number[-3:]}999" if m != active else "")
    rows = AuditEntry.objects.filter(action="member.erase")
    assert rows.count() == 2 and all(r.actor_id is None and r.changes["reason"] == "retention" for r in rows)

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue().startswith("0 ")


def test_the_retention_period_comes_from_the_setting(party, settings):
    today = timezone.localdate()
    lapsed = _ended("S-001", MemberStatus.LAPSED, today - dt.timedelta(days=3 * 366))
    settings.TANZIM_RETENTION_YEARS = 5
    call_command("apply_retention", stdout=io.StringIO())
    assert not Erasure.objects.exists()
    settings.TANZIM_RETENTION_YEARS = 2
    call_command("apply_retention", stdout=io.StringIO())
    assert Erasure.objects.get().member_id == lapsed.pk


def test_erasure_refuses_an_empty_reason(member):
    from tanzim.privacy.services import PrivacyError

    with pytest.raises(PrivacyError):
        member_erase(acting_user=None, scope=EVERYTHING, member=member, reason="  ")
    assert not Erasure.objects.exists()


def test_a_provincial_copy_holds_the_provinces_records_and_says_it_is_not_complete(member, client_ar):
    from tanzim.organization.models import PositionType
    from tanzim.organization.services import Seat, office_renew
    from tests.organization.factories import make_body

    taounate = make_body("provincial_office", "03.531", label_ar="الكتابة الإقليمية البعيدة")
    office_renew(
        acting_user=None,
        body=taounate,
        held_on=dt.date(2025, 2, 1),
        seats=[Seat(PositionType.objects.get(key="head"), member.person)],
    )
    officer = scoped_client("officer", "01.571", Capability.DATA_PROTECTION)

    provincial = json.loads(officer.get(reverse("privacy:export", args=[member.pk, "json"])).content)
    national = json.loads(client_ar.get(reverse("privacy:export", args=[member.pk, "json"])).content)

    assert provincial["complete"] is False and national["complete"] is True
    assert len(provincial["party_mandates"]) == 1 and len(national["party_mandates"]) == 2
    assert "البعيدة" not in json.dumps(provincial, ensure_ascii=False)
    assert "البعيدة" in json.dumps(national, ensure_ascii=False)


def test_the_access_copy_is_no_oracle_for_a_phone_or_a_card_of_another_territory(member, client_ar):
    """Finding 5: a member created with someone's phone and identity card must not learn, from the copy, whether
    they belong to a member elsewhere in the country."""
    make_member("FAR-1", first_ar="زمردة", last_ar="الكناريكي", commune="03.531.01.05", phone="+212661998877")
    probe = make_member("PROBE-1", first_ar="سعيد", last_ar="المسبار", phone="+212661998877")
    local_twin = make_member("T-101", first_ar="يوسف", last_ar="المرابط", cin=CIN)
    officer = scoped_client("officer", "01.571", Capability.DATA_PROTECTION)

    probe_copy = json.loads(officer.get(reverse("privacy:export", args=[probe.pk, "json"])).content)
    twin_copy = json.loads(officer.get(reverse("privacy:export", args=[local_twin.pk, "json"])).content)
    national = json.loads(client_ar.get(reverse("privacy:export", args=[probe.pk, "json"])).content)

    assert probe_copy["duplicate_flags"] == []
    assert len(national["duplicate_flags"]) == 1  # the flag exists: the national copy shows it
    assert len(twin_copy["duplicate_flags"]) == 1  # a flag inside the province is the reader's to know


@pytest.fixture
def attendance_app():
    """What a later app (meetings) would register from its AppConfig.ready: its part of the copy and its erasure."""
    from tanzim.people.dossier import DossierPart, dossier_part, erasure_step, unregister

    held = {"rows": [{"الاجتماع": "Taounate 17/01/2026", "الحضور": "حاضر"}]}

    @dossier_part("attendance")
    def attendance(*, person, scope):
        return DossierPart(title="الحضور في الاجتماعات", rows=held["rows"], audit_targets={"meetings.x": ["1"]})

    @erasure_step("attendance")
    def forget(*, person):
        count = len(held["rows"])
        held["rows"] = []
        return {"attendance_rows": count}

    yield held
    unregister("attendance")


def test_a_later_apps_records_are_in_the_copy_and_go_with_the_erasure(member, client_ar, attendance_app):
    copy = json.loads(client_ar.get(reverse("privacy:export", args=[member.pk, "json"])).content)
    pdf = client_ar.get(reverse("privacy:export", args=[member.pk, "pdf"])).content
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)

    assert copy["more"]["attendance"]["title"] == "الحضور في الاجتماعات"
    assert copy["more"]["attendance"]["rows"][0]["الحضور"] == "حاضر"
    assert "Taounate" in text  # the PDF shows the part (its Latin text reads back as typed)

    member_erase(acting_user=None, scope=EVERYTHING, member=member, reason="طلب المعني")

    assert attendance_app["rows"] == []
    entry = AuditEntry.objects.filter(action="member.erase").latest("at")
    assert entry.changes["other_records"]["attendance"] == {"attendance_rows": 1}
