"""Member files in, every row accounted for: imported, updated, unchanged, or rejected with its reason.

Two phases. Reading: rows are streamed (csv.reader, openpyxl read-only) in batches, checked column by column
with parsing.py's rules and memoized lookups, and loaded into a temporary staging table (COPY on PostgreSQL);
rows refused here are spooled to a temporary file at once. Writing: a few set-based statements compare the
staging table with the registry (by card number), refuse what only the database can see (a card repeated in
the file, a card of a member outside the uploader's territory), insert, update and flag probable duplicates.
Memory stays flat whatever the file size. Idempotent by card number: importing the same file twice changes
nothing. The whole import is one transaction: a failure half-way leaves the registry as it was.
"""

from __future__ import annotations

import codecs
import collections
import csv
import datetime as dt
import io
import json
import multiprocessing
import os
import pickle
import queue
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanzim.arabic import name_key
from tanzim.arabic.sound import names_sound_key
from tanzim.audit.services import audit_record
from tanzim.organization.models import Body
from tanzim.people.footprint import PersonBeyondScope, persons_beyond
from tanzim.people.models import Person
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

from . import checking, parsing
from .declared_years import declared_years_of_import
from .exports import _inert
from .models import DuplicateFlag, DuplicateReason, ImportConflict, Member
from .services import common_path

KEPT_REJECTIONS = 1000


@dataclass(frozen=True)
class ImportLimits:
    """What a web upload may hold; settings TANZIM_IMPORT_MAX_* change it, the import page states it.

    None means no limit (the `import-members` command, run by the platform's administrator on the server).
    """

    megabytes: int | None = None
    rows: int | None = None
    columns: int | None = None
    cell: int | None = None

    @classmethod
    def from_settings(cls) -> ImportLimits:
        return cls(
            megabytes=settings.TANZIM_IMPORT_MAX_MB,
            rows=settings.TANZIM_IMPORT_MAX_ROWS,
            columns=settings.TANZIM_IMPORT_MAX_COLUMNS,
            cell=settings.TANZIM_IMPORT_MAX_CELL,
        )


NO_LIMITS = ImportLimits()
# How much an XLSX may unpack to, per megabyte allowed: an Excel sheet compresses about tenfold.
XLSX_UNPACKED_PER_MB = 20


class MalformedFile(Exception):
    """The file cannot be read as a member list at all (no header, missing required column, not CSV/XLSX)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Problem:
    field: str  # the importer's key (card_number, cin…)
    column: str  # the file's header for it, as the uploader wrote it
    code: str
    message: str
    value: str  # the cell as read
    warning: bool = False  # taken with a warning, not a reason to refuse


@dataclass
class Rejection:
    """A row refused (kind "refused", with every problem it has) or imported with warnings (kind "warning")."""

    row: int
    problems: list[Problem]
    values: list[str] = field(default_factory=list)
    kind: str = "refused"

    @property
    def column(self) -> str:
        return self.problems[0].field

    @property
    def code(self) -> str:
        return self.problems[0].code

    @property
    def message(self) -> str:
        return self.problems[0].message


@dataclass
class ImportReport:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    held: int = 0  # rows whose card belongs to another identity: held as conflicts, not applied
    warned: int = 0  # rows imported with a doubtful optional field
    headers: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    date_columns: list[int] = field(default_factory=list)
    header_of: dict[str, str] = field(default_factory=dict)  # field → the file's header for it
    # The first rejections and warnings, for a screen to show; all of them are spooled to `spool` (a temporary
    # file), so memory stays flat on a file where every row is refused.
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)
    # (kind, code, field) → rows, for the counts by reason.
    reasons: dict[tuple[str, str, str], int] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    spool: IO[str] | None = None
    duplicates_flagged: int = 0
    conflicts: list[int] = field(default_factory=list)  # ImportConflict ids
    # Where the time went (seconds by phase: reading and checking, inserting, indexes, duplicates), for `make bench`
    # and for whoever wonders why a file took as long as it did.
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, phase: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - started

    @property
    def balanced(self) -> bool:
        return self.read == self.inserted + self.updated + self.unchanged + self.rejected + self.held

    def summary(self) -> dict:
        """What the job page shows: counts by reason, the first rows with their problems (JSON-ready)."""

        def rows(kept: list[Rejection]) -> list[dict]:
            return [
                {
                    "row": r.row,
                    "problems": [
                        {"column": p.column, "code": p.code, "message": p.message, "value": p.value} for p in r.problems
                    ],
                }
                for r in kept[:SHOWN_ROWS]
            ]

        headers = dict(self.header_of)
        reasons = [
            {
                "kind": kind,
                "code": code,
                "column": headers.get(field_, field_),
                "message": self.messages.get(code, ""),
                "rows": count,
            }
            for (kind, code, field_), count in sorted(self.reasons.items(), key=lambda item: (item[0][0], -item[1]))
        ]
        return {"reasons": reasons, "refused": rows(self.rejections), "warned": rows(self.warnings)}


SHOWN_ROWS = 20


# --- reading --------------------------------------------------------------------------------------------------


def read_rows(path: Path, limits: ImportLimits = NO_LIMITS) -> Iterator[list]:
    """The file's rows as lists of cells, header first; CSV (UTF-8, `,` or `;`) or XLSX (first sheet).

    An XLSX is read by the cells its sheet really holds, never by the dimension it declares (a few bytes can
    claim a million rows by 16,384 columns), and refused before opening when it would unpack beyond the limits.
    Every failure of a reader is a MalformedFile with a message in the user's language.
    """
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path, limits)
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
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            yield from reader
        except UnicodeDecodeError:
            raise MalformedFile(_("The CSV file must be saved in UTF-8.")) from None
        except csv.Error:
            # The csv module refuses a field over its size limit (or a broken quote) and cannot go on after it.
            raise MalformedFile(
                _("Row %(row)d cannot be read: a cell is too long or a quotation mark is not closed.")
                % {"row": reader.line_num}
            ) from None


def _xlsx_rows(path: Path, limits: ImportLimits) -> Iterator[list]:
    from openpyxl import load_workbook

    if limits.megabytes is not None:
        try:
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise MalformedFile(_("This file is not a readable Excel workbook.")) from None
        if unpacked > limits.megabytes * XLSX_UNPACKED_PER_MB * 1024 * 1024:
            raise MalformedFile(
                _("This workbook unpacks to %(size)d MB, more than an import may hold: split it or save it as CSV.")
                % {"size": unpacked // (1024 * 1024)}
            )
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise MalformedFile(_("This file is not a readable Excel workbook.")) from exc
    try:
        sheet.reset_dimensions()  # the declared A1:XFD1048576 is ignored: rows come as the sheet holds them
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    except MalformedFile:
        raise
    except Exception as exc:
        raise MalformedFile(_("This file is not a readable Excel workbook.")) from exc
    finally:
        workbook.close()


# --- communes -------------------------------------------------------------------------------------------------


def exact_key(text: str) -> str:
    """A place name after trivial normalisation only: case, accents, spaces, hyphens and apostrophes. Zaida and
    Saidate, Msila and Mzilate stay apart here, where the folded name key joins them."""
    return parsing.header_key(text).replace(" ", "")


class CommuneIndex:
    """Find a commune by HCP code, by its exact Arabic or French name, or by its folded name (the key the name
    search uses), in that order; homonyms are told apart by a province column or the uploader's territory."""

    def __init__(self):
        self.by_code: dict[str, Territory] = {}
        self.by_exact: dict[str, list[Territory]] = {}
        self.by_name: dict[str, list[Territory]] = {}
        self.provinces: dict[str, set[str]] = {}  # exact or folded province name → province paths
        units = Territory.objects.filter(level__in=("commune", "arrondissement", "province", "prefecture"))
        for unit in units.only("pk", "code", "path", "level", "name_ar", "name_fr"):
            if unit.level in ("province", "prefecture"):
                for name in {unit.name_ar, unit.name_fr, unit.code}:
                    for key in {exact_key(name), name_key(name)}:
                        self.provinces.setdefault(key, set()).add(unit.path)
                continue
            self.by_code[unit.code] = unit
            for name in {unit.name_ar, unit.name_fr}:
                if name:
                    self.by_exact.setdefault(exact_key(name), []).append(unit)
                    self.by_name.setdefault(name_key(name), []).append(unit)

    def find(self, text: str, *, province: str = "", scope: Scope | None = None) -> Territory:
        if text in self.by_code:
            return self.by_code[text]
        found = self.by_exact.get(exact_key(text)) or self.by_name.get(name_key(text), [])
        found = list({u.pk: u for u in found}.values())
        communes = [u for u in found if u.level == "commune"] or found
        if len(communes) > 1 and province:
            paths = self.provinces.get(exact_key(province)) or self.provinces.get(name_key(province), set())
            communes = [u for u in communes if any(u.path.startswith(p) for p in paths)] or communes
        if len(communes) > 1 and scope is not None and not scope.is_everything:
            communes = [u for u in communes if scope.covers(u.path)] or communes
        if len(communes) == 1:
            return communes[0]
        if not communes:
            raise parsing.CellError("unknown_commune", gettext_lazy("No commune has this name or HCP code."))
        raise parsing.CellError(
            "ambiguous_commune",
            gettext_lazy("Several communes have this name: give the HCP code or a province column."),
        )


