"""Member files in: every row ends imported, updated or rejected with its reason; nothing is lost."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from openpyxl import Workbook

from tanzim.members.declared_years import declared_years_read
from tanzim.members.importer import MalformedFile, member_import, write_rejections
from tanzim.members.models import DuplicateFlag, Member
from tanzim.people.models import Person
from tanzim.territory.scope import Scope

HEADER_AR = [
    "رقم البطاقة",
    "النسب",
    "الاسم",
    "nom",
    "prénom",
    "الجنس",
    "تاريخ الازدياد",
    "رقم البطاقة الوطنية",
    "الهاتف",
    "الجماعة",
    "تاريخ الانخراط",
    "الوضعية",
    "المهنة",
    "القطاع",
    "سنوات الاشتراك",
]

GOOD = [
    [
        "T-0001",
        "المرابط",
        "يوسف",
        "Mrabet",
        "Youssef",
        "ذكر",
        "12/03/1990",
        "L123456",
        "0661234567",
        "01.571.01.11",
        "01/02/2015",
        "نشيط",
        "محام",
        "justice",
        "2024, 2025",
    ],
    [
        "T-0002",
        "بناني",
        "كريمة",
        "Bennani",
        "Karima",
        "أنثى",
        "1985-07-21",
        "LB98765",
        "+212 6 12 34 56 78",
        "تطوان",
        "03/09/2019",
        "",
        "أستاذة",
        "education",
        "2023-2025",
    ],
    ["T-0003", "العلوي", "محمد", "", "", "H", "33000", "", "", "Tétouan", "", "actif", "", "", ""],
]


def write_csv(tmp_path, rows, header=HEADER_AR, name="members.csv", delimiter=","):
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path, scope=None):
    return member_import(acting_user=None, scope=scope or Scope.everything(), path=path)


def years_of(card: str) -> list[int]:
    """The years of dues the registry shows for a member (the dues ledger's, through the extension point)."""
    member = Member.objects.get(card_number=card)
    return declared_years_read(scope=Scope.everything(), member_ids=[member.pk]).get(member.pk, [])


def test_a_clean_file_is_imported_with_typed_values(party, tmp_path):
    report = run(write_csv(tmp_path, GOOD))
    assert (report.read, report.inserted, report.updated, report.rejected) == (3, 3, 0, 0)
    youssef = Member.objects.select_related("person__commune").get(card_number="T-0001")
    assert youssef.person.full_name_ar == "يوسف المرابط"
    assert youssef.person.birth_date == dt.date(1990, 3, 12)
    assert youssef.person.phone == "+212661234567"
    assert youssef.person.cin == "L123456"
    assert youssef.person.commune.code == "01.571.01.11"
    assert youssef.path == "01/01.571/01.571.01.11/"
    assert youssef.sector == "justice" and youssef.status == "active"
    assert years_of("T-0002") == [2023, 2024, 2025]
    # an Excel serial date that lost its format: 33000 → 1990-05-07
    assert Member.objects.get(card_number="T-0003").person.birth_date == dt.date(1990, 5, 7)


def test_reimporting_the_same_file_changes_nothing(party, tmp_path):
    path = write_csv(tmp_path, GOOD)
    run(path)
    snapshot = (
        list(Person.objects.order_by("pk").values()),
        list(Member.objects.order_by("pk").values("pk", "card_number", "status", "path", "join_date")),
    )
    report = run(path)
    assert (report.read, report.inserted, report.updated, report.unchanged, report.rejected) == (3, 0, 0, 3, 0)
    after = (
        list(Person.objects.order_by("pk").values()),
        list(Member.objects.order_by("pk").values("pk", "card_number", "status", "path", "join_date")),
    )
    assert after == snapshot


def test_a_changed_row_updates_the_member(party, tmp_path):
    run(write_csv(tmp_path, GOOD))
    changed = [list(r) for r in GOOD]
    changed[0][12] = "مستشار جماعي"
    report = run(write_csv(tmp_path, changed, name="v2.csv"))
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 2)
    assert Member.objects.get(card_number="T-0001").profession == "مستشار جماعي"


