"""What an import takes, warns about, refuses and holds: the cases of a real branch file (issue 11)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tanzim.access.authority import authority_for
from tanzim.access.capabilities import Capability
from tanzim.members import parsing
from tanzim.members.conflicts import conflict_resolve
from tanzim.members.importer import member_import, write_rejections, write_rejections_xlsx
from tanzim.members.models import ConflictStatus, ImportConflict, Member
from tanzim.people.footprint import PersonBeyondScope
from tanzim.people.models import person_name_key
from tanzim.territory.scope import Scope
from tests.access.test_bridge import bridge_world  # noqa: F401  (the fixture)
from tests.members.test_import import GOOD, HEADER_AR, write_csv

ROW = ["", "المرابط", "يوسف", "", "", "ذكر", "", "", "", "01.571.01.11", "", "", "", "", ""]


def row(card, **cells):
    """A row of HEADER_AR, by column index names used below."""
    columns = {"last": 1, "first": 2, "gender": 5, "birth": 6, "cin": 7, "phone": 8, "commune": 9, "status": 11}
    result = list(ROW)
    result[0] = card
    for name, value in cells.items():
        result[columns[name]] = value
    return result


def run(path, scope=None):
    return member_import(acting_user=None, scope=scope or Scope.everything(), path=path)


def test_short_and_hamza_forms_of_enumerated_cells_are_taken(party, tmp_path):
    genders = {"G-1": "أ", "G-2": "ا", "G-3": "ذ", "G-4": "أنثى", "G-5": "انثي", "G-6": "F.", "G-7": "Féminin"}
    rows = [row(card, gender=value) for card, value in genders.items()]
    rows.append(row("G-8", gender="ذكر", status="منقطع"))
    report = run(write_csv(tmp_path, rows))
    assert (report.inserted, report.rejected) == (8, 0)
    got = dict(Member.objects.values_list("card_number", "person__gender"))
    assert got == {"G-1": "f", "G-2": "f", "G-3": "m", "G-4": "f", "G-5": "f", "G-6": "f", "G-7": "f", "G-8": "m"}
    assert Member.objects.get(card_number="G-8").status == "lapsed"
    assert parsing.parse_education("الثانوي") == "secondary" and parsing.parse_education("إجازة") == "licence"


def test_sector_education_and_status_cells_are_folded_like_names(party, tmp_path):
    """A file's enumerated cells as branches type them: ta marbuta as ha, hamza dropped, a leading article or none,
    doubled spaces, capitals, French or Arabic; every one lands on its choice, none is refused."""
    header = ["رقم البطاقة", "النسب", "الاسم", "الجنس", "الجماعة", "القطاع", "المستوى الدراسي", "الوضعية"]
    cells = {
        "E-1": ("الصحه", "الثانوي", "نشيط"),
        "E-2": ("التجارة  والخدمات", "اجازه", "موقوف"),
        "E-3": ("Commerce et services", "BACCALAURÉAT", "Actif"),
        "E-4": ("التعليم العالي والبحث العلمي", "باكالوريا", "مستقيل"),
        "E-5": ("santé", "Secondaire", "SUSPENDU"),
    }
    path = tmp_path / "choices.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for card, (sector, education, status) in cells.items():
            writer.writerow([card, "المرابط", "يوسف", "ذكر", "01.571.01.11", sector, education, status])
    report = run(path)
    assert (report.inserted, report.rejected, report.warned) == (5, 0, 0), report.rejections
    got = {card: (sector, education, status) for card, sector, education, status in Member.objects.values_list(
        "card_number", "sector", "education_level", "status")}  # fmt: skip
    assert got == {
        "E-1": ("health", "secondary", "active"),
        "E-2": ("commerce", "licence", "suspended"),
        "E-3": ("commerce", "baccalaureate", "active"),
        "E-4": ("higher_education", "baccalaureate", "resigned"),
        "E-5": ("health", "secondary", "suspended"),
    }


def test_a_phone_the_library_does_not_know_is_imported_with_a_warning(party, tmp_path):
    with pytest.raises(parsing.CellError):
        parsing.parse_phone("0683123456")  # the strict rule refuses it…
    rows = [row("P-1", phone="0683123456"), row("P-2", phone="06 12"), row("P-3", cin="123456")]
    report = run(write_csv(tmp_path, rows))
    # …the import takes the member, keeps what it can and says what to check.
    assert (report.inserted, report.rejected, report.warned) == (3, 0, 3)
    phones = dict(Member.objects.values_list("card_number", "person__phone"))
    assert phones == {"P-1": "+212683123456", "P-2": "", "P-3": ""}
    assert Member.objects.get(card_number="P-3").person.cin == "123456"
    said = {(w.row, w.problems[0].column, w.code, w.problems[0].value) for w in report.warnings}
    assert said == {(2, "الهاتف", "bad_phone", "0683123456"), (3, "الهاتف", "bad_phone", "06 12"),
                    (4, "رقم البطاقة الوطنية", "bad_cin", "123456")}  # fmt: skip
    assert ("warning", "bad_phone", "phone") in report.reasons and report.reasons[
        ("warning", "bad_phone", "phone")
    ] == 2


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Zaida", "08.363.07.29"),
        ("Saidate", "07.161.03.09"),
        ("Msila", "03.561.11.09"),
        ("Mzilate", "07.211.09.23"),
        ("Lamhara", "09.541.04.29"),
        ("Lamharra", "07.427.09.07"),
        ("Oulad Amer", "06.461.07.11"),
        ("oulad  aamer", "07.191.13.17"),
        ("أولاد عامر", "06.461.07.11"),
    ],
)
def test_an_exact_commune_name_wins_over_a_folded_collision(party, tmp_path, name, code):
    report = run(write_csv(tmp_path, [row("C-1", commune=name)]))
    assert (report.inserted, report.rejected) == (1, 0), [r.problems for r in report.rejections]
    assert Member.objects.get(card_number="C-1").person.commune.code == code


def test_a_homonymous_commune_is_told_apart_by_a_province_column_or_the_uploaders_territory(party, tmp_path):
    # Ajdir is a commune of Al Hoceima (01.051) and of Taza (03.561).
    header = [*HEADER_AR, "الإقليم"]
    rows = [
        [*row("A-1", commune="Ajdir"), "Taza"],
        [*row("A-2", commune="أجدير"), "الحسيمة"],
        row("A-3", commune="Ajdir"),
    ]
    report = run(write_csv(tmp_path, rows, header=header))
    assert report.inserted == 2 and [(r.row, r.code) for r in report.rejections] == [(4, "ambiguous_commune")]
    communes = dict(Member.objects.values_list("card_number", "person__commune__code"))
    assert communes == {"A-1": "03.561.03.01", "A-2": "01.051.01.09"}
    report = run(write_csv(tmp_path, [row("A-4", commune="Ajdir")], name="hoceima.csv"), scope=Scope.of("01/01.051/"))
    assert report.inserted == 1 and Member.objects.get(card_number="A-4").person.commune.code == "01.051.01.09"


def test_every_problem_of_a_row_is_reported_at_once(party, tmp_path):
    bad = row("M-1", gender="؟", birth="31/02/1980", commune="مدينة الأحلام", phone="12", status="غائب")
    report = run(write_csv(tmp_path, [bad]))
    assert report.rejected == 1
    (refused,) = report.rejections
    problems = [(p.field, p.code, p.warning) for p in refused.problems]
    assert problems == [
        ("gender", "bad_gender", False),
        ("birth_date", "bad_date", False),
        ("commune", "unknown_commune", False),
        ("status", "bad_status", False),
        ("phone", "bad_phone", True),  # and what would only have been a warning
    ]
    assert [p.column for p in refused.problems][:3] == ["الجنس", "تاريخ الازدياد", "الجماعة"]
    summary = report.summary()
    assert {(r["kind"], r["code"], r["column"], r["rows"]) for r in summary["reasons"]} >= {
        ("refused", "bad_gender", "الجنس", 1),
        ("refused", "unknown_commune", "الجماعة", 1),
        ("warning", "bad_phone", "الهاتف", 1),
    }
    assert summary["refused"][0]["problems"][2]["value"] == "مدينة الأحلام"


def test_the_rejection_file_corrected_once_lands_in_one_round(party, tmp_path):
    rows = [
        row("R-1", gender="؟", birth="31/02/1980", commune="مدينة الأحلام"),
        row("R-2", gender="ذ"),
    ]
    report = run(write_csv(tmp_path, rows))
    assert (report.inserted, report.rejected) == (1, 1)
    buffer = io.StringIO()
    write_rejections(report, buffer)
    lines = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert lines[0][: len(HEADER_AR)] == HEADER_AR and len(lines) == 2
    lines[1][5], lines[1][6], lines[1][9] = "أنثى", "28/02/1980", "تطوان"  # every problem fixed in one pass
    fixed = tmp_path / "fixed.csv"
    with fixed.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(lines)
    again = run(fixed)
    assert (again.read, again.inserted, again.rejected, again.unknown_columns) == (1, 1, 0, [])


def test_a_report_imported_again_uncorrected_gives_a_report_with_the_same_headers(party, tmp_path):
    report = run(write_csv(tmp_path, [row("R-3", gender="؟")]))
    path = tmp_path
    for generation in range(2):
        buffer = io.StringIO()
        write_rejections(report, buffer)
        lines = list(csv.reader(io.StringIO(buffer.getvalue())))
        assert lines[0] == [*HEADER_AR, "النتيجة", "السطر", "المشاكل"], generation  # never a second set
        assert len(lines) == 2 and lines[1][-1].startswith("الجنس: ")
        path = tmp_path / f"generation-{generation}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(lines)
        report = run(path)
        assert (report.rejected, report.unknown_columns) == (1, [])


def test_a_french_uploaders_report_speaks_french_under_the_headers_of_her_file(party, tmp_path):
    """A French-speaking official imports the French template: her rejection file keeps her file's headers, adds
    its three columns in French, says each problem in French, and goes back in as it is."""
    from django.utils import translation

    header = ["N° carte", "Nom", "Prénom", "Sexe", "Date de naissance", "Commune"]
    path = tmp_path / "adherents.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(["F-1", "Mrabet", "Youssef", "?", "31/02/1990", "01.571.01.11"])
        writer.writerow(["F-2", "Bennani", "Fatima", "F", "05/05/1974", "01.571.01.11"])
    with translation.override("fr"):
        report = run(path)
        buffer = io.StringIO()
        write_rejections(report, buffer)
    lines = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert (report.inserted, report.rejected) == (1, 1)
    assert lines[0] == [*header, "résultat", "ligne", "problèmes"]
    assert lines[1][:6] == ["F-1", "Mrabet", "Youssef", "?", "31/02/1990", "01.571.01.11"]
    assert lines[1][6:8] == ["refusée", "2"]
    assert lines[1][8].startswith("Sexe: ") and "Date de naissance: " in lines[1][8]  # both problems, in French
    again = tmp_path / "adherents-corrigé.csv"
    with again.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(lines)
    with translation.override("fr"):
        second = run(again)
    assert (second.rejected, second.unknown_columns) == (1, [])


def test_an_xlsx_report_keeps_dates_as_dates(party, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER_AR)
    bad = row("X-1", gender="؟")
    bad[6] = dt.datetime(1974, 5, 5)  # noqa: DTZ001 (a date cell, naive as Excel's)
    sheet.append(bad)
    path = tmp_path / "members.xlsx"
    workbook.save(path)
    report = run(path)
    assert report.rejections[0].values[6] == "05/05/1974"
    target = tmp_path / "report.xlsx"
    write_rejections_xlsx(report, target)
    cells = list(load_workbook(target).active.iter_rows(values_only=True))
    assert cells[1][6] == dt.datetime(1974, 5, 5)  # noqa: DTZ001
    buffer = io.StringIO()
    write_rejections(report, buffer)
    assert "05/05/1974" in buffer.getvalue() and "00:00:00" not in buffer.getvalue()


def test_a_card_held_by_another_identity_is_held_as_a_conflict_not_applied(party, tmp_path):
    run(write_csv(tmp_path, [GOOD[0]]))
    before = Member.objects.select_related("person").get(card_number="T-0001")
    other = list(GOOD[0])
    other[1:5] = ["بناني", "سعاد", "Bennani", "Souad"]
    other[5], other[6], other[7] = "أنثى", "01/01/1970", "K987654"
    typo = list(GOOD[1])
    report = run(write_csv(tmp_path, [other, typo], name="v2.csv"))
    assert (report.held, report.inserted, report.updated) == (1, 1, 0)
    assert report.balanced
    after = Member.objects.select_related("person").get(card_number="T-0001")
    assert (after.person.first_name_ar, after.person.cin, after.person.gender) == ("يوسف", "L123456", "m")
    conflict = ImportConflict.objects.get()
    assert (conflict.member_id, conflict.row, conflict.status) == (before.pk, 2, ConflictStatus.OPEN)
    assert conflict.values["first_name_ar"] == "سعاد" and conflict.values["cin"] == "K987654"


def test_a_typo_fixed_in_a_name_or_a_date_is_an_update_not_a_conflict(party, tmp_path):
    run(write_csv(tmp_path, [GOOD[0]]))
    fixed = list(GOOD[0])
    fixed[1], fixed[6] = "المرابطي", "13/03/1990"  # one letter added, the day off by one
    report = run(write_csv(tmp_path, [fixed], name="v2.csv"))
    assert (report.held, report.updated) == (0, 1)
    assert Member.objects.get(card_number="T-0001").person.last_name_ar == "المرابطي"


def test_a_card_on_two_rows_with_two_people_holds_both_even_when_one_is_refused(party, tmp_path):
    first = row("D-1", first="كريمة", last="أحكان", gender="؟", cin="AB123456")  # refused for its gender
    second = row("D-1", first="يوسف", last="المرابط", cin="L123456")
    same = row("D-2", first="يوسف")
    report = run(write_csv(tmp_path, [first, second, same, list(same)]))
    # The refused row stays refused for its gender; the other row of its card is held, not imported.
    codes = sorted((r.row, r.code) for r in report.rejections)
    assert codes == [(2, "bad_gender"), (5, "duplicate_card_in_file")]
    assert (report.inserted, report.held, report.rejected) == (1, 1, 2) and report.balanced
    assert not Member.objects.filter(card_number="D-1").exists()
    assert Member.objects.filter(card_number="D-2").count() == 1  # the same person twice is one member
    held = {c.row: c for c in ImportConflict.objects.all()}
    assert sorted(held) == [2, 3] and {c.card_number for c in held.values()} == {"D-1"}
    assert all(c.member_id is None and c.status == ConflictStatus.OPEN for c in held.values())
    assert held[2].values["first_name_ar"] == "كريمة" and held[2].values["refused"][0]["value"] == "؟"
    assert held[3].values["others"][0]["row"] == 2 and held[3].values["others"][0]["cin"] == "AB123456"
    assert sorted(report.conflicts) == sorted(c.pk for c in held.values())


def test_a_card_on_two_rows_with_two_people_is_decided_on_the_conflicts_page(client_ar, party, tmp_path):
    first = row("D-7", first="كريمة", last="أحكان", gender="أنثى", cin="AB123456")
    second = row("D-7", first="يوسف", last="المرابط", cin="L123456")
    refused = row("D-8", first="سعاد", last="بناني", gender="؟")
    other = row("D-8", first="حسن", last="العلمي")
    report = run(write_csv(tmp_path, [first, second, refused, other]))
    assert (report.inserted, report.held, report.rejected) == (0, 3, 1)
    page = client_ar.get(reverse("members:import_conflicts")).content.decode()
    assert page.count('class="card conflict"') == 4
    assert "كريمة" in page and "يوسف" in page and "سعاد" in page and "حسن" in page
    assert "4 تعارضات تنتظر قرارا." in page  # the count, in its Arabic plural form (3–10)
    conflicts = {c.row: c for c in ImportConflict.objects.all()}
    # The row refused for its gender can only be set aside.
    answer = client_ar.post(reverse("members:import_conflict_resolve", args=[conflicts[4].pk]), {"decision": "replace"})
    assert answer.status_code == 302 and not Member.objects.filter(card_number="D-8").exists()
    conflicts[4].refresh_from_db()
    assert conflicts[4].status == ConflictStatus.OPEN
    # Karima holds the card, Youssef gets another one; nobody was overwritten.
    url = reverse("members:import_conflict_resolve", args=[conflicts[2].pk])
    assert client_ar.post(url, {"decision": "replace"}).status_code == 302
    url = reverse("members:import_conflict_resolve", args=[conflicts[3].pk])
    assert client_ar.post(url, {"decision": "new_card", "new_card": "D-70"}).status_code == 302
    names = dict(Member.objects.values_list("card_number", "person__first_name_ar"))
    assert names == {"D-7": "كريمة", "D-70": "يوسف"}
    # Hassan's row, set aside, stays out of the registry.
    url = reverse("members:import_conflict_resolve", args=[conflicts[5].pk])
    assert client_ar.post(url, {"decision": "keep"}).status_code == 302
    assert not Member.objects.filter(person__first_name_ar="حسن").exists()
    assert ImportConflict.objects.filter(status=ConflictStatus.OPEN).count() == 1


def test_a_card_on_two_rows_of_a_member_in_the_registry_holds_both_rows_and_changes_nothing(party, tmp_path):
    run(write_csv(tmp_path, [GOOD[0]]))
    same = list(GOOD[0])
    other = list(GOOD[0])
    other[1:5] = ["بناني", "سعاد", "Bennani", "Souad"]
    other[5], other[6], other[7] = "أنثى", "01/01/1970", "K987654"
    report = run(write_csv(tmp_path, [same, other], name="v2.csv"))
    assert (report.held, report.updated, report.unchanged) == (2, 0, 0) and report.balanced
    member = Member.objects.select_related("person").get(card_number="T-0001")
    assert (member.person.first_name_ar, member.person.cin) == ("يوسف", "L123456")
    assert set(ImportConflict.objects.values_list("member_id", flat=True)) == {member.pk}


def test_a_card_repeated_in_the_file_of_a_member_outside_the_territory_is_refused_not_held(bridge_world, tmp_path):  # noqa: F811
    taounate = Member.objects.filter(path__startswith="03/03.531/").select_related("person").first()
    tetouan = Scope(paths=frozenset({"01/01.571/"}))
    first = row(taounate.card_number, first="كريمة", last="أحكان", cin="AB123456")
    second = row(taounate.card_number, first="يوسف", last="المرابط", cin="L123456")
    report = run(write_csv(tmp_path, [first, second]), scope=tetouan)
    assert sorted((r.row, r.code) for r in report.rejections) == [(2, "card_outside_scope"), (3, "card_outside_scope")]
    assert not ImportConflict.objects.exists()


def _conflict_of(member, job=None, **values) -> ImportConflict:
    return ImportConflict.objects.create(
        job=job,
        member=member,
        row=2,
        card_number=member.card_number,
        path=member.path,
        file_path=member.path,
        values={
            "first_name_ar": "مخترق",
            "last_name_ar": "مخترق",
            "first_name_latin": "",
            "last_name_latin": "",
            "gender": "m",
            "birth_date": None,
            "cin": "",
            "phone": "",
            "commune_id": member.person.commune_id,
            "join_date": None,
            "local_body_id": None,
            "status": "active",
            "profession": "",
            "education_level": "",
            "sector": "",
            "dues": "",
            **values,
        },
    )


def test_a_provincial_secretary_cannot_resolve_a_conflict_about_a_person_held_above(bridge_world, client):  # noqa: F811
    reader = bridge_world["readers"]["provincial head"]
    authority = authority_for(reader)
    scope = authority.scope(Capability.MEMBERS_WRITE).intersection(authority.scope(Capability.PERSONAL_DATA))
    above = _conflict_of(bridge_world["bridge"])  # the regional deputy head, living in Tétouan
    own = _conflict_of(bridge_world["plain"])
    with pytest.raises(PersonBeyondScope):
        conflict_resolve(acting_user=reader, scope=scope, conflict=above, decision="replace")
    client.force_login(reader)
    page = client.post(reverse("members:import_conflict_resolve", args=[above.pk]), {"decision": "replace"})
    assert page.status_code == 302
    above.refresh_from_db()
    assert above.status == ConflictStatus.OPEN
    assert bridge_world["bridge"].person.first_name_ar == "رشيد"
    # Her own branch's member: she decides, and the page lists the conflict with both identities first.
    listing = client.get(reverse("members:import_conflicts"))
    assert "مخترق" in listing.content.decode() and "أمين" in listing.content.decode()
    page = client.post(
        reverse("members:import_conflict_resolve", args=[own.pk]), {"decision": "new_card", "new_card": "new-77"}
    )
    assert page.status_code == 302
    own.refresh_from_db()
    assert own.status == ConflictStatus.NEW_CARD and own.new_member.card_number == "NEW-77"
    assert own.new_member.person.first_name_ar == "مخترق"
    assert Member.objects.get(pk=bridge_world["plain"].pk).person.first_name_ar == "أمين"


def test_a_conflict_outside_the_readers_territory_is_not_found(bridge_world, client):  # noqa: F811
    taounate_member = Member.objects.filter(path__startswith="03/03.531/").first()
    conflict = _conflict_of(taounate_member)
    client.force_login(bridge_world["readers"]["provincial head"])
    page = client.post(reverse("members:import_conflict_resolve", args=[conflict.pk]), {"decision": "keep"})
    assert page.status_code == 404
    assert conflict.__class__.objects.get(pk=conflict.pk).status == ConflictStatus.OPEN
    assert "الكناريكي" not in client.get(reverse("members:import_conflicts")).content.decode()


def test_the_template_has_the_headers_the_import_reads(party, tmp_path, client_ar):
    for fmt in ("csv", "xlsx"):
        response = client_ar.get(reverse("members:import_template", args=[fmt]))
        assert response.status_code == 200
        path = tmp_path / f"template.{fmt}"
        path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
        mapping, unknown = parsing.map_headers(next(iter(_rows(path))))
        assert unknown == [] and set(mapping.values()) == set(parsing.HEADERS)
    page = client_ar.get(reverse("members:import")).content.decode()
    assert "الأسماء" not in page and "الجنس" in page and reverse("members:import_template", args=["xlsx"]) in page


def _rows(path):
    from tanzim.members.importer import read_rows

    return read_rows(path)


def test_the_form_and_the_api_take_the_phone_and_the_short_gender_the_import_takes(client_ar, party):
    from tanzim.members.forms import MemberForm

    assert parsing.parse_entered_phone("0683123456") == "+212683123456"
    with pytest.raises(parsing.CellError):
        parsing.parse_entered_phone("06 12")
    form = MemberForm(data={"card_number": "F-9", "first_name_ar": "كريمة", "gender": "f", "phone": "0685 12 34 56"})
    form.is_valid()
    assert "phone" not in form.errors and form.cleaned_data["phone"] == "+212685123456"
    payload = {"card_number": "API-9", "first_name_ar": "كريمة", "gender": "أ", "commune_code": "01.571.01.11",
               "phone": "0686123456"}  # fmt: skip
    response = client_ar.post("/api/v1/members", payload, content_type="application/json")
    assert response.status_code in (200, 201), response.content
    member = Member.objects.get(card_number="API-9")
    assert (member.person.gender, member.person.phone) == ("f", "+212686123456")


def test_a_file_without_a_column_leaves_that_field_as_it_is(party, tmp_path):
    run(write_csv(tmp_path, [GOOD[0]]))  # Latin names, phone, CIN, status, sector on record
    lapsed = Member.objects.get(card_number="T-0001")
    lapsed.status = "lapsed"
    lapsed.save()
    header = ["رقم البطاقة", "النسب", "الاسم", "الجنس", "الجماعة", "المهنة"]
    report = run(write_csv(tmp_path, [["T-0001", "المرابط", "يوسف", "ذكر", "01.571.01.11", "مستشار"]], header=header))
    assert (report.updated, report.held) == (1, 0)
    member = Member.objects.select_related("person").get(card_number="T-0001")
    assert member.profession == "مستشار" and member.status == "lapsed" and member.sector == "justice"
    person = member.person
    assert (person.first_name_latin, person.phone, person.cin) == ("Youssef", "+212661234567", "L123456")
    assert person.name_key == person_name_key(person) and "yusuf" in person.name_key  # keyed with the names kept
    assert run(write_csv(tmp_path, [["T-0001", "المرابط", "يوسف", "ذكر", "01.571.01.11", "مستشار"]], header=header,
                         name="again.csv")).unchanged == 1  # fmt: skip


def test_an_erased_members_held_conflicts_go_with_the_erasure(party, tmp_path):
    from tanzim.privacy.services import member_erase

    run(write_csv(tmp_path, [GOOD[0]]))
    other = list(GOOD[0])
    other[1:5] = ["بناني", "سعاد", "Bennani", "Souad"]
    other[6], other[7] = "01/01/1970", "K987654"
    assert run(write_csv(tmp_path, [other], name="v2.csv")).held == 1
    member_erase(acting_user=None, scope=Scope.everything(), member=Member.objects.get(card_number="T-0001"),
                 reason="طلب المعني")  # fmt: skip
    assert not ImportConflict.objects.exists()


def test_the_conflicts_page_reads_as_many_times_for_twelve_conflicts_as_for_two(client_ar, party):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.members.factories import make_member

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            page = client_ar.get(reverse("members:import_conflicts"))
        assert page.status_code == 200
        return len(captured), page.content.decode()

    from tanzim.members.models import ImportJob

    queries()  # the session's first request winds its clocks (see the middleware's query budget)
    jobs = [ImportJob.objects.create(filename=f"branch-{n}.csv", stored_as="-") for n in range(12)]
    for n in range(2):
        _conflict_of(make_member(f"Q-{n}", first_ar="حسناء"), job=jobs[n])
    few, _html = queries()
    for n in range(2, 12):
        _conflict_of(make_member(f"Q-{n}", first_ar="حسناء"), job=jobs[n])
    many, html = queries()
    assert many == few and html.count('class="card conflict"') == 12


def test_a_workbook_uploaded_on_the_web_gets_its_report_as_a_workbook_and_its_summary_on_screen(
    client_ar, party, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tanzim.members.models import ImportJob

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER_AR)
    bad = row("W-1", gender="؟", commune="مدينة الأحلام")
    bad[6] = dt.datetime(1974, 5, 5)  # noqa: DTZ001
    sheet.append(bad)
    sheet.append(row("W-2", gender="أ", phone="0685123456"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("branch.xlsx", buffer.getvalue())
    html = client_ar.post(reverse("members:import"), {"file": upload}, follow=True).content.decode()
    job = ImportJob.objects.get()
    assert (job.status, job.inserted, job.rejected, job.warned) == ("done", 1, 1, 1)
    assert "مدينة الأحلام" in html and "0685123456" in html and "لا توجد جماعة بهذا الاسم" in html
    response = client_ar.get(reverse("members:import_rejections", args=[job.pk]))
    assert response["Content-Disposition"].endswith('.xlsx"')
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    cells = list(load_workbook(path).active.iter_rows(values_only=True))
    assert cells[0][: len(HEADER_AR)] == tuple(HEADER_AR)
    assert [(c[0], c[6]) for c in cells[1:]] == [("W-1", dt.datetime(1974, 5, 5)), ("W-2", None)]  # noqa: DTZ001


def test_the_conflicts_page_is_paged_with_its_count_and_only_within_the_readers_territory(bridge_world, client):  # noqa: F811
    from tests.members.factories import make_member

    taounate_member = Member.objects.filter(path__startswith="03/03.531/").first()
    _conflict_of(taounate_member)  # beyond the reader: neither shown nor counted
    mine = [_conflict_of(make_member(f"PG-{n}", first_ar="حسناء")) for n in range(53)]
    client.force_login(bridge_world["readers"]["provincial head"])
    first = client.get(reverse("members:import_conflicts"))
    html = first.content.decode()
    assert html.count('class="card conflict"') == 50
    assert "53 تعارضا ينتظر قرارا." in html  # the Arabic form of 11–99
    assert f"before={mine[3].pk}" in html and "الكناريكي" not in html
    second = client.get(reverse("members:import_conflicts"), {"before": mine[3].pk}).content.decode()
    assert second.count('class="card conflict"') == 3 and 'rel="next"' not in second
    assert client.get(reverse("members:import_conflicts"), {"before": "9" * 30}).status_code == 404