# --- the import -----------------------------------------------------------------------------------------------


NAME_FIELDS = parsing.NAME_FIELDS
# The staging table: one row per accepted line of the file, its values typed and checked.
STAGE_COLUMNS = (
    ("n", "integer NOT NULL"),
    ("card", "text NOT NULL"),
    ("first_name_ar", "text NOT NULL"),
    ("last_name_ar", "text NOT NULL"),
    ("first_name_latin", "text NOT NULL"),
    ("last_name_latin", "text NOT NULL"),
    ("gender", "text NOT NULL"),
    ("birth_date", "date"),
    ("cin", "text NOT NULL"),
    ("phone", "text NOT NULL"),
    ("commune_id", "bigint"),
    ("name_key", "text NOT NULL"),
    ("sound_key", "text NOT NULL"),
    ("join_date", "date"),
    ("local_body_id", "bigint"),
    ("path", "text NOT NULL"),
    ("status", "text NOT NULL"),
    ("profession", "text NOT NULL"),
    ("education_level", "text NOT NULL"),
    ("sector", "text NOT NULL"),
    ("dues", "text NOT NULL"),  # years paid, "2023,2024"
)
# Compared with the registry to tell an updated row from an unchanged one (the file's columns, nothing else).
PERSON_FIELDS = (*NAME_FIELDS, "gender", "birth_date", "cin", "phone", "commune_id")
MEMBER_FIELDS = ("join_date", "local_body_id", "path", "status", "profession", "education_level", "sector")
# The registry's fields each column of a file gives: a column the file does not have leaves them as they are.
FIELDS_OF_COLUMN = {"commune": ("commune_id", "path", "local_body_id"), "dues_years": ("dues",)}
STAGE_BATCH = 5000
# From this many new members (and at least as many as the registry holds), indexes are built after the load.
REBUILD_FROM = 20_000
CACHE_LIMIT = 100_000


class Memo(dict):
    """Cell → parsed value (or the CellError), computed on first sight: `[memo[c] for c in column]` runs at C speed.

    Cells equal in Python share an entry (1, 1.0 and True from a workbook), which the parsers read alike anyway.
    """

    def __init__(self, parse: Callable):
        super().__init__()
        self.parse = parse

    def __missing__(self, cell):
        try:
            value = self.parse(cell)
        except parsing.CellError as error:
            value = error
        self[cell] = value
        return value


def _errors(values: list) -> list[int]:
    """Positions of the CellErrors in a column of parsed values."""
    if parsing.CellError not in set(map(type, values)):  # the common case, found at C speed
        return []
    return [i for i, v in enumerate(values) if v.__class__ is parsing.CellError]


class BatchReader:
    """Turns lines of the file into staging rows, a batch at a time, column by column.

    The checks are parsing.py's, and a row refused for several reasons is refused for the first one in the order
    a person reads the row. A registry repeats the same communes, dates, names and statuses over and over, so
    each of those columns keeps a memo of the cells it has seen (text → value or error) and a whole column is
    looked up in one comprehension; card, CIN and phone are nearly unique and are parsed every time. The memos
    are emptied when they grow past CACHE_LIMIT, so memory stays flat.
    """

    def __init__(self, *, mapping: dict[int, str], width: int, scope: Scope, today: dt.date):
        self.index = {field: i for i, field in mapping.items()}
        self.width = width
        self.scope = scope
        self.today = today
        self.communes = CommuneIndex()
        self.local_bodies = dict(
            Body.objects.filter(organization__key="party", body_type__level="local").values_list("territory_id", "pk")
        )
        self.memos = self.new_memos()

    def new_memos(self) -> dict[str, Memo]:
        return {
            "gender": Memo(parsing.parse_gender),
            "birth_date": Memo(self._date),
            "join_date": Memo(self._date),
            "commune": Memo(self._commune),
            "status": Memo(parsing.parse_status),
            "sector": Memo(parsing.parse_sector),
            "education_level": Memo(parsing.parse_education),
            "dues_years": Memo(self._years),
            "profession": Memo(parsing.import_profession),
            **{f: Memo(partial(self._name, field=f)) for f in NAME_FIELDS},
        }

    # Handed to a checking process without its memos (their parsers are closures, and they start empty there).

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "memos"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.memos = self.new_memos()

    # Memoized parsers: their result depends on the cell alone.

    def _date(self, cell):
        value = parsing.parse_date(cell, today=self.today)
        return value.isoformat() if value else None

    def _years(self, cell):
        return ",".join(str(y) for y in parsing.parse_years(cell, today=self.today))

    @staticmethod
    def _name(cell, field: str):
        text = parsing.parse_text(cell, field)
        return text, name_key(text) if text else ""

    def _commune(self, cells):
        cell, province = cells
        text = parsing.clean(cell)
        if not text:
            if not self.scope.national:
                raise parsing.CellError("missing_commune", gettext_lazy("The commune is missing."))
            return None, "", None
        commune = self.communes.find(text, province=parsing.clean(province), scope=self.scope)
        if not self.scope.covers(commune.path):
            raise parsing.CellError("outside_scope", gettext_lazy("This commune is outside your territory."))
        return commune.pk, commune.path, self.local_bodies.get(commune.pk)

    def read(
        self, numbers: list[int], lines: list[list], *, as_copy: bool = False
    ) -> tuple[list[tuple] | bytes, list[tuple], list[tuple], list[tuple]]:
        """For a batch of lines: (staging rows, refusals, warnings, identities of the refused rows); with `as_copy`,
        the staging rows come as the text of PostgreSQL's COPY (see `copy_text`).

        A refusal or a warning is (row number, [(field, code, message, cell)…], cells): every problem of the row,
        not only the first. A refused row's card and identity (what could be read of them) come back too, so that a
        card it shares with another row of the file is told apart from the same person written twice."""
        size = len(lines)
        width = self.width
        padded = [cells if len(cells) >= width else [*cells, *[""] * (width - len(cells))] for cells in lines]
        columns = list(zip(*padded, strict=False)) if padded else []
        blank = [""] * size

        def column(field: str):
            i = self.index.get(field)
            return columns[i] if i is not None and i < len(columns) else blank

        # Every problem of a row, in the order a person reads it: position → [(field, code, message, cell)].
        refused: dict[int, list[tuple]] = {}
        warned: dict[int, list[tuple]] = {}

        def refuse(positions, field: str, code: str = "", message=None, values=None, cells=None) -> None:
            for i in positions:
                error = values[i] if values is not None else None
                cell = cells[i] if cells is not None else ""
                problem = (
                    (field, error.code, error.message, cell) if error is not None else (field, code, message, cell)
                )
                refused.setdefault(i, []).append(problem)

        def checked(field: str, values: list, cells) -> list:
            """Refusals recorded, warnings recorded and replaced by the value they keep."""
            kinds = set(map(type, values))  # at C speed: most columns of most batches hold neither
            if parsing.CellError in kinds:
                refuse(_errors(values), field, values=values, cells=cells)
            if parsing.CellWarning not in kinds:
                return values
            doubts = [i for i, v in enumerate(values) if v.__class__ is parsing.CellWarning]
            for i in doubts:
                warning = values[i]
                warned.setdefault(i, []).append((field, warning.code, warning.message, cells[i], True))
                values[i] = warning.value
            return values

        def parsed(field: str) -> list:
            memo = self.memos[field]
            cells = column(field)
            return checked(field, [memo[c] for c in cells], cells)

        card_cells = column("card_number")
        cards = checked("card_number", [_attempt(parsing.parse_card_number, c) for c in card_cells], card_cells)
        names = [parsed(f) for f in NAME_FIELDS]  # (text, key), or the CellError of a refused cell
        texts = [[v[0] if v.__class__ is tuple else "" for v in values] for values in names]
        name_errors = [set(_errors(values)) for values in names]
        refuse(
            [
                i
                for i, (ar, latin) in enumerate(zip(texts[0], texts[2], strict=True))
                if not (ar or latin) and i not in name_errors[0] and i not in name_errors[2]
            ],
            "first_name_ar",
            "missing_name",
            parsing.MISSING_NAME,
        )
        genders = parsed("gender")
        births = parsed("birth_date")
        cin_cells = column("cin")
        cins = checked("cin", [parsing.import_cin(c) for c in cin_cells], cin_cells)
        phone_cells = column("phone")
        phones = checked("phone", [parsing.import_phone(c) for c in phone_cells], phone_cells)
        commune_cells = column("commune")
        commune_memo = self.memos["commune"]
        communes = checked(
            "commune",
            [commune_memo[pair] for pair in zip(commune_cells, column("province"), strict=True)],
            commune_cells,
        )
        joins = parsed("join_date")
        statuses = parsed("status")
        professions = parsed("profession")
        educations = parsed("education_level")
        sectors = parsed("sector")
        dues = parsed("dues_years")
        for memo in self.memos.values():
            if len(memo) > CACHE_LIMIT:
                memo.clear()

        keys = [
            f" {k} " if (k := " ".join(filter(None, parts))) else ""  # framed as people.models.person_name_key does
            for parts in zip(*[[v[1] if v.__class__ is tuple else "" for v in values] for values in names], strict=True)
        ]
        sound_keys = [names_sound_key(*names) for names in zip(*texts, strict=True)]  # as person_sound_key does
        staging = (
            numbers,
            cards,
            *texts,
            genders,
            births,
            cins,
            phones,
            [c[0] if c.__class__ is tuple else None for c in communes],
            keys,
            sound_keys,
            joins,
            [c[2] if c.__class__ is tuple else None for c in communes],
            [c[1] if c.__class__ is tuple else "" for c in communes],
            statuses,
            professions,
            educations,
            sectors,
            dues,
        )
        warnings = [(numbers[i], warned[i], lines[i]) for i in sorted(warned) if i not in refused]
        kept = [i for i in range(size) if i not in refused] if refused else None
        rows: list[tuple] | bytes
        if as_copy:
            rows = copy_text(staging, kept)
        else:
            staged = zip(*staging, strict=True)
            rows = list(staged) if kept is None else [row for i, row in enumerate(staged) if i not in refused]
        if not refused:
            return rows, [], warnings, []
        refusals = [(numbers[i], refused[i] + warned.get(i, []), lines[i]) for i in sorted(refused)]
        # What a refused row says of its identity, so a card it shares with another row of the file is seen.
        seen = [
            (
                numbers[i],
                cards[i],
                *(t[i] for t in texts),
                cins[i] if cins[i].__class__ is str else "",
                births[i] if births[i].__class__ is str else None,
                communes[i][1] if communes[i].__class__ is tuple else "",
                json.dumps([(p[0], str(p[2]), _cell_text(p[3])) for p in refused[i]], ensure_ascii=False),
            )
            for i in sorted(refused)
            if cards[i].__class__ is str
        ]
        return rows, refusals, warnings, seen