BAD_ROWS = [
    (
        ["", "المرابط", "يوسف", "", "", "ذكر", "", "", "", "01.571.01.11", "", "", "", "", ""],
        "card_number",
        "missing_card_number",
    ),
    (
        ["B-1", "المرابط", "", "", "", "ذكر", "", "", "", "01.571.01.11", "", "", "", "", ""],
        "first_name_ar",
        "missing_name",
    ),
    (["B-2", "المرابط", "يوسف", "", "", "؟", "", "", "", "01.571.01.11", "", "", "", "", ""], "gender", "bad_gender"),
    (
        ["B-3", "المرابط", "يوسف", "", "", "ذكر", "31/02/1990", "", "", "01.571.01.11", "", "", "", "", ""],
        "birth_date",
        "bad_date",
    ),
    (
        ["B-4", "المرابط", "يوسف", "", "", "ذكر", "12/03/2090", "", "", "01.571.01.11", "", "", "", "", ""],
        "birth_date",
        "date_out_of_range",
    ),
    (
        ["B-7", "المرابط", "يوسف", "", "", "ذكر", "", "", "", "مدينة الأحلام", "", "", "", "", ""],
        "commune",
        "unknown_commune",
    ),
    (
        ["B-8", "المرابط", "يوسف", "", "", "ذكر", "", "", "", "01.571.01.11", "", "غائب", "", "", ""],
        "status",
        "bad_status",
    ),
    (
        ["B-9", "المرابط", "يوسف", "", "", "ذكر", "", "", "", "01.571.01.11", "", "", "", "فضاء", ""],
        "sector",
        "bad_sector",
    ),
    (
        ["B-10", "المرابط", "يوسف", "", "", "ذكر", "", "", "", "01.571.01.11", "", "", "", "", "2024;abc"],
        "dues_years",
        "bad_years",
    ),
    (
        ["T-0001", "المرابط", "يوسف", "", "", "ذكر", "", "", "", "01.571.01.11", "", "", "", "", ""],
        "card_number",
        "duplicate_card_in_file",
    ),
    (
        ["B-12", "ا" * 81, "يوسف", "", "", "ذكر", "", "", "", "01.571.01.11", "", "", "", "", ""],
        "last_name_ar",
        "too_long",
    ),
]


def test_every_rejection_reason_is_reported_with_row_and_column(party, tmp_path):
    rows = [GOOD[0]] + [row for row, _column, _code in BAD_ROWS]
    report = run(write_csv(tmp_path, rows))
    assert report.read == len(rows) == report.inserted + report.updated + report.unchanged + report.rejected
    assert (report.inserted, report.rejected) == (1, len(BAD_ROWS))
    got = [(r.row, r.column, r.code) for r in report.rejections]
    assert got == [(i + 3, column, code) for i, (_row, column, code) in enumerate(BAD_ROWS)]
    assert all(r.message for r in report.rejections)


def test_a_commune_outside_the_importers_territory_is_refused(party, tmp_path):
    report = run(write_csv(tmp_path, GOOD), scope=Scope.of("03/03.531/"))
    assert report.rejected == 3 and report.inserted == 0
    assert {r.code for r in report.rejections} == {"outside_scope"}
    assert not Member.objects.exists()


def test_the_rejection_file_can_be_fixed_and_imported_again(party, tmp_path):
    bad = [list(GOOD[0]), list(GOOD[1])]
    bad[1][5] = "?"  # gender
    report = run(write_csv(tmp_path, bad))
    buffer = io.StringIO()
    write_rejections(report, buffer)
    lines = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert lines[0] == [*HEADER_AR, "النتيجة", "السطر", "المشاكل"]  # the file's own headers, then the report's
    assert lines[1][0] == "T-0002" and lines[1][-2] == "3" and lines[1][-1].startswith("الجنس: ")
    lines[1][5] = "أنثى"  # the official fixes the cell and imports the file back
    fixed = tmp_path / "fixed.csv"
    with fixed.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(lines)
    again = run(fixed)
    assert (again.read, again.inserted, again.rejected) == (1, 1, 0)
    assert again.unknown_columns == []  # the report's own columns are recognised, not carried into the next one
    assert again.headers == HEADER_AR


