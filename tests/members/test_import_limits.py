"""Files built to hurt the site: each gets a clear refusal in the user's language, or imports as what it really
holds; nothing is half-written. The inputs are those of the security issue's findings 4 and 7."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tanzim.access.capabilities import Capability as C
from tanzim.audit.models import AuditEntry
from tanzim.members.importer import ImportLimits, MalformedFile, member_import, read_rows
from tanzim.members.models import ImportJob, ImportStatus, Member
from tanzim.people.models import Person
from tanzim.territory.scope import Scope
from tests.access.test_enforcement import TETOUAN, login, user_with
from tests.members.test_import import GOOD, HEADER_AR

EVERYTHING = Scope.everything()


def xlsx(path, rows, *, dimension: str | None = None):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    if dimension:
        _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: _set_dimension(xml, dimension))
    return path


def _set_dimension(xml: str, ref: str) -> str:
    start = xml.index("<dimension ref=")
    end = xml.index("/>", start) + 2
    return xml[:start] + f'<dimension ref="{ref}"/>' + xml[end:]


def _rewrite(path, member: str, change) -> None:
    with zipfile.ZipFile(path) as old:
        items = [(info, old.read(info.filename)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in items:
            if info.filename == member:
                data = change(data.decode()).encode()
            new.writestr(info.filename, data)


def limits() -> ImportLimits:
    return ImportLimits.from_settings()


def test_a_declared_dimension_of_a_million_rows_by_16384_columns_is_ignored(party, tmp_path):
    path = xlsx(tmp_path / "bomb.xlsx", [HEADER_AR, GOOD[0]], dimension="A1:XFD1048576")
    assert path.stat().st_size < 10_000

    rows = list(read_rows(path, limits()))
    report = member_import(acting_user=None, scope=EVERYTHING, path=path, limits=limits())

    assert len(rows) == 2 and max(len(r) for r in rows) == len(HEADER_AR)
    assert (report.read, report.inserted, report.rejected) == (1, 1, 0)


def _million_rows_xlsx(path, rows: int) -> None:
    """A sheet of `rows` rows of one short cell each, written straight into the archive (a few hundred KB)."""
    book = Workbook()
    book.active.append(HEADER_AR)
    book.save(path)
    with zipfile.ZipFile(path) as old:
        items = [(info.filename, old.read(info.filename)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in items:
            if name != "xl/worksheets/sheet1.xml":
                new.writestr(name, data)
                continue
            xml = data.decode()
            head, tail = xml.split("</sheetData>")
            with new.open(name, "w") as sheet:
                sheet.write(head.encode())
                chunk = []
                row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'  # rows without a number follow on
                for _n in range(rows):
                    chunk.append(row)
                    if len(chunk) == 10_000:
                        sheet.write("".join(chunk).encode())
                        chunk = []
                sheet.write(("".join(chunk) + "</sheetData>" + tail).encode())


def test_a_small_workbook_of_two_million_rows_is_refused_before_anything_is_written(party, tmp_path):
    path = tmp_path / "two-million.xlsx"
    _million_rows_xlsx(path, 2_000_000)
    assert path.stat().st_size < 2_000_000  # a few hundred KB, as in the finding

    with pytest.raises(MalformedFile) as refused:
        member_import(acting_user=None, scope=EVERYTHING, path=path, limits=limits())

    assert "200000" in refused.value.message or "200,000" in refused.value.message
    assert not Member.objects.exists() and not Person.objects.exists()


def test_a_fifty_megabyte_cell_refuses_its_row_and_keeps_the_others(party, tmp_path):
    path = xlsx(tmp_path / "cell.xlsx", [HEADER_AR, ["BIG-1", "x" * 50_000_000, "سعيد"], GOOD[0]])
    assert path.stat().st_size < 200_000

    report = member_import(acting_user=None, scope=EVERYTHING, path=path, limits=limits())

    assert (report.read, report.inserted, report.rejected) == (2, 1, 1)
    (refused,) = report.rejections
    assert refused.code == "cell_too_long" and refused.row == 2
    assert max(len(v) for v in refused.values) == 500


def test_a_csv_field_over_128_kb_is_a_clear_refusal_and_nothing_is_written(party, tmp_path):
    path = tmp_path / "field.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER_AR)
        writer.writerow(GOOD[0])
        writer.writerow(["BIG-2", "y" * 140_000, "سعيد"])

    with pytest.raises(MalformedFile) as refused:
        member_import(acting_user=None, scope=EVERYTHING, path=path, limits=limits())

    assert "3" in refused.value.message
    assert not Member.objects.exists()


@pytest.fixture
def uploader(party):
    return login(user_with("importer", [C.MEMBERS_WRITE, C.PERSONAL_DATA], TETOUAN))


def test_through_the_page_a_reader_error_is_a_failed_job_in_arabic_that_stops_polling(uploader, tmp_path):
    body = io.StringIO()
    writer = csv.writer(body)
    writer.writerow(HEADER_AR)
    writer.writerow(["BIG-2", "y" * 140_000, "سعيد"])
    upload = SimpleUploadedFile("field.csv", body.getvalue().encode(), content_type="text/csv")

    answer = uploader.post("/members/import/", {"file": upload}, follow=True)

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    page = answer.content.decode()
    assert "لا يمكن قراءة الصف 2" in page
    assert "hx-trigger" not in page  # a finished job is not polled
    assert not Member.objects.exists()


def test_a_file_over_the_size_limit_is_refused_by_the_form_and_the_page_states_the_limits(uploader, settings):
    settings.TANZIM_IMPORT_MAX_MB = 1
    upload = SimpleUploadedFile("big.csv", b"a" * (1024 * 1024 + 1), content_type="text/csv")

    answer = uploader.post("/members/import/", {"file": upload})

    assert answer.status_code == 200
    page = answer.content.decode()
    assert "1 ميغابايت" in page and not ImportJob.objects.exists()
    assert "200000" in page and "500" in page


def test_the_rejected_rows_file_gives_formulas_back_as_text(uploader, tmp_path):
    body = io.StringIO()
    writer = csv.writer(body)
    writer.writerow(HEADER_AR)
    writer.writerow(["F-1", '=HYPERLINK("http://evil.example","x")', "", "", "", "?"])
    upload = SimpleUploadedFile("formula.csv", body.getvalue().encode(), content_type="text/csv")

    uploader.post("/members/import/", {"file": upload})
    job = ImportJob.objects.get()
    rejected = uploader.get(f"/members/import/{job.pk}/rejected.csv")
    text = b"".join(rejected.streaming_content).decode("utf-8-sig")

    assert job.rejected == 1
    assert "'=HYPERLINK" in text
    assert not any(cell.startswith("=") for row in csv.reader(io.StringIO(text)) for cell in row)
    assert AuditEntry.objects.filter(action="member.export").exists()
    assert get_user_model().objects.filter(username="importer").exists()
