"""Member files in, every row accounted for: imported, updated, unchanged, or rejected with its reason.

Streaming: rows are read one at a time (csv.reader, openpyxl read-only) and written in batches, so memory
stays flat whatever the file size. Idempotent by card number: importing the same file twice changes nothing.
The whole import is one transaction: a failure half-way leaves the registry as it was.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanzim.arabic import name_key
from tanzim.audit.services import audit_record
from tanzim.organization.models import Body
from tanzim.people.models import Person, person_name_key
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from . import parsing
from .models import DuesPayment, Member
from .services import common_path, duplicates_flag

BATCH = 2000
KEPT_REJECTIONS = 1000

PERSON_FIELDS = (
    "first_name_ar",
    "last_name_ar",
    "first_name_latin",
    "last_name_latin",
    "gender",
    "birth_date",
    "cin",
    "phone",
    "commune_id",
)
MEMBER_FIELDS = ("join_date", "local_body_id", "path", "status", "profession", "education_level", "sector")


class MalformedFile(Exception):
    """The file cannot be read as a member list at all (no header, missing required column, not CSV/XLSX)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Rejection:
    row: int
    column: str
    code: str
    message: str
    values: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    headers: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    # The first rejections, for a screen to show; all of them are spooled to `spool` (a temporary file), so
    # memory stays flat on a file where every row is refused.
    rejections: list[Rejection] = field(default_factory=list)
    spool: object = None
    duplicates_flagged: int = 0

    @property
    def balanced(self) -> bool:
        return self.read == self.inserted + self.updated + self.unchanged + self.rejected


# --- reading --------------------------------------------------------------------------------------------------