def test_an_xlsx_with_arabic_headers(party, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER_AR)
    row = list(GOOD[0])
    row[6] = dt.datetime(1990, 3, 12, tzinfo=dt.UTC).replace(tzinfo=None)  # a real date cell (naive, as Excel)
    sheet.append(row)
    sheet.append([None] * len(HEADER_AR))  # an empty line is not a row
    sheet.append(list(GOOD[1]))
    path = tmp_path / "members.xlsx"
    workbook.save(path)
    report = run(path)
    assert (report.read, report.inserted, report.rejected) == (2, 2, 0)
    assert Member.objects.get(card_number="T-0001").person.birth_date == dt.date(1990, 3, 12)


def test_french_headers_and_semicolons(party, tmp_path):
    header = ["N° carte", "Nom", "Prénom", "Sexe", "Date de naissance", "Téléphone", "Commune"]
    rows = [["F-1", "Alaoui", "Mohamed", "H", "01/01/1980", "06 61 23 45 67", "Taounate"]]
    report = run(write_csv(tmp_path, rows, header=header, delimiter=";"))
    assert (report.inserted, report.rejected) == (1, 0)
    assert Member.objects.get(card_number="F-1").person.commune.code == "03.531.01.05"


def test_a_malformed_file_is_refused_whole(party, tmp_path):
    with pytest.raises(MalformedFile):
        run(write_csv(tmp_path, [["x"]], header=["Nom", "Prénom"]))  # no card number column
    path = tmp_path / "members.txt"
    path.write_text("hello")
    with pytest.raises(MalformedFile):
        run(path)
    assert not Member.objects.exists()


def test_duplicates_are_flagged_on_import(party, tmp_path):
    rows = [list(GOOD[0]), list(GOOD[0])]
    rows[1][0] = "T-9999"  # same person under another card: same CIN and phone
    report = run(write_csv(tmp_path, rows))
    assert report.inserted == 2
    flag = DuplicateFlag.objects.get()
    assert {flag.first.card_number, flag.second.card_number} == {"T-0001", "T-9999"}
    assert flag.reason == "same_cin"


def test_the_command_prints_the_counts_and_fails_on_a_malformed_file(party, tmp_path, capsys):
    path = write_csv(tmp_path, [GOOD[0], BAD_ROWS[2][0]])
    call_command("import_members", str(path), "--quiet-progress")
    out = capsys.readouterr().out
    assert "مقروء 2 = مضاف 1 + محين 0 + مرفوض 1" in out  # the default language speaks
    assert (tmp_path / "members.rejected.csv").exists()
    with pytest.raises(CommandError):
        call_command("import_members", str(write_csv(tmp_path, [["x"]], header=["foo"], name="bad.csv")))


def test_a_utf8_file_cut_inside_an_arabic_letter_by_the_sniff_is_accepted(party, tmp_path):
    # The encoding sniff reads 4,096 bytes; whatever the offset, it lands inside a long run of two-byte letters
    # for one of the two files, which is not an encoding error.
    for shift in range(2):
        rows = [["U-1", "المرابط", "يوسف", "", "", "ذكر", "", "", "", "01.571.01.11", "", "", "x" * shift + "ب" * 2100]]
        report = run(write_csv(tmp_path, rows, name=f"long{shift}.csv"))
        # read; taken, with a warning for its too-long profession
        assert (report.read, report.rejected, report.warned) == (1, 0, 1)
        assert [(w.column, w.code) for w in report.warnings] == [("profession", "too_long")]


def test_many_rejections_are_all_in_the_file_but_few_in_memory(party, tmp_path, monkeypatch):
    from tanzim.members import importer

    monkeypatch.setattr(importer, "KEPT_REJECTIONS", 3)
    rows = [
        [f"R-{i}", "المرابط", "يوسف", "", "", "؟", "", "", "", "01.571.01.11", "", "", "", "", ""] for i in range(10)
    ]
    report = run(write_csv(tmp_path, rows))
    assert report.rejected == 10 and len(report.rejections) == 3
    buffer = io.StringIO()
    write_rejections(report, buffer)
    lines = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert [line[0] for line in lines[1:]] == [f"R-{i}" for i in range(10)]


def test_a_card_of_a_member_outside_the_importers_territory_is_refused(party, tmp_path):
    # given a member of Tétouan (01.571…)
    run(write_csv(tmp_path, [GOOD[0]]))
    # when an official of Taounate (03.531…) imports a row with the same card, placed in their own province
    row = list(GOOD[0])
    row[9] = "03.531.01.05"
    row[12] = "مهندس"
    report = run(write_csv(tmp_path, [row], name="taounate.csv"), scope=Scope.of("03/03.531/"))
    # then the row is refused and the member stays where and as they were
    assert (report.read, report.inserted, report.updated, report.rejected) == (1, 0, 0, 1)
    assert [(r.row, r.column, r.code) for r in report.rejections] == [(2, "card_number", "card_outside_scope")]
    member = Member.objects.get(card_number="T-0001")
    assert member.path == "01/01.571/01.571.01.11/" and member.profession == "محام"