# COPY's text format: a backslash, tab, line feed or carriage return inside a value is escaped; NULL is \N.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_column(values) -> list[str]:
    """A column of staging values (text, integers, None) as COPY writes them."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        joined = "".join(values)
        if "\\" not in joined and "\t" not in joined and "\n" not in joined and "\r" not in joined:
            return list(values)  # the common case: nothing to escape
    return ["\\N" if v is None else v.translate(_COPY_ESCAPES) if v.__class__ is str else str(v) for v in values]


def copy_text(columns, kept: list[int] | None) -> bytes:
    """Staging rows (given as columns, and the positions kept) as the text PostgreSQL's COPY reads: a checking
    process writes it at C speed where the importing process would format row after row."""
    if kept is not None:
        columns = [[column[i] for i in kept] for column in columns]
    if not columns or not columns[0]:
        return b""
    return ("\n".join(map("\t".join, zip(*map(_copy_column, columns), strict=True))) + "\n").encode()


def _cell_text(cell) -> str:
    """A cell as the report writes it: dates as dd/mm/yyyy (never "1974-05-05 00:00:00"), the rest cleaned."""
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    return parsing.clean(cell)


def _problems_json(problems: list[Problem]) -> str:
    return json.dumps(
        [[p.field, p.column, p.code, p.message, p.value, p.warning] for p in problems], ensure_ascii=False
    )


def _problems_of(text: str) -> list[Problem]:
    return [Problem(*item) for item in json.loads(text)]


def _attempt(parser: Callable, cell):
    try:
        return parser(cell)
    except parsing.CellError as error:
        return error


# A file this large is checked on every core: the checks (parsing.py's rules, the name keys) are the import's own
# cost, about 20 µs a row, and a second core halves them while this process reads the file and loads the staging
# table. Below it, starting the processes (Django in each, about a second) costs more than it saves.
PARALLEL_FROM_BYTES = 16_000_000


def checking_pool(path: Path, reader: BatchReader) -> ProcessPoolExecutor | None:
    """Processes that check batches for this import (each holds a copy of `reader`), or None for a small file
    or a machine with one core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores < 2 or path.stat().st_size < PARALLEL_FROM_BYTES:
        return None
    # Spawned, not forked: the web or task process may be running other threads, whose locks a fork would copy.
    return ProcessPoolExecutor(
        max_workers=cores,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=checking.start,
        initargs=(pickle.dumps(reader), translation.get_language() or settings.LANGUAGE_CODE),
    )