def read_rows(path: Path) -> Iterator[list]:
    """The file's rows as lists of cells, header first; CSV (UTF-8, `,` or `;`) or XLSX (first sheet)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
            raise MalformedFile(_("This file is not a readable Excel workbook.")) from exc
        try:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                yield list(row)
        finally:
            workbook.close()
        return
    if suffix != ".csv":
        raise MalformedFile(_("Only .csv and .xlsx files can be imported."))
    with path.open("rb") as raw:
        head = raw.read(4096)
    try:
        # Incremental: the 4,096th byte may fall inside an Arabic letter, which is not an encoding error.
        sample = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        raise MalformedFile(_("The CSV file must be saved in UTF-8.")) from None
    delimiter = ";" if sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(",") else ","
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            yield from csv.reader(handle, delimiter=delimiter)
        except UnicodeDecodeError:
            raise MalformedFile(_("The CSV file must be saved in UTF-8.")) from None


# --- communes -------------------------------------------------------------------------------------------------


class CommuneIndex:
    """Find a commune by HCP code, or by Arabic or French name (the same key the name search uses)."""

    def __init__(self):
        self.by_code: dict[str, Territory] = {}
        self.by_name: dict[str, list[Territory]] = {}
        for unit in Territory.objects.filter(level__in=("commune", "arrondissement")).select_related("parent"):
            self.by_code[unit.code] = unit
            for name in {unit.name_ar, unit.name_fr}:
                self.by_name.setdefault(name_key(name), []).append(unit)

    def find(self, text: str) -> Territory:
        if text in self.by_code:
            return self.by_code[text]
        found = self.by_name.get(name_key(text), [])
        communes = [u for u in found if u.level == "commune"] or found
        if len(communes) == 1:
            return communes[0]
        if not communes:
            raise parsing.CellError("unknown_commune", gettext_lazy("No commune has this name or HCP code."))
        raise parsing.CellError(
            "ambiguous_commune",
            gettext_lazy("Several communes have this name: give the HCP code instead."),
        )


# --- the import -----------------------------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    card: str
    person: dict
    member: dict
    dues: list[int]
    values: list[str]


NAME_FIELDS = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")
MAX_LENGTHS = {
    "first_name_ar": 80,
    "last_name_ar": 80,
    "first_name_latin": 80,
    "last_name_latin": 80,
    "profession": 120,
    "card_number": 32,
}


class MemberImporter:
    def __init__(self, *, acting_user, scope: Scope, progress: Callable[[int], None] | None = None):
        self.user = acting_user
        self.scope = scope
        self.progress = progress
        self.today = timezone.localdate()
        self.communes = CommuneIndex()
        self.local_bodies = dict(
            Body.objects.filter(organization__key="party", body_type__level="local").values_list("territory_id", "pk")
        )
        self.report = ImportReport()
        self.seen_cards: set[str] = set()

    def reject(self, number: int, column: str, error: parsing.CellError | str, values: list, code: str = ""):
        message = str(error.message) if isinstance(error, parsing.CellError) else str(error)
        code = error.code if isinstance(error, parsing.CellError) else code
        cleaned = [parsing.clean(v) for v in values]
        self.report.rejected += 1
        if len(self.report.rejections) < KEPT_REJECTIONS:
            self.report.rejections.append(Rejection(number, column, code, message, cleaned))
        if self.report.spool is None:
            # Lives as long as the report; the operating system removes it when it is closed or collected.
            self.report.spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
            self.spool_writer = csv.writer(self.report.spool)
        self.spool_writer.writerow([number, column, message, *cleaned])

    def parse(self, number: int, cells: list, mapping: dict[int, str]) -> Row | None:
        # Each cell cleaned once; a date cell from Excel stays a date.
        raw = {
            name: (cells[i] if isinstance(cells[i], dt.date) else parsing.clean(cells[i])) if i < len(cells) else ""
            for i, name in mapping.items()
        }
        values = list(cells)
        card = raw.get("card_number", "").upper()
        if not card:
            self.reject(number, "card_number", _("The card number is missing."), values, "missing_card_number")
            return None
        if card in self.seen_cards:
            self.reject(
                number,
                "card_number",
                _("This card number appears earlier in the file."),
                values,
                "duplicate_card_in_file",
            )
            return None
        person = {f: raw.get(f, "") for f in NAME_FIELDS}
        if not (person["first_name_ar"] or person["first_name_latin"]):
            self.reject(
                number,
                "first_name_ar",
                _("The first name is missing (in Arabic or in Latin script)."),
                values,
                "missing_name",
            )
            return None
        for name, limit in MAX_LENGTHS.items():
            text = card if name == "card_number" else person.get(name, raw.get(name, ""))
            if len(text) > limit:
                self.reject(
                    number, name, _("Too long: at most %(limit)d characters.") % {"limit": limit}, values, "too_long"
                )
                return None
        member: dict = {}
        dues: list[int] = []
        column = ""
        try:
            column = "gender"
            person["gender"] = parsing.parse_gender(raw.get("gender"))
            column = "birth_date"
            person["birth_date"] = parsing.parse_date(raw.get("birth_date"), today=self.today)
            column = "cin"
            person["cin"] = parsing.parse_cin(raw.get("cin"))
            column = "phone"
            person["phone"] = parsing.parse_phone(raw.get("phone"))
            column = "commune"
            commune_text = raw.get("commune", "")
            commune = self.communes.find(commune_text) if commune_text else None
            if commune is not None and not self.scope.covers(commune.path):
                raise parsing.CellError("outside_scope", gettext_lazy("This commune is outside your territory."))
            if commune is None and not self.scope.national:
                raise parsing.CellError("missing_commune", gettext_lazy("The commune is missing."))
            person["commune_id"] = commune.pk if commune else None
            column = "join_date"
            member["join_date"] = parsing.parse_date(raw.get("join_date"), today=self.today)
            column = "status"
            member["status"] = parsing.parse_status(raw.get("status"))
            column = "sector"
            member["sector"] = parsing.parse_sector(raw.get("sector"))
            column = "education_level"
            member["education_level"] = parsing.parse_education(raw.get("education_level"))
            column = "dues_years"
            dues = parsing.parse_years(raw.get("dues_years"), today=self.today)
        except parsing.CellError as error:
            self.reject(number, column, error, values)
            return None
        member["profession"] = raw.get("profession", "")
        member["local_body_id"] = self.local_bodies.get(person["commune_id"])
        member["path"] = commune.path if commune else ""
        self.seen_cards.add(card)
        return Row(number, card, person, member, dues, values)

    def run(self, path: Path) -> ImportReport:
        rows = read_rows(path)
        header = next(rows, None)
        if not header or not any(parsing.clean(h) for h in header):
            raise MalformedFile(_("The file has no header row."))
        mapping, unknown = map_and_check(header)
        self.report.headers = [parsing.clean(h) for h in header]
        self.report.unknown_columns = unknown
        with transaction.atomic():
            batch: list[Row] = []
            for number, cells in enumerate(rows, start=2):
                if not any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
                    continue  # blank lines are not rows
                self.report.read += 1
                row = self.parse(number, cells, mapping)
                if row is not None:
                    batch.append(row)
                if len(batch) >= BATCH:
                    self.write(batch)
                    batch = []
                if self.progress and self.report.read % 1000 == 0:
                    self.progress(self.report.read)
            if batch:
                self.write(batch)
            audit_record(
                acting_user=self.user,
                action="member.import",
                target_type="members.member",
                territory_path=common_path(self.scope.paths) if not self.scope.national else "",
                changes={
                    "file": path.name,
                    "read": self.report.read,
                    "inserted": self.report.inserted,
                    "updated": self.report.updated,
                    "unchanged": self.report.unchanged,
                    "rejected": self.report.rejected,
                },
            )
        if self.progress:
            self.progress(self.report.read)
        return self.report

    def write(self, batch: list[Row]) -> None:
        self.batches = getattr(self, "batches", 0) + 1
        if connection.vendor == "postgresql" and (self.batches in (2, 5) or self.batches % 50 == 0):
            # A large import changes the tables faster than autovacuum updates their statistics; without them
            # the planner scans whole tables for the duplicate lookups instead of using their indexes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE people_person, members_member")
        existing = {
            m.card_number: m
            for m in Member.objects.select_related("person").filter(card_number__in=[r.card for r in batch])
        }
        # A card held by a member outside the importer's territory is not theirs to update (or to move in).
        outside = {card for card, m in existing.items() if not self.scope.covers(m.path or None)}
        if outside:
            for row in batch:
                if row.card in outside:
                    self.reject(
                        row.number,
                        "card_number",
                        _("This card number belongs to a member outside your territory."),
                        row.values,
                        "card_outside_scope",
                    )
            batch = [r for r in batch if r.card not in outside]
        new_rows = [r for r in batch if r.card not in existing]
        persons = [Person(**r.person) for r in new_rows]
        for person in persons:
            person.name_key = person_name_key(person)
        members = [Member(person=p, card_number=r.card, **r.member) for p, r in zip(persons, new_rows, strict=True)]
        if connection.vendor == "postgresql":
            copy_insert(persons)
            for member, person in zip(members, persons, strict=True):
                member.person = person  # the id now, and the cached person the duplicate check reads
            copy_insert(members)
        else:
            Person.objects.bulk_create(persons, batch_size=BATCH)
            for member, person in zip(members, persons, strict=True):
                member.person = person
            Member.objects.bulk_create(members, batch_size=BATCH)
        self.report.inserted += len(members)
        dues = [DuesPayment(member=m, year=y) for m, r in zip(members, new_rows, strict=True) for y in r.dues]

        changed_persons, changed_members = [], []
        paid: dict[int, set[int]] = {}
        for member_id, year in DuesPayment.objects.filter(member_id__in=[m.pk for m in existing.values()]).values_list(
            "member_id", "year"
        ):
            paid.setdefault(member_id, set()).add(year)
        for row in batch:
            current = existing.get(row.card)
            if current is None:
                continue
            person_diff = [f for f in PERSON_FIELDS if getattr(current.person, f) != row.person[f]]
            member_diff = [f for f in MEMBER_FIELDS if getattr(current, f) != row.member[f]]
            new_years = [y for y in row.dues if y not in paid.get(current.pk, ())]
            if not (person_diff or member_diff or new_years):
                self.report.unchanged += 1
                continue
            for f in person_diff:
                setattr(current.person, f, row.person[f])
            current.person.name_key = person_name_key(current.person)
            for f in member_diff:
                setattr(current, f, row.member[f])
            if member_diff and "status" in member_diff:
                current.status_since = self.today
            changed_persons.append(current.person)
            changed_members.append(current)
            dues.extend(DuesPayment(member=current, year=y) for y in new_years)
            self.report.updated += 1
        if changed_persons:
            Person.objects.bulk_update(changed_persons, [*PERSON_FIELDS, "name_key"], batch_size=BATCH)
            Member.objects.bulk_update(changed_members, [*MEMBER_FIELDS, "status_since"], batch_size=BATCH)
        DuesPayment.objects.bulk_create(dues, batch_size=BATCH, ignore_conflicts=True)
        self.report.duplicates_flagged += duplicates_flag(members + changed_members, fuzzy=False)


def copy_insert(objects: list) -> None:
    """Insert new rows with PostgreSQL's COPY: ids drawn from the table's sequence, every column written.

    The objects are complete model instances (validated by the importer); COPY skips the per-row statement
    overhead of INSERT, which is most of an import's database time.
    """
    if not objects:
        return
    model = type(objects[0])
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",  # noqa: S608
            [len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
            for field in fields:
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    setattr(obj, field.attname, now)
            obj._state.adding = False
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([getattr(obj, f.attname) for f in fields])


def map_and_check(header: list) -> tuple[dict[int, str], list[str]]:
    mapping, unknown = parsing.map_headers(header)
    missing = [f for f in parsing.REQUIRED if f not in mapping.values()]
    if missing:
        raise MalformedFile(
            _("Required columns are missing: %(columns)s.")
            % {"columns": ", ".join(parsing.HEADERS[f][0] for f in missing)}
        )
    if not ({"first_name_ar", "first_name_latin"} & set(mapping.values())):
        raise MalformedFile(_("The file needs a first-name column (الاسم or prénom)."))
    return mapping, unknown


def write_rejections(report: ImportReport, handle: io.TextIOBase) -> None:
    """The rejected rows as a CSV a person can fix and import again: original columns, then the reason."""
    writer = csv.writer(handle)
    width = len(report.headers)
    writer.writerow([*report.headers, _("row"), _("column"), _("reason")])
    if report.spool is None:
        return
    report.spool.seek(0)
    for number, column, message, *values in csv.reader(report.spool):
        writer.writerow([*(values + [""] * width)[:width], number, column, message])


def member_import(*, acting_user, scope: Scope, path: Path, progress=None) -> ImportReport:
    """Import a CSV or XLSX member file. Raises MalformedFile for a file that is not a member list."""
    return MemberImporter(acting_user=acting_user, scope=scope, progress=progress).run(Path(path))