def test_rows_refused_by_the_database_are_in_the_rejection_file_in_row_order(party, tmp_path):
    rows = [list(GOOD[0]), list(GOOD[1]), list(GOOD[0]), list(GOOD[1])]
    rows[1][5] = "?"  # row 3: refused while reading (gender)
    rows[2][12] = "مهندس"  # row 4: T-0001 again, refused by the database
    rows[3][0] = "T-0003"  # row 5: fine
    report = run(write_csv(tmp_path, rows))
    assert (report.read, report.inserted, report.rejected) == (4, 2, 2)
    assert [(r.row, r.code) for r in report.rejections] == [(3, "bad_gender"), (4, "duplicate_card_in_file")]
    buffer = io.StringIO()
    write_rejections(report, buffer)
    lines = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert [(line[0], line[12], line[-2], line[-1].split(":")[0]) for line in lines[1:]] == [
        ("T-0002", "أستاذة", "3", "الجنس"),
        ("T-0001", "مهندس", "4", "رقم البطاقة"),  # the cells as the file has them, read again
    ]
    assert Member.objects.get(card_number="T-0001").profession == "محام"  # the first row of a card wins


def test_new_dues_years_or_status_update_a_member(party, tmp_path):
    run(write_csv(tmp_path, GOOD))
    changed = [list(r) for r in GOOD]
    changed[0][14] = "2023-2025"  # T-0001: one more year of dues
    changed[1][11] = "مستقيل"  # T-0002: resigned
    report = run(write_csv(tmp_path, changed, name="v2.csv"))
    assert (report.inserted, report.updated, report.unchanged) == (0, 2, 1)
    assert len(years_of("T-0001")) == 3
    karima = Member.objects.get(card_number="T-0002")
    assert karima.status == "resigned" and karima.status_since is not None
    assert Member.objects.get(card_number="T-0003").status_since is None  # untouched


@pytest.mark.parametrize("bulk", [False, True], ids=["into-a-registry", "as-a-first-load"])
def test_duplicates_of_members_already_in_the_registry_are_flagged(party, tmp_path, monkeypatch, bulk):
    """The same flags whether the import joins its rows to the registry or, loading as many rows as the registry
    holds (PostgreSQL rebuilds the indexes then), groups the values held twice."""
    from tanzim.members import importer
    from tests.members.factories import make_member

    if bulk:
        monkeypatch.setattr(importer, "REBUILD_FROM", 1)

    known = make_member(
        "K-1",
        first_ar="يوسف",
        last_ar="المرابط",
        first_latin="Youssef",
        last_latin="Mrabet",
        birth_date=dt.date(1990, 3, 12),
        phone="+212600000001",
    )
    rows = [list(GOOD[0]), list(GOOD[1])]
    rows[0][7], rows[0][8] = "", ""  # no CIN, no phone: same names and birth date only
    rows[0][3], rows[0][4] = "Mrabet", "Yousef"  # another spelling of the same name
    rows[1][8] = "0600000001"  # same phone as K-1
    report = run(write_csv(tmp_path, rows))
    assert report.inserted == 2 and report.duplicates_flagged == 2
    flags = {(f.reason, f.first_id, f.second_id) for f in DuplicateFlag.objects.all()}
    youssef, karima = (Member.objects.get(card_number=c).pk for c in ("T-0001", "T-0002"))
    assert flags == {("close_name", known.pk, youssef), ("same_phone", known.pk, karima)}
    assert run(write_csv(tmp_path, rows, name="again.csv")).duplicates_flagged == 0  # flagged once