class MemberImporter:
    """Reads the file row by row into a staging table, then writes the registry with a few set-based statements.

    Python does what only Python can (parsing.py's checks, the name keys); the database does the rest in one
    pass each: cards matched against the registry, cards repeated in the file or belonging to a member outside
    the uploader's territory refused, new members inserted, changed ones updated, probable duplicates flagged.
    PostgreSQL loads the staging table with COPY; SQLite runs the same statements (a few dialect words differ).
    """

    def __init__(
        self,
        *,
        acting_user,
        scope: Scope,
        progress: Callable[[int], None] | None = None,
        limits: ImportLimits = NO_LIMITS,
        job_id: int | None = None,
    ):
        self.job_id = job_id
        self.user = acting_user
        self.scope = scope
        self.limits = limits
        self.progress = progress
        self.today = timezone.localdate()
        self.report = ImportReport()
        self.postgres = connection.vendor == "postgresql"
        self.year = "y.year" if self.postgres else "y.value"
        self.rebuilt = False  # indexes, unique and foreign keys dropped for the load and built again after it
        self.pool: ProcessPoolExecutor | None = None  # the processes checking a large file's batches
        self.in_flight = 4  # batches handed to the pool and not yet taken back, beyond the one awaited

    def problems(self, found: list[tuple]) -> list[Problem]:
        header_of = self.report.header_of
        return [
            Problem(
                found_[0],
                header_of.get(found_[0], found_[0]),
                found_[1],
                str(found_[2]),
                _cell_text(found_[3]),
                len(found_) > 4,
            )
            for found_ in found
        ]

    def reject(self, number: int, found: list[tuple], values: list, kind: str = "refused") -> None:
        """Record a refused row (or a row imported with warnings) with every problem found in it."""
        cleaned = [_cell_text(v) for v in values]
        problems = self.problems(found)
        report = self.report
        if kind == "refused":
            report.rejected += 1
            kept = report.rejections
        else:
            report.warned += 1
            kept = report.warnings
        for problem in problems:
            reason = ("warning" if problem.warning else "refused", problem.code, problem.field)
            report.reasons[reason] = report.reasons.get(reason, 0) + 1
            report.messages.setdefault(problem.code, problem.message)
        if len(kept) < KEPT_REJECTIONS:
            kept.append(Rejection(number, problems, cleaned, kind))
        if report.spool is None:
            # Lives as long as the report; the operating system removes it when it is closed or collected.
            report.spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
            self.spool_writer = csv.writer(report.spool)
        self.spool_writer.writerow([number, kind, _problems_json(problems), *cleaned])

    def run(self, path: Path) -> ImportReport:
        """Read, check and stage every row first, outside any write transaction (the site keeps answering while
        a large file is read); then write the registry in one short set-based transaction."""
        limits = self.limits
        rows = read_rows(path, limits)
        header = next(rows, None)
        if not header or not any(parsing.clean(h) for h in header):
            raise MalformedFile(_("The file has no header row."))
        while header and (
            header[-1] is None or not str(header[-1]).strip() or parsing.header_key(str(header[-1])) in report_headers()
        ):
            # A sheet's empty columns after the last header, and the columns a report of ours added (outcome,
            # row, problems) when the file is a corrected rejection file: read as the file it came from.
            header = header[:-1]
        if limits.columns is not None and len(header) > limits.columns:
            raise MalformedFile(
                _("The file has %(count)d columns; an import takes at most %(limit)d.")
                % {"count": len(header), "limit": limits.columns}
            )
        mapping, unknown = map_and_check(header)
        self.report.headers = [parsing.clean(h) for h in header]
        self.report.unknown_columns = unknown
        self.mapping = mapping
        self.reverse_mapping = {f: i for i, f in mapping.items()}
        given = {f for column in mapping.values() for f in FIELDS_OF_COLUMN.get(column, (column,))}
        self.person_fields = [f for f in PERSON_FIELDS if f in given]
        self.member_fields = [f for f in MEMBER_FIELDS if f in given]
        self.absent_names = [f for f in NAME_FIELDS if f not in given]
        self.report.header_of = {f: self.report.headers[i] for i, f in mapping.items()}
        self.report.date_columns = [i for i, f in mapping.items() if f in ("birth_date", "join_date")]
        width = len(header)
        reader = BatchReader(mapping=mapping, width=width, scope=self.scope, today=self.today)
        report = self.report
        with connection.cursor() as cursor:
            self.cursor = cursor
            try:
                self.stage_create()
                self.pool = checking_pool(path, reader)
                try:
                    with self.report.timed("checking and staging"):
                        self.stage_all(rows, reader, width)
                finally:
                    if self.pool is not None:
                        self.pool.shutdown(wait=True, cancel_futures=True)
                        self.pool = None
                with transaction.atomic():
                    if self.postgres:
                        # Hash joins and the cards' GROUP BY of a large file stay in memory instead of spilling.
                        cursor.execute("SET LOCAL work_mem = '256MB'")
                        cursor.execute("SET LOCAL gin_pending_list_limit = '1GB'")
                        # Compiling the grouped statements below costs more than it saves (0.5 s a statement at
                        # a million rows), and a small import's statements are too short to gain from it.
                        cursor.execute("SET LOCAL jit = off")
                    self.apply(path)
                    audit_record(
                        acting_user=self.user,
                        action="member.import",
                        target_type="members.member",
                        territory_path=common_path(self.scope.paths) if not self.scope.national else "",
                        changes={
                            "file": path.name,
                            "read": report.read,
                            "inserted": report.inserted,
                            "updated": report.updated,
                            "unchanged": report.unchanged,
                            "rejected": report.rejected,
                            "held": report.held,
                            "warned": report.warned,
                        },
                    )
            finally:
                self.stage_drop()
        if self.progress:
            self.progress(report.read)
        return report

    def too_long(self, number: int, cells: list, limit: int) -> tuple | None:
        """The refusal of a row holding a cell longer than the limit (it keeps the start of each cell), or None."""
        for position, cell in enumerate(cells):
            if cell.__class__ is str and len(cell) > limit:
                field_ = self.mapping.get(position, "")
                found = (
                    field_ or (self.report.headers[position] if position < len(self.report.headers) else ""),
                    "cell_too_long",
                    _("A cell is longer than %(limit)d characters.") % {"limit": limit},
                    cell[:limit],
                )
                return number, [found], [c[:limit] if c.__class__ is str else c for c in cells]
        return None

    def stage_all(self, rows: Iterator[list], reader: BatchReader, width: int) -> None:
        """Read and check the file in a thread of its own while this one loads the checked batches into the
        staging table: the checks of batch N+1 run while the database takes batch N (the driver lets go of the
        interpreter while it waits on the server). Two batches at most wait between them: memory stays flat.
        The reading thread touches no database (the lookups it needs were read before it starts) and speaks the
        uploader's language; whatever it raises (a MalformedFile) is raised here."""
        batches: queue.Queue = queue.Queue(maxsize=2)
        language = translation.get_language()
        stop = threading.Event()

        def produce() -> None:
            try:
                with translation.override(language):
                    for batch in self.checked_batches(rows, reader, width):
                        while not stop.is_set():
                            try:
                                batches.put(batch, timeout=0.5)
                                break
                            except queue.Full:
                                continue
                        if stop.is_set():
                            return
                batches.put(None)
            except BaseException as error:  # handed to the loading thread, which raises it
                batches.put(error)

        producer = threading.Thread(target=produce, name="member-import-reader", daemon=True)
        producer.start()
        try:
            while (batch := batches.get()) is not None:
                if isinstance(batch, BaseException):
                    raise batch
                staged, seen, count = batch
                self.stage_load(staged)
                self.stage_seen(seen)
                self.report.read += count
                if self.progress:
                    self.progress(self.report.read)
        finally:
            stop.set()
            producer.join()

    def raw_batches(self, rows: Iterator[list], width: int) -> Iterator[tuple[list[int], list[list], list[tuple]]]:
        """(row numbers, lines, refusals of the rows with a cell too long) a batch at a time, blank lines left out."""
        limits = self.limits
        numbers: list[int] = []
        lines: list[list] = []
        long_rows: list[tuple] = []
        counted = 0
        for number, cells in enumerate(rows, start=2):
            first = cells[0] if cells else None
            if (first is None or (first.__class__ is str and not first.strip())) and _blank(cells):
                continue  # blank lines are not rows
            counted += 1
            if limits.rows is not None and counted > limits.rows:
                raise MalformedFile(
                    _("The file has more than %(limit)d rows: split it into smaller files.") % {"limit": limits.rows}
                )
            cells = cells[:width]
            if limits.cell is not None and (refusal := self.too_long(number, cells, limits.cell)):
                long_rows.append(refusal)
                continue
            numbers.append(number)
            lines.append(cells)
            if len(lines) >= STAGE_BATCH:
                yield numbers, lines, long_rows
                numbers, lines, long_rows = [], [], []
        if lines or long_rows:
            yield numbers, lines, long_rows

    def checked_batches(self, rows: Iterator[list], reader: BatchReader, width: int) -> Iterator[tuple]:
        """(staging rows, identities of refused rows, lines read) a batch at a time, in the file's order; refusals
        and warnings are recorded on the way (rows refused for a cell too long are counted as read here).

        With a pool of checking processes (a large file), a few batches are checked at once on the other cores
        while this thread reads the next lines; their results are taken back in order."""
        if self.pool is None:
            for numbers, lines, long_rows in self.raw_batches(rows, width):
                yield self.batch_done(reader.read(numbers, lines) if lines else None, numbers, lines, long_rows)
            return
        pending: collections.deque = collections.deque()
        broken = False

        def taken_back(future, numbers: list[int], lines: list[list], long_rows: list) -> tuple:
            nonlocal broken
            checked = None
            if lines and future is not None:
                try:
                    checked = future.result()
                except BrokenProcessPool:  # a checking process died: this thread checks the rest itself
                    broken = True
            if lines and checked is None:
                checked = reader.read(numbers, lines)
            return self.batch_done(checked, numbers, lines, long_rows)

        for numbers, lines, long_rows in self.raw_batches(rows, width):
            future = None
            if lines and not broken:
                try:
                    future = self.pool.submit(checking.read, numbers, lines, self.postgres)
                except BrokenProcessPool:
                    broken = True
            pending.append((future, numbers, lines, long_rows))
            if len(pending) > self.in_flight:
                yield taken_back(*pending.popleft())
        while pending:
            yield taken_back(*pending.popleft())

    def batch_done(self, checked: tuple | None, numbers: list[int], lines: list[list], long_rows: list) -> tuple:
        for number, found, cells in long_rows:
            self.reject(number, found, cells)
        if checked is None:
            return [], [], len(long_rows)
        staged, refusals, warnings, seen = checked
        for number, found, cells in refusals:
            self.reject(number, found, cells)
        for number, found, cells in warnings:
            self.reject(number, found, cells, kind="warning")
        return staged, seen, len(lines) + len(long_rows)

    # --- staging ----------------------------------------------------------------------------------------------

    TEMP_TABLES = (
        "import_row",
        "import_seen",
        "import_reject",
        "import_match",
        "import_held",
        "import_new",
        "import_changed",
        "import_beyond",
    )
    SEEN_COLUMNS = (
        "n",
        "card",
        "first_name_ar",
        "last_name_ar",
        "first_name_latin",
        "last_name_latin",
        "cin",
        "birth_date",
        "path",
        "problems",  # JSON: [(field, message, cell)…], the refusals of the row
    )

    def stage_drop(self) -> None:
        for table in self.TEMP_TABLES:
            self.cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def stage_create(self) -> None:
        self.stage_drop()  # left by an import that ran earlier in the same transaction (tests)
        columns = ", ".join(f"{name} {kind}" for name, kind in STAGE_COLUMNS)
        self.cursor.execute(f"CREATE TEMP TABLE import_row ({columns})")
        kinds = {**dict(STAGE_COLUMNS), "problems": "text NOT NULL"}
        seen = ", ".join(f"{name} {kinds[name]}" for name in self.SEEN_COLUMNS)
        self.cursor.execute(f"CREATE TEMP TABLE import_seen ({seen})")

    def stage_seen(self, seen: list[tuple]) -> None:
        """What the refused rows say of their card and identity (few rows: a plain insert)."""
        if seen:
            names = ", ".join(self.SEEN_COLUMNS)
            marks = ", ".join(["%s"] * len(self.SEEN_COLUMNS))
            self.cursor.executemany(f"INSERT INTO import_seen ({names}) VALUES ({marks})", seen)  # noqa: S608

    def stage_load(self, batch: list[tuple] | bytes) -> None:
        """Rows into the staging table: tuples, or the text of a COPY written by a checking process."""
        if not batch:
            return
        names = ", ".join(name for name, _kind in STAGE_COLUMNS)
        if self.postgres:
            with self.cursor.cursor.copy(f"COPY import_row ({names}) FROM STDIN") as copy:
                if isinstance(batch, bytes):
                    copy.write(batch)
                    return
                for row in batch:
                    copy.write_row(row)
        else:
            if isinstance(batch, bytes):
                raise TypeError("the text of a COPY is written for PostgreSQL only")
            marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
            self.cursor.executemany(f"INSERT INTO import_row ({names}) VALUES ({marks})", batch)  # noqa: S608

    # --- the set-based writes ---------------------------------------------------------------------------------

    def apply(self, path: Path) -> None:
        execute, report = self.cursor.execute, self.report
        ne = "IS DISTINCT FROM" if self.postgres else "IS NOT"
        if self.postgres:
            execute("ANALYZE import_row (n, card)")
        # Refused by the database: a card seen earlier in the file, a card of a member outside the territory.
        execute("CREATE TEMP TABLE import_reject (n integer NOT NULL, col text NOT NULL, code text NOT NULL)")
        self.reject_cards_repeated()
        execute(
            "CREATE TEMP TABLE import_match AS SELECT s.n, m.id AS member_id, m.person_id, m.path AS old_path "
            "FROM import_row s JOIN members_member m ON m.card_number = s.card"
        )
        if not self.scope.is_everything:
            covered, params = self.scope.sql("x.old_path")
            execute(
                "INSERT INTO import_reject (n, col, code) "  # noqa: S608
                "SELECT x.n, 'card_number', 'card_outside_scope' FROM import_match x "
                f"WHERE NOT ({covered}) AND x.n NOT IN (SELECT n FROM import_reject)",
                params,
            )
            self.reject_persons_beyond(ne)
        execute("SELECT count(*) FROM import_reject")
        if self.cursor.fetchone()[0]:
            execute("DELETE FROM import_row WHERE n IN (SELECT n FROM import_reject)")
            execute("DELETE FROM import_match WHERE n IN (SELECT n FROM import_reject)")
            self.spool_database_rejections(path)
        self.hold_conflicts()

        changed = " OR ".join(
            [f"p.{f} {ne} s.{f}" for f in self.person_fields]
            + [f"m.{f} {ne} s.{f}" for f in self.member_fields]
            + ["p.name_key <> s.name_key"]
        )
        execute(
            "CREATE TEMP TABLE import_changed AS "  # noqa: S608
            "SELECT x.n, x.member_id, x.person_id, CASE WHEN m.status <> s.status THEN 1 ELSE 0 END AS new_status "
            "FROM import_match x JOIN import_row s ON s.n = x.n "
            "JOIN people_person p ON p.id = x.person_id JOIN members_member m ON m.id = x.member_id "
            f"WHERE {changed}"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        today = connection.ops.adapt_datefield_value(self.today)
        new_ids = self._new_ids()
        execute(
            # The new rows with all their values: the two inserts below read it alone, without joining it back.
            f"CREATE TEMP TABLE import_new AS SELECT s.*, {new_ids} FROM import_row s "  # noqa: S608
            "WHERE NOT EXISTS (SELECT 1 FROM import_match x WHERE x.n = s.n)"
        )
        execute("SELECT count(*) FROM import_new")
        report.inserted = self.cursor.fetchone()[0]
        if report.inserted:
            self.insert_new(now)

        execute("SELECT count(*) FROM import_match")
        matched = self.cursor.fetchone()[0]
        execute("SELECT count(*) FROM import_changed")
        report.updated = self.cursor.fetchone()[0]
        report.unchanged = matched - report.updated
        if report.updated:
            self.update_changed(now, today)
        # Years of dues go to whoever keeps them (the dues ledger); a row whose only news is a year is an update.
        given = declared_years_of_import(
            self.cursor, self._years("s"), self.year, acting_user=self.user, scope=self.scope
        )
        if given:
            execute("SELECT member_id FROM import_match WHERE member_id NOT IN (SELECT member_id FROM import_changed)")
            report.updated += len(given & {row[0] for row in self.cursor.fetchall()})
            report.unchanged = matched - report.updated
        if report.inserted or report.updated:
            with report.timed("duplicates"):
                report.duplicates_flagged = self.flag_duplicates(now)
        if self.postgres:
            execute("SELECT gin_clean_pending_list(to_regclass('person_name_key_words'))")

    IDENTITY = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "cin", "birth_date")

    def reject_cards_repeated(self) -> None:
        """A card on several rows of the file: the same person written twice keeps the first row (the others are
        refused as repeated); two people under one card hold every row of it as an identity conflict, rows refused
        for another reason included (they stay refused, and their conflict shows why), for the branch to tell which
        is whose. A card of a member beyond the uploader's territory is refused instead, as on a single row. Only
        the few repeated cards are read."""
        identity = ", ".join(self.IDENTITY)
        self.cursor.execute(
            "SELECT n, card, "  # noqa: S608
            f"{identity}, path, problems, staged FROM (SELECT n, card, {identity}, path, '' AS problems, 1 AS staged "
            f"FROM import_row UNION ALL SELECT n, card, {identity}, path, problems, 0 AS staged FROM import_seen) r "
            "WHERE card IN (SELECT card FROM (SELECT card FROM import_row UNION ALL SELECT card FROM import_seen) c "
            "GROUP BY card HAVING count(*) > 1) ORDER BY n"
        )
        groups: dict[str, list[tuple]] = {}
        width = len(self.IDENTITY)
        for n, card, *rest in self.cursor.fetchall():
            found = dict(zip(self.IDENTITY, rest[:width], strict=True))
            found["birth_date"] = str(found["birth_date"])[:10] if found["birth_date"] else None
            groups.setdefault(card, []).append((n, found, *rest[width:]))
        refused: list[tuple[int, str, str]] = []
        two_people: dict[str, list[tuple]] = {}
        for card, rows in groups.items():
            staged = [row[0] for row in rows if row[-1]]
            people = [row[1] for row in rows]
            if any(parsing.identity_differs(a, b) for i, a in enumerate(people) for b in people[i + 1 :]):
                two_people[card] = rows
            else:
                refused += [(n, "card_number", "duplicate_card_in_file") for n in staged[1:]]
        if two_people:
            refused += self.hold_cards_of_two_people(two_people)
        if refused:
            self.cursor.executemany("INSERT INTO import_reject (n, col, code) VALUES (%s, %s, %s)", refused)

    def hold_cards_of_two_people(self, groups: dict[str, list[tuple]]) -> list[tuple[int, str, str]]:
        """Hold every row of each card the file gives to two people as a conflict (none of them is applied);
        returns the refusals instead for a card whose member is beyond the uploader's territory."""
        found = Member.objects.filter(card_number__in=list(groups)).values_list("card_number", "pk", "path")
        members = {card: (pk, path) for card, pk, path in found}
        staged_rows = [row[0] for rows in groups.values() for row in rows if row[-1]]
        columns = [name for name, _kind in STAGE_COLUMNS]
        values_of: dict[int, dict] = {}
        for start in range(0, len(staged_rows), 500):
            chunk = staged_rows[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            self.cursor.execute(f"SELECT {', '.join(columns)} FROM import_row WHERE n IN ({marks})", chunk)  # noqa: S608
            for found in self.cursor.fetchall():
                values = dict(zip(columns, found, strict=True))
                values_of[values["n"]] = values
        header_of = self.report.header_of
        fallback = common_path(self.scope.paths) if not self.scope.national else ""
        refused: list[tuple[int, str, str]] = []
        held: list[ImportConflict] = []
        for card, rows in groups.items():
            member_id, member_path = members.get(card, (None, ""))
            if member_id is not None and not self.scope.covers(member_path):
                refused += [(row[0], "card_number", "card_outside_scope") for row in rows if row[-1]]
                continue
            known = [row[2] for row in rows if row[2]]
            for n, found, path, problems, is_staged in rows:
                others = [{"row": other[0], **other[1]} for other in rows if other[0] != n]
                if is_staged:
                    values = dict(values_of[n])
                    for name in ("n", "card", "path", "name_key", "sound_key"):
                        values.pop(name)
                    values = {k: str(v)[:10] if isinstance(v, dt.date) else v for k, v in values.items()}
                else:
                    values = {
                        **found,
                        "refused": [
                            {"column": header_of.get(f, f), "message": message, "value": cell}
                            for f, message, cell in json.loads(problems)
                        ],
                    }
                values["others"] = others
                place = path or (known[0] if known else fallback)
                held.append(
                    ImportConflict(
                        job_id=self.job_id,
                        member_id=member_id,
                        row=n,
                        card_number=card,
                        values=values,
                        path=member_path if member_id is not None else place,
                        file_path=place,
                    )
                )
        if held:
            ImportConflict.objects.bulk_create(held, batch_size=1000)
            taken = [(c.row,) for c in held if c.values.get("refused") is None]
            self.cursor.executemany("DELETE FROM import_row WHERE n = %s", taken)
            self.report.held += len(taken)
            self.report.conflicts += [c.pk for c in held if c.pk]
        return refused

    def hold_conflicts(self) -> None:
        """Rows whose card belongs to a member with another identity are held as conflicts, never applied.

        The database picks the candidates (a name key, a CIN or a birth date that differs: none on a file
        imported again); parsing.identity_differs tells a typo fixed from another person."""
        columns = [name for name, _kind in STAGE_COLUMNS]
        staged = ", ".join(f"s.{c}" for c in columns)
        registry = ", ".join(f"p.{c}" for c in self.IDENTITY)
        held: list[ImportConflict] = []
        merged: list[tuple] = []
        with connection.chunked_cursor() as candidates:
            candidates.execute(
                f"SELECT x.member_id, x.old_path, {registry}, {staged} FROM import_match x "  # noqa: S608
                "JOIN import_row s ON s.n = x.n JOIN people_person p ON p.id = x.person_id "
                "WHERE s.name_key <> p.name_key OR (s.cin <> '' AND p.cin <> '' AND s.cin <> p.cin) "
                "OR (s.birth_date IS NOT NULL AND p.birth_date IS NOT NULL AND s.birth_date <> p.birth_date)"
            )
            for member_id, old_path, *rest in candidates:
                registry_values = dict(zip(self.IDENTITY, rest[: len(self.IDENTITY)], strict=True))
                values = dict(zip(columns, rest[len(self.IDENTITY) :], strict=True))
                if self.absent_names:
                    # Names the file has no column for are the registry's: compared, kept and keyed as such.
                    for f in self.absent_names:
                        values[f] = registry_values[f]
                    key = " ".join(k for k in (name_key(values[f]) for f in NAME_FIELDS if values[f]) if k)
                    key = f" {key} " if key else ""
                    if key != values["name_key"]:
                        values["name_key"] = key
                        sound = names_sound_key(*(values[f] for f in NAME_FIELDS))
                        merged.append((*(values[f] for f in NAME_FIELDS), key, sound, values["n"]))
                if not parsing.identity_differs(values, registry_values):
                    continue
                row, card, file_path = values.pop("n"), values.pop("card"), values.pop("path")
                values.pop("name_key")
                values = {k: str(v) if isinstance(v, dt.date) else v for k, v in values.items()}
                held.append(
                    ImportConflict(
                        job_id=self.job_id,
                        member_id=member_id,
                        row=row,
                        card_number=card,
                        values=values,
                        path=old_path,
                        file_path=file_path,
                    )
                )
        if merged:
            names = ", ".join(f"{f} = %s" for f in (*NAME_FIELDS, "name_key", "sound_key"))
            self.cursor.executemany(f"UPDATE import_row SET {names} WHERE n = %s", merged)  # noqa: S608
        if not held:
            return
        ImportConflict.objects.bulk_create(held, batch_size=1000)
        self.cursor.execute("CREATE TEMP TABLE import_held (n integer PRIMARY KEY)")
        self.cursor.executemany("INSERT INTO import_held (n) VALUES (%s)", [(c.row,) for c in held])
        self.cursor.execute("DELETE FROM import_row WHERE n IN (SELECT n FROM import_held)")
        self.cursor.execute("DELETE FROM import_match WHERE n IN (SELECT n FROM import_held)")
        self.report.held += len(held)
        self.report.conflicts += [c.pk for c in held if c.pk]

    def reject_persons_beyond(self, ne: str) -> None:
        """A row that would change a person who also holds a place beyond the uploader's territory (a mandate in
        a higher body, a grant), their identity or their member entry, is refused: the file may not rename the
        regional office's deputy head, nor mark him resigned, because he lives in the province. The few such
        persons are read once, not per row."""
        beyond = sorted(persons_beyond(self.scope, today=self.today))
        if not beyond:
            return
        self.cursor.execute("CREATE TEMP TABLE import_beyond (person_id bigint PRIMARY KEY)")
        self.cursor.executemany("INSERT INTO import_beyond (person_id) VALUES (%s)", [(pk,) for pk in beyond])
        differs = " OR ".join(
            [f"p.{f} {ne} s.{f}" for f in self.person_fields] + [f"m.{f} {ne} s.{f}" for f in self.member_fields]
        )
        self.cursor.execute(
            "INSERT INTO import_reject (n, col, code) "  # noqa: S608
            "SELECT x.n, 'card_number', 'person_beyond_scope' FROM import_match x "
            "JOIN import_beyond b ON b.person_id = x.person_id JOIN import_row s ON s.n = x.n "
            "JOIN people_person p ON p.id = x.person_id JOIN members_member m ON m.id = x.member_id "
            f"WHERE ({differs}) AND x.n NOT IN (SELECT n FROM import_reject)"
        )

    def _new_ids(self) -> str:
        """SQL giving each new row the ids of its person and member."""
        if self.postgres:
            self.cursor.execute(
                "SELECT pg_get_serial_sequence('people_person', 'id')::regclass::oid, "
                "pg_get_serial_sequence('members_member', 'id')::regclass::oid"
            )
            person_sequence, member_sequence = (int(oid) for oid in self.cursor.fetchone())
            return (
                f"nextval({person_sequence}::regclass) AS person_id, nextval({member_sequence}::regclass) AS member_id"
            )
        # SQLite: the transaction holds the write lock from its start (transaction_mode IMMEDIATE), so ids above
        # the current largest cannot be taken by anybody else before the rows are in.
        self.cursor.execute("SELECT coalesce(max(id), 0) FROM people_person")
        person_base = int(self.cursor.fetchone()[0])
        self.cursor.execute("SELECT coalesce(max(id), 0) FROM members_member")
        member_base = int(self.cursor.fetchone()[0])
        return f"{person_base} + s.n AS person_id, {member_base} + s.n AS member_id"

    def _years(self, alias: str) -> str:
        """A FROM item listing the dues years of staging row `alias`, each as `self.year`."""
        if self.postgres:
            return f"unnest(string_to_array({alias}.dues, ',')::integer[]) AS y(year)"
        # A table-valued function may read the row before it in FROM; a subquery may not (no LATERAL).
        return f"json_each('[' || {alias}.dues || ']') AS y"

    def structures_to_rebuild(self) -> list[tuple[str, str]]:
        """(drop, create) statements for the person and member tables' plain indexes and foreign keys, when this
        import at least doubles the registry; none otherwise.

        Building an index once after the rows are in costs a fraction of updating it row by row (the name words'
        full-text index most of all), and a foreign key added back checks every row in one join instead of one
        query per row; so a first load, or a load as large as the registry, drops them and creates them again,
        in the same transaction (a failure puts them back). Keys and unique constraints (cards) stay. Readers of
        the registry wait for the import to commit meanwhile; a smaller import keeps everything in place and
        only holds back the word index's work to its end (a pending list emptied at once).
        """
        if not self.postgres:
            return []
        self.cursor.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'members_member'::regclass")
        if self.report.inserted < max(self.cursor.fetchone()[0], REBUILD_FROM):
            return []
        tables = "('people_person'::regclass, 'members_member'::regclass)"
        self.cursor.execute(
            "SELECT 'DROP INDEX ' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "  # noqa: S608
            f"FROM pg_index i WHERE i.indrelid IN {tables} AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1"
        )
        indexes = self.cursor.fetchall()
        # Unique constraints (the member's card and person) first, foreign keys after: no key points at the former.
        self.cursor.execute(
            "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname), "  # noqa: S608
            "format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) "
            f"FROM pg_constraint WHERE contype IN ('u', 'f') AND conrelid IN {tables} ORDER BY contype DESC, 1"
        )
        self.rebuilt = True
        return indexes + self.cursor.fetchall()

    def insert_new(self, now) -> None:
        rebuild = self.structures_to_rebuild()
        if rebuild:
            # Checks still waiting for the commit (rows written earlier in the transaction) run now: PostgreSQL
            # alters no table with checks pending.
            self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            self.cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for drop, _create in rebuild:
            self.cursor.execute(drop)
        stage = {f: f"s.{f}" for f in PERSON_FIELDS}
        with self.report.timed("inserting"):
            insert_select(
                self.cursor,
                Person,
                {"id": "s.person_id", **stage, "name_key": "s.name_key", "sound_key": "s.sound_key"},
                "FROM import_new s",
                now,
            )
            insert_select(
                self.cursor,
                Member,
                {
                    "id": "s.member_id",
                    "person_id": "s.person_id",
                    "card_number": "s.card",
                    **{f: f"s.{f}" for f in MEMBER_FIELDS},
                },
                "FROM import_new s",
                now,
            )
        with self.report.timed("indexes and keys"):
            for _drop, create in rebuild:
                self.cursor.execute(create)

    def update_changed(self, now, today) -> None:
        execute = self.cursor.execute
        person_set = ", ".join(f"{f} = s.{f}" for f in (*self.person_fields, "name_key", "sound_key"))
        execute(
            f"UPDATE people_person SET {person_set}, updated_at = %s "  # noqa: S608
            "FROM import_changed c JOIN import_row s ON s.n = c.n WHERE people_person.id = c.person_id",
            [now],
        )
        member_set = ", ".join(f"{f} = s.{f}" for f in self.member_fields)
        execute(
            f"UPDATE members_member SET {member_set}, updated_at = %s, "  # noqa: S608
            "status_since = CASE WHEN c.new_status = 1 THEN %s ELSE members_member.status_since END "
            "FROM import_changed c JOIN import_row s ON s.n = c.n WHERE members_member.id = c.member_id",
            [now, today],
        )

    def flag_duplicates(self, now) -> int:
        """Flag the new and changed members who probably are someone already in the registry (or in the file).

        The same rules as services.duplicates_flag for an import: same CIN, same phone, or the same birth date
        with the same name key; one flag per pair, the first reason in that order. Returns how many are new.
        """
        if self.rebuilt:
            return self.flag_duplicates_in_bulk(now)
        if self.postgres and self.report.inserted > 10_000:
            # The registry grew faster than autovacuum refreshes the planner's figures; stale ones make it
            # answer the joins below with nested loops over the whole table.
            self.cursor.execute(
                "ANALYZE people_person (id, cin, phone, birth_date, name_key), members_member (id, person_id)"
            )
        if self.postgres:
            self.cursor.execute("ANALYZE import_new, import_changed")  # a few rows: index lookups, not table scans
        # A new member's values are read from the staging row they were written from (one join fewer); a changed
        # one's from the registry (a column the file does not have kept its value there).
        touched = (
            "import_new t JOIN import_row p ON p.n = t.n",
            "import_changed t JOIN people_person p ON p.id = t.person_id",
        )
        criteria = (
            (1, "q.cin = p.cin", "p.cin <> ''"),
            (2, "q.phone = p.phone", "p.phone <> ''"),
            (3, "q.birth_date = p.birth_date AND q.name_key = p.name_key", "p.birth_date IS NOT NULL"),
        )
        candidates = " UNION ALL ".join(
            f"SELECT t.member_id AS mine, q.id AS other, {prio} AS prio FROM {source} "  # noqa: S608
            f"JOIN people_person q ON {join} AND q.id <> t.person_id WHERE {where}"
            for prio, join, where in criteria
            for source in touched
        )
        low, high = ("least", "greatest") if self.postgres else ("min", "max")
        pairs = (
            f"FROM (SELECT {low}(c.mine, m.id) AS a, {high}(c.mine, m.id) AS b, min(c.prio) AS prio "  # noqa: S608
            f"FROM ({candidates}) c JOIN members_member m ON m.person_id = c.other GROUP BY 1, 2) f WHERE true"
        )
        return self.insert_flags(pairs, now)

    def flag_duplicates_in_bulk(self, now) -> int:
        """The same flags as `flag_duplicates`, for a load as large as the registry (its indexes were rebuilt).

        Joining every new row to the registry on each criterion reads the whole registry three times over for a
        few thousand pairs (15 s at a million rows). Here the values held by more than one person are found first,
        one grouped pass per criterion (a hash of the distinct values), and only the persons holding them are
        paired: the same pairs, the same first reason, in a fraction of the time."""
        execute = self.cursor.execute
        # (priority, the value paired on, the columns grouped to find it: the birth date and name as they are,
        # not their text, which would be written out for every person twice)
        keys = (
            (1, "cin", "cin", "cin <> ''"),
            (2, "phone", "phone", "phone <> ''"),
            (3, "birth_date::text || ' ' || name_key", "birth_date, name_key", "birth_date IS NOT NULL"),
        )
        execute("DROP TABLE IF EXISTS import_dupkey")
        # The registry was just loaded in this transaction, where autovacuum cannot see it: without statistics the
        # planner takes a million values for a few hundred and sorts them instead of hashing.
        execute("ANALYZE people_person (cin, phone, birth_date, name_key)")
        # A parallel plan here has each worker build the same grouped table of the registry again (the grouping
        # is not shared between them): on two cores the three of them took 4.9 s where one process takes 3.3 s.
        execute("SET LOCAL max_parallel_workers_per_gather = 0")
        held_twice = " UNION ALL ".join(
            f"SELECT id AS person_id, {prio} AS prio, {key} AS k FROM people_person "  # noqa: S608
            f"WHERE {where} AND ({columns}) IN "
            f"(SELECT {columns} FROM people_person WHERE {where} GROUP BY {columns} HAVING count(*) > 1)"
            for prio, key, columns, where in keys
        )
        execute(f"CREATE TEMP TABLE import_dupkey AS {held_twice}")
        execute("ANALYZE import_dupkey")
        touched = (
            "SELECT person_id, member_id FROM import_new UNION ALL SELECT person_id, member_id FROM import_changed"
        )
        pairs = (
            "FROM (SELECT least(t.member_id, m.id) AS a, greatest(t.member_id, m.id) AS b, min(d.prio) AS prio "  # noqa: S608
            "FROM import_dupkey d JOIN import_dupkey o ON o.prio = d.prio AND o.k = d.k AND o.person_id <> d.person_id "
            f"JOIN ({touched}) t ON t.person_id = d.person_id JOIN members_member m ON m.person_id = o.person_id "
            "GROUP BY 1, 2) f WHERE true"
        )
        flagged = self.insert_flags(pairs, now)
        execute("DROP TABLE import_dupkey")
        return flagged

    def insert_flags(self, pairs: str, now) -> int:
        """Write the flags of `pairs` (a FROM clause giving f.a, f.b and f.prio, the first criterion met), each
        pair once; a pair already flagged stays as it is."""
        reasons = " ".join(
            f"WHEN {prio} THEN '{reason}'"
            for prio, reason in enumerate(
                (DuplicateReason.SAME_CIN, DuplicateReason.SAME_PHONE, DuplicateReason.CLOSE_NAME), start=1
            )
        )
        return insert_select(
            self.cursor,
            DuplicateFlag,
            {"first_id": "f.a", "second_id": "f.b", "reason": f"CASE f.prio {reasons} END"},
            pairs,
            now,
            suffix=" ON CONFLICT DO NOTHING",
        )

    def spool_database_rejections(self, path: Path) -> None:
        """Add the rows the database refused to the rejections, in row order, with their cells read again.

        Both streams are in row order: the spool of the rows refused while reading, and the database's refusals
        (read with a server-side cursor) matched with the file read a second time. Memory stays flat.
        """
        messages = {
            "duplicate_card_in_file": _("This card number appears earlier in the file, for the same person."),
            "card_other_person_in_file": _(
                "This card number is on another row of the file with another person: every row of it is held back."
            ),
            "card_outside_scope": _("This card number belongs to a member outside your territory."),
            "person_beyond_scope": PersonBeyondScope().message,
        }
        report = self.report
        width = len(report.headers)
        earlier = _spooled(report.spool)
        waiting = next(earlier, None)
        report.spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        self.spool_writer = writer = csv.writer(report.spool)
        kept: list[Rejection] = []
        lines = read_rows(path)
        next(lines, None)  # the header
        numbered = enumerate(lines, start=2)
        with connection.chunked_cursor() as refused:
            refused.execute("SELECT n, col, code FROM import_reject ORDER BY n")
            for n, column, code in refused:
                cells = next(line for number, line in numbered if number == n)[:width]
                while waiting is not None and waiting[0] < n:
                    writer.writerow(waiting)
                    waiting = next(earlier, None)
                cell = cells[self.reverse_mapping[column]] if column in self.reverse_mapping else ""
                found: list[tuple] = [(column, code, messages[code], cell)]
                if waiting is not None and waiting[0] == n:  # a row taken with warnings, refused here
                    found += [
                        (p.field, p.code, p.message, p.value, True) for p in _problems_of(waiting[2]) if p.warning
                    ]
                    report.warned -= 1
                    report.warnings = [w for w in report.warnings if w.row != n]
                    for p in _problems_of(waiting[2]):
                        key = ("warning", p.code, p.field)
                        report.reasons[key] -= 1
                        if not report.reasons[key]:
                            del report.reasons[key]
                    waiting = next(earlier, None)
                problems = self.problems(found)
                values = [_cell_text(v) for v in cells]
                writer.writerow([n, "refused", _problems_json(problems), *values])
                report.rejected += 1
                reason = ("refused", code, column)
                report.reasons[reason] = report.reasons.get(reason, 0) + 1
                report.messages.setdefault(code, str(messages[code]))
                for p in problems[1:]:
                    key = ("warning", p.code, p.field)
                    report.reasons[key] = report.reasons.get(key, 0) + 1
                if len(kept) < KEPT_REJECTIONS:
                    kept.append(Rejection(n, problems, values))
        while waiting is not None:
            writer.writerow(waiting)
            waiting = next(earlier, None)
        report.rejections = sorted(report.rejections + kept, key=lambda r: r.row)[:KEPT_REJECTIONS]


def _spooled(handle) -> Iterator[list]:
    """The rows of a rejection spool, row number first (as an int)."""
    if handle is None:
        return
    handle.seek(0)
    for number, *rest in csv.reader(handle):
        yield [int(number), *rest]


def _blank(cells: list) -> bool:
    return all(cell is None or (cell.__class__ is str and not cell.strip()) for cell in cells)


def insert_select(cursor, model, exprs: dict[str, str], source: str, now, suffix: str = "") -> int:
    """INSERT INTO the model's table SELECT `exprs` (by column) `source`; every other column gets its default.

    Columns are taken from the model, so a field added later is written with its default, not forgotten.
    Returns the number of rows inserted.
    """
    postgres = connection.vendor == "postgresql"
    columns, values, params = [], [], []
    for f in model._meta.concrete_fields:
        if f.column in exprs:
            expr = exprs[f.column]
        elif f.primary_key:
            continue
        else:
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            params.append(now if auto else f.get_db_prep_save(f.get_default(), connection))
            expr = f"CAST(%s AS {f.db_type(connection)})" if postgres else "%s"
        columns.append(connection.ops.quote_name(f.column))
        values.append(expr)
    table = connection.ops.quote_name(model._meta.db_table)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} {source}{suffix}",
        params,
    )
    return cursor.rowcount


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