def test_a_first_load_builds_the_indexes_after_the_rows(party, tmp_path, monkeypatch):
    """On PostgreSQL a load that at least doubles the registry drops the plain indexes and builds them again."""
    from tanzim.members import importer

    monkeypatch.setattr(importer, "REBUILD_FROM", 1)
    report = run(write_csv(tmp_path, GOOD))
    assert report.inserted == 3
    # Where the time went, phase by phase, for `make bench` to print.
    assert set(report.seconds) == {"checking and staging", "inserting", "indexes and keys", "duplicates"}
    assert all(seconds >= 0 for seconds in report.seconds.values())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename IN ('people_person', 'members_member')")
            names = {name for (name,) in cursor.fetchall()}
        assert {"person_name_key_words", "person_birth_name"} <= names
    from tanzim.members.selectors import MemberFilters, member_list

    found = member_list(scope=Scope.everything(), filters=MemberFilters(text="Youssef Mrabet"))
    assert [m.card_number for m in found] == ["T-0001"]


def test_a_large_file_checked_on_several_cores_gives_the_same_import(party, tmp_path, monkeypatch):
    """A file large enough is checked by a pool of processes: the same rows go in, the same refusals (every
    problem, in the uploader's language, in row order, rows with a cell too long among them) come out."""
    from django.db import transaction
    from django.utils import translation

    from tanzim.members import importer

    monkeypatch.setattr(importer, "STAGE_BATCH", 2)  # many batches, several in flight at once
    rows = []
    for i in range(12):
        good = list(GOOD[i % 2])
        good[0] = f"P-{i:03d}"
        good[7] = f"L{i:06d}"
        good[8] = f"06612{i:05d}"
        rows.append(good)
        bad, _column, _code = BAD_ROWS[i % len(BAD_ROWS)]
        bad = list(bad)
        bad[0] = f"B-{i:03d}" if bad[0] else ""
        rows.append(bad)
    rows.append([*GOOD[0][:12], "x" * 400, *GOOD[0][13:]])  # a cell longer than the limit
    # Values a COPY's text must escape (a backslash), a row with no birth date, no join date, no Latin name: on
    # PostgreSQL the checking processes send the staging rows as the text of a COPY.
    rows.append(["P-100", "الطاهري", "سعاد", "", "", "أ", "", "", "", "تطوان", "", "", "مهندسة \\ تقنية", "", ""])
    rows.append(["P-101", "بن علي", "", "Ben\\Ali", "Omar", "m", "01/01/1970", "", "", "Tétouan", "", "", "", "", ""])
    path = write_csv(tmp_path, rows)
    limits = importer.ImportLimits(cell=300)

    def imported():
        with translation.override("fr"):
            report = member_import(acting_user=None, scope=Scope.everything(), path=path, limits=limits)
            buffer = io.StringIO()
            write_rejections(report, buffer)
        stored = [f"person__{f}" for f in (*importer.PERSON_FIELDS, "name_key", "sound_key")]
        members = sorted(
            Member.objects.values_list("card_number", *stored, *importer.MEMBER_FIELDS, "ledger__year_from")
        )
        counts = (report.read, report.inserted, report.updated, report.rejected, report.warned)
        problems = [(r.row, r.kind, [(p.field, p.code, p.message) for p in r.problems]) for r in report.rejections]
        return counts, problems, buffer.getvalue(), members

    with transaction.atomic():
        alone = imported()
        transaction.set_rollback(True)
    assert not Member.objects.exists()
    monkeypatch.setattr(importer, "PARALLEL_FROM_BYTES", 0)
    started = []
    monkeypatch.setattr(importer, "checking_pool", _counting(importer.checking_pool, started))
    pooled = imported()

    assert started == [True]  # the pool did run
    assert pooled == alone
    counts, problems, _file, members = pooled
    assert counts[1] >= 14 and counts[3] >= 12 and counts[0] == len(rows)
    written = {m[0]: m for m in members}
    assert "Ben\\Ali" in written["P-101"] and "مهندسة \\ تقنية" in written["P-100"]  # backslashes kept as typed
    assert written["P-100"][1 + importer.PERSON_FIELDS.index("birth_date")] is None
    assert any(code == "cell_too_long" for _row, _kind, found in problems for _f, code, _m in found)
    with translation.override("fr"):
        in_french = translation.gettext("A cell is longer than %(limit)d characters.") % {"limit": 300}
    assert in_french != "A cell is longer than 300 characters." and in_french in _file  # the uploader's language


def _counting(make_pool, started):
    def wrapped(path, reader):
        pool = make_pool(path, reader)
        started.append(pool is not None)
        return pool

    return wrapped