# The columns a report adds after the file's own; recognised (in every language) when a corrected report comes back.
REPORT_COLUMNS = (gettext_lazy("outcome"), gettext_lazy("row"), gettext_lazy("problems"))
_OLD_REPORT_COLUMNS = ("column", "reason")  # what reports wrote before their problems were listed together


@cache
def report_headers() -> frozenset[str]:
    from django.utils import translation

    keys: set[str] = set()
    for language in ("ar", "fr", "en"):
        with translation.override(language):
            keys.update(parsing.header_key(str(h)) for h in (*REPORT_COLUMNS, *_OLD_REPORT_COLUMNS))
    return frozenset(keys)


def report_rows(report: ImportReport) -> Iterator[list]:
    """The report's rows, header first: the file's own columns as the uploader wrote them (the import reads them
    back as they are), then the outcome, the row number and every problem of the row ("column: reason (value)")."""
    width = len(report.headers)
    yield [*report.headers, *(str(h) for h in REPORT_COLUMNS)]
    if report.spool is None:
        return
    report.spool.seek(0)
    outcome = {"refused": _("refused"), "warning": _("imported, to check")}
    for number, kind, problems, *values in csv.reader(report.spool):
        said = "; ".join(
            f"{p.column}: {p.message}" + (f" ({p.value})" if p.value else "") for p in _problems_of(problems)
        )
        yield [*(values + [""] * width)[:width], outcome.get(kind, kind), int(number), said]


def write_rejections(report: ImportReport, handle: io.TextIOBase) -> None:
    """The refused rows and the rows taken with a warning, as a CSV a person can fix and import again."""
    writer = csv.writer(handle)
    for row in report_rows(report):
        # A cell typed as "=HYPERLINK(…)" comes back as text, as in the exports: the file is opened in a spreadsheet.
        writer.writerow([_inert(v) if isinstance(v, str) else v for v in row])


def write_rejections_xlsx(report: ImportReport, target: Path) -> None:
    """The same report as a workbook: dates in the file's date columns as dates, shown dd/mm/yyyy."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    dates = set(report.date_columns)
    for index, row in enumerate(report_rows(report)):
        cells = []
        for position, value in enumerate(row):
            if index and position in dates and value:
                try:
                    day = parsing.parse_date(value)
                except parsing.CellError:
                    day = None  # a date that could not be read stays as it was typed
                if day is not None:
                    cell = WriteOnlyCell(sheet, value=dt.datetime.combine(day, dt.time()))
                    cell.number_format = "DD/MM/YYYY"
                    cells.append(cell)
                    continue
            cells.append(_inert(value) if isinstance(value, str) else value)
        sheet.append(cells)
    workbook.save(target)


def import_template(fmt: str, *, language: str) -> tuple[bytes, str]:
    """An empty member file with the template's headers in `language` (ar or fr): (content, content type)."""
    headers = list(parsing.TEMPLATE_HEADERS["fr" if language.startswith("fr") else "ar"].values())
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        workbook = Workbook()
        sheet = workbook.worksheets[0]
        sheet.append(headers)
        formats = {"birth_date": "DD/MM/YYYY", "join_date": "DD/MM/YYYY", "card_number": "@", "cin": "@", "phone": "@"}
        for position, field_ in enumerate(parsing.TEMPLATE_HEADERS["ar"], start=1):
            if field_ in formats:  # dates typed as dates; a phone keeps its leading 0 as text
                sheet.column_dimensions[get_column_letter(position)].number_format = formats[field_]
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    text = io.StringIO()
    csv.writer(text).writerow(headers)
    return ("\ufeff" + text.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def member_import(
    *, acting_user, scope: Scope, path: Path, progress=None, limits: ImportLimits = NO_LIMITS, job_id=None
) -> ImportReport:
    """Import a CSV or XLSX member file. Raises MalformedFile for a file that is not a member list (or is beyond
    the limits): nothing is written then."""
    importer = MemberImporter(acting_user=acting_user, scope=scope, progress=progress, limits=limits, job_id=job_id)
    return importer.run(Path(path))
