"""`tanzim bench`: the member import and the name search at scale, measured in one run on PostgreSQL.

Prints rows/s of `member_import`, its peak RSS (in a child process that only imports), the time of a raw COPY
of the same rows into a bare table and the ratio, the import's floor (its rows landed in twin tables, their indexes
and keys rebuilt) and the import / floor ratio, then p50/p95, recall and precision of name searches with
spelling variants: in the script a name is written in, and across scripts (a Latin query for a name written in
Arabic only, and back). Synthetic data only: generated names, never real people.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.db.models import QuerySet

from tanzim.territory.models import Territory

from .bench_names import FAMILY, MEN, WOMEN, pick_family, pick_man, pick_woman
from .importer import read_rows
from .parsing import HEADERS

COLUMNS = [
    "card_number",
    "last_name_ar",
    "first_name_ar",
    "last_name_latin",
    "first_name_latin",
    "gender",
    "birth_date",
    "cin",
    "phone",
    "commune",
    "join_date",
    "status",
    "profession",
]
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
# Most branch files write names in one script only, Arabic more often: shares of rows with no Latin name, and with
# no Arabic name. The others have both.
ARABIC_ONLY = 0.35
LATIN_ONLY = 0.15
PROFESSIONS = ["أستاذ", "محام", "طبيب", "مهندس", "فلاح", "تاجر", "طالب", "موظف", "ممرضة", "متقاعد"]


def generate(path: Path, n: int, seed: int = 2026) -> None:
    """Write n synthetic member rows (Arabic headers, both scripts) to a CSV file, streaming.

    Names follow bench_names: common given names, thousands of family names, Zipf-like frequencies.
    """
    rng = random.Random(seed)
    communes = list(Territory.objects.filter(level="commune").values_list("code", flat=True))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([HEADERS[c][0] for c in COLUMNS])
        for i in range(n):
            female = rng.random() < 0.38
            first_ar, first_lat = pick_woman(rng) if female else pick_man(rng)
            last_ar, last_lat = pick_family(rng)
            script = rng.random()
            if script < ARABIC_ONLY:
                first_lat = last_lat = ""
            elif script < ARABIC_ONLY + LATIN_ONLY:
                first_ar = last_ar = ""
            writer.writerow(
                [
                    f"B{i:08d}",
                    last_ar,
                    first_ar,
                    last_lat,
                    first_lat,
                    "f" if female else "m",
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 2006)}",
                    f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}{i % 1000000:06d}",
                    f"06{rng.choice('1267')}{rng.randint(0, 9)}{rng.randint(0, 999999):06d}",
                    rng.choice(communes),
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2000, 2025)}",
                    "active" if rng.random() < 0.9 else "lapsed",
                    rng.choice(PROFESSIONS),
                ]
            )


def raw_copy_seconds(path: Path) -> float:
    """COPY the same rows into a bare table (all text), the floor any import is measured against."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw")
        cursor.execute("CREATE UNLOGGED TABLE bench_raw (" + ", ".join(f"{c} text" for c in COLUMNS) + ")")
        started = time.perf_counter()
        with path.open("rb") as handle, cursor.copy("COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw")
    return seconds


# The registry's two tables, in the order their rows must land (members point at persons).
FLOOR_TABLES = ("people_person", "members_member")


def _floor_name(table: str) -> str:
    return "floor_" + table.split("_", 1)[1]


def _rename_tables(definition: str) -> str:
    """An index's or constraint's definition with the registry's tables replaced by their floor twins."""
    for table in FLOOR_TABLES:
        definition = re.sub(rf"\b(public\.)?{table}\b", _floor_name(table), definition)
    return definition


def floor_figures(*, separate: bool = True) -> dict:
    """The import's honest floor: the rows `member_import` left in people_person and members_member (its own
    normalized output), COPYed in binary into two new tables with the same columns, defaults and NOT NULLs but no
    index or key, then every index, constraint and foreign key the real tables carry built again on them. Only the
    landing (COPY FROM) and the rebuilding are timed: the rows are first copied out to a file, untimed, as the CSV
    is given to the import. Runs on a connection of its own (separate=False: on Django's, inside the caller's
    transaction, as the tests do) and drops its tables whatever happens."""
    import tempfile

    from django.db import connections

    figures: dict = {"rows": 0, "copy_seconds": 0.0, "index_seconds": 0.0, "key_seconds": 0.0, "indexes": 0}
    wrapper = connections["default"]
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        if separate:
            db = stack.enter_context(wrapper.get_new_connection(wrapper.get_connection_params()))
            db.autocommit = True
            cursor = db.cursor()
        else:
            cursor = stack.enter_context(wrapper.cursor())
        try:
            for table in FLOOR_TABLES:
                floor = _floor_name(table)
                cursor.execute(f"DROP TABLE IF EXISTS {floor} CASCADE")
                cursor.execute(f"CREATE TABLE {floor} (LIKE {table} INCLUDING DEFAULTS INCLUDING GENERATED)")
                # Only the columns the import writes: generated ones are computed again on landing.
                cursor.execute(
                    "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                    "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
                    [table],
                )
                columns = ", ".join(f'"{name}"' for (name,) in cursor.fetchall())
                dump = Path(folder) / f"{table}.bin"
                with (
                    dump.open("wb") as handle,
                    # Names from FLOOR_TABLES and pg_attribute, never from input.
                    cursor.copy(f"COPY (SELECT {columns} FROM {table}) TO STDOUT (FORMAT binary)") as copy,  # noqa: S608
                ):
                    for chunk in copy:
                        handle.write(chunk)
                started = time.perf_counter()
                with (
                    dump.open("rb") as handle,
                    cursor.copy(f"COPY {floor} ({columns}) FROM STDIN (FORMAT binary)") as copy,
                ):
                    while chunk := handle.read(1 << 20):
                        copy.write(chunk)
                figures["copy_seconds"] += time.perf_counter() - started
                cursor.execute(f"SELECT count(*) FROM {floor}")  # noqa: S608
                figures["rows"] += cursor.fetchone()[0]
            # Primary keys, unique and check constraints first (foreign keys need the keys they point at), then
            # the indexes no constraint owns, then the foreign keys.
            for table in FLOOR_TABLES:
                cursor.execute(
                    "SELECT contype, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'c', 'x') ORDER BY contype DESC, conname",
                    [table],
                )
                for _kind, definition in cursor.fetchall():
                    started = time.perf_counter()
                    cursor.execute(f"ALTER TABLE {_floor_name(table)} ADD {_rename_tables(definition)}")
                    figures["index_seconds"] += time.perf_counter() - started
                    figures["indexes"] += 1
                cursor.execute(
                    "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = %s::regclass "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
                    "AND c.conrelid = i.indrelid) ORDER BY i.indexrelid",
                    [table],
                )
                for (definition,) in cursor.fetchall():
                    # The index's own name is kept out: the real table's index holds it.
                    definition = re.sub(r"^CREATE (UNIQUE )?INDEX \S+ ON ", r"CREATE \1INDEX ON ", definition)
                    started = time.perf_counter()
                    cursor.execute(_rename_tables(definition))
                    figures["index_seconds"] += time.perf_counter() - started
                    figures["indexes"] += 1
            figures["foreign_keys"] = 0
            for table in FLOOR_TABLES:
                cursor.execute(
                    "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                    "AND contype = 'f' ORDER BY conname",
                    [table],
                )
                for (definition,) in cursor.fetchall():
                    started = time.perf_counter()
                    cursor.execute(f"ALTER TABLE {_floor_name(table)} ADD {_rename_tables(definition)}")
                    figures["key_seconds"] += time.perf_counter() - started
                    figures["foreign_keys"] += 1
        finally:
            for table in reversed(FLOOR_TABLES):
                cursor.execute(f"DROP TABLE IF EXISTS {_floor_name(table)} CASCADE")
    figures["seconds"] = figures["copy_seconds"] + figures["index_seconds"] + figures["key_seconds"]
    return figures


def import_in_child(path: Path) -> dict:
    """Run the import in a fresh process so its peak RSS is the import's own (and its checking processes' peak,
    the largest of them, apart)."""
    code = (
        "import json, resource, sys, time, django; django.setup();"
        "from tanzim.members.importer import member_import; from tanzim.territory.scope import Scope;"
        "t = time.perf_counter(); r = member_import(acting_user=None, scope=Scope.everything(), path=sys.argv[1]);"
        "s = time.perf_counter() - t;"
        "print(json.dumps({'seconds': s, 'read': r.read, 'inserted': r.inserted, 'updated': r.updated,"
        " 'unchanged': r.unchanged, 'rejected': r.rejected, 'phases': r.seconds,"
        " 'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
        " 'checking_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True, env=os.environ.copy()
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def variant(text: str, rng: random.Random) -> str:
    """A plausible other spelling of a name, as another official would type it."""
    swaps = [
        ("ة", "ه"),
        ("ى", "ي"),
        ("أ", "ا"),
        ("إ", "ا"),
        ("عبد ال", "عبدال"),
        ("عبدال", "عبد ال"),
        ("Mohamed", "Mohammed"),
        ("Youssef", "Yousef"),
        ("ss", "s"),
        ("ou", "u"),
        ("Abdel", "Abd El "),
        ("ch", "sh"),
        ("Mustapha", "Mustafa"),
        ("El ", ""),
        ("k", "kk"),
        ("ll", "l"),
        ("Ben", "Ben "),
        ("Ou", "W"),
        ("ai", "ay"),
        ("ي ", "ى "),
    ]
    rng.shuffle(swaps)
    for old, new in swaps[:3]:
        if old in text:
            text = text.replace(old, new, 1)
    if rng.random() < 0.3 and any("\u0600" <= c <= "\u06ff" for c in text):
        text = text[:2] + "\u064e" + text[2:]  # a fatha somebody typed
    return text


def _other_spelling() -> tuple[dict, dict]:
    """Each given and family name's spelling in the other script, both ways (the generator's pairs)."""
    given: dict[str, str] = {}
    family: dict[str, str] = {}
    for ar, latin in MEN + WOMEN:
        given.setdefault(ar, latin)
        given.setdefault(latin, ar)
    for ar, latin in FAMILY:
        family.setdefault(ar, latin)
        family.setdefault(latin, ar)
    return given, family


def _percentile(times: list[float], share: float) -> float:
    return sorted(times)[int(len(times) * share)] if times else 0.0


def search_figures(samples: int, seed: int = 7) -> dict:
    """Name searches for sampled members, with spelling variants: each in a script the member's name is written in
    (recall and precision as before the sound key, and without it for comparison), and, for a name written in one
    script only, in the other (cross-script recall and precision). Precision: the share of the results (up to 200
    per query) who bear the same first and family name as the member looked for."""
    from tanzim.people.selectors import persons_named
    from tanzim.territory.scope import Scope

    from .models import Member
    from .selectors import MemberFilters, member_list

    given, family = _other_spelling()

    def latin_name(first_ar, last_ar, first_lat, last_lat) -> tuple[str, str]:
        return (first_lat or given.get(first_ar, ""), last_lat or family.get(last_ar, ""))

    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM members_member")
        (top,) = cursor.fetchone()
    ids = [rng.randint(1, top) for _ in range(samples * 2)]
    names = ("person__first_name_ar", "person__last_name_ar", "person__first_name_latin", "person__last_name_latin")
    # In the order of the keys, so that two runs on the same data ask the same questions.
    rows = list(
        member_list(scope=Scope.everything()).filter(pk__in=ids).order_by("pk").values_list("pk", *names)[:samples]
    )
    kinds = ("same", "same_key_only", "latin_to_arabic", "arabic_to_latin")
    times: dict[str, list[float]] = {k: [] for k in kinds}
    hits = dict.fromkeys(kinds, 0)
    counted = {k: [0, 0] for k in kinds}  # results bearing the name, results

    def measure(kind: str, pk: int, query: str, target: tuple[str, str]) -> None:
        members: QuerySet
        if kind == "same_key_only":
            members = Member.objects.filter(person__in=persons_named(query, across_scripts=False))
        else:
            members = member_list(scope=Scope.everything(), filters=MemberFilters(text=query))
        started = time.perf_counter()
        list(members.values_list("pk", flat=True)[:50])  # the first page of results, as the list page asks
        times[kind].append((time.perf_counter() - started) * 1000)
        hits[kind] += members.filter(pk=pk).exists()  # recall: does the variant find this member at all?
        found = members.order_by().values_list(*names)[:200]
        counted[kind][0] += sum(latin_name(*r) == target for r in found)
        counted[kind][1] += len(found)

    for pk, first_ar, last_ar, first_lat, last_lat in rows:
        target = latin_name(first_ar, last_ar, first_lat, last_lat)
        arabic = f"{first_ar} {last_ar}" if first_ar else f"{given.get(first_lat, '')} {family.get(last_lat, '')}"
        latin = f"{first_lat} {last_lat}" if first_lat else f"{given.get(first_ar, '')} {family.get(last_ar, '')}"
        own = arabic if first_ar and (not first_lat or rng.random() < 0.5) else latin
        query = variant(own, rng)
        measure("same", pk, query, target)
        measure("same_key_only", pk, query, target)
        if not first_lat:
            measure("latin_to_arabic", pk, variant(latin, rng), target)
        elif not first_ar:
            measure("arabic_to_latin", pk, variant(arabic, rng), target)

    def share(a: int, b: int) -> float:
        return a / b if b else 0.0

    cross = times["latin_to_arabic"] + times["arabic_to_latin"]
    every = times["same"] + cross
    figures = {
        "searches": len(every),
        "p50_ms": _percentile(every, 0.5),
        "p95_ms": _percentile(every, 0.95),
        "recall": share(hits["same"], len(times["same"])),
        "precision": share(*counted["same"]),
        "recall_key_only": share(hits["same_key_only"], len(times["same_key_only"])),
        "precision_key_only": share(*counted["same_key_only"]),
        "cross_searches": len(cross),
        "cross_p95_ms": _percentile(cross, 0.95),
        "cross_recall": share(hits["latin_to_arabic"] + hits["arabic_to_latin"], len(cross)),
        "cross_precision": share(
            counted["latin_to_arabic"][0] + counted["arabic_to_latin"][0],
            counted["latin_to_arabic"][1] + counted["arabic_to_latin"][1],
        ),
    }
    for kind in ("latin_to_arabic", "arabic_to_latin"):
        figures[f"{kind}_recall"] = share(hits[kind], len(times[kind]))
        figures[f"{kind}_searches"] = len(times[kind])
    return figures


# --- the pickers and the renewal page (issue 10) -------------------------------------------------------------

PICKER_PROVINCE = "01.571"  # Tétouan: the province whose secretary renews offices and types names in the pickers
PICKER_USER = "bench-tetouan"


def picker_setup() -> dict:
    """The party, its national, regional and Tétouan provincial offices, the provincial office seated with 16 members
    of the province, and the provincial secretary as a login holding every capability over the province (a grant).
    Idempotent: a second call finds what the first made."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tanzim.access.capabilities import ALL
    from tanzim.access.models import Grant
    from tanzim.organization.models import Body, PositionType
    from tanzim.organization.services import Seat, body_create, office_renew, party_setup

    from .models import Member

    party_setup(acting_user=None, name_ar="حزب القياس", name_fr="Parti de mesure", preset="kitaba")
    province = Territory.objects.get(code=PICKER_PROVINCE)

    def body(key, territory, parent):
        found = Body.objects.filter(organization__key="party", body_type__key=key, territory=territory).first()
        if found is not None:
            return found
        from tanzim.organization.models import BodyType, Organization

        return body_create(
            acting_user=None,
            organization=Organization.objects.get(key="party"),
            body_type=BodyType.objects.get(key=key),
            territory=territory,
            parent=parent,
        )

    national = body("national_executive", None, None)
    regional = body("regional_office", province.parent, national)
    office = body("provincial_office", province, regional)
    if not office.mandates.exists():
        members = list(Member.objects.filter(path__startswith=province.path).select_related("person")[:16])
        keys = ["head", "deputy_head", "treasurer", "deputy_treasurer", "rapporteur", "deputy_rapporteur"]
        keys += ["advisor"] * (len(members) - len(keys))
        positions = {p.key: p for p in PositionType.objects.all()}
        seats = [Seat(positions[k], m.person) for k, m in zip(keys, members, strict=False)]
        if seats:
            office_renew(acting_user=None, body=office, held_on=timezone.localdate(), seats=seats)
    user, _created = get_user_model().objects.get_or_create(username=PICKER_USER)
    if not Grant.objects.filter(user=user).exists():
        Grant.objects.create(
            user=user,
            territory=province,
            capabilities=sorted(ALL),
            starts_on=timezone.localdate() - dt.timedelta(days=1),
            reason="tanzim bench",
        )
    return {"user": user, "office": office, "province": province}


def _percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {"n": len(times), "p50_ms": times[len(times) // 2], "p95_ms": times[int(len(times) * 0.95)]}


def picker_texts(province: Territory, samples: int, rng: random.Random) -> list[str]:
    """What officials type in a person picker, taken from persons of the province: a first name and the start of a
    family name, a family name alone, the first letters of a common first name; in either script, with variants."""
    from tanzim.people.models import Person

    rows = list(
        Person.objects.filter(commune__path__startswith=province.path)
        .order_by("?")
        .values_list("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")[: samples * 2]
    )
    texts = []
    for first_ar, last_ar, first_lat, last_lat in rows[:samples]:
        arabic = rng.random() < 0.5
        first, last = (first_ar, last_ar) if arabic else (first_lat, last_lat)
        if not first or not last:
            continue
        shape = rng.random()
        if shape < 0.5:
            text = f"{first} {last[: max(3, len(last) // 2)]}"  # typed up to half the family name
        elif shape < 0.8:
            text = last
        else:
            text = first[: max(3, len(first) - 1)]  # the first letters of a first name: the widest question
        texts.append(variant(text, rng))
    return texts


def picker_figures(samples: int, seed: int = 11) -> dict:
    """p50/p95 of the person picker as the Tétouan secretary asks it for a renewal of her province's offices: the
    query (suggestions, their card numbers and current positions) and the whole endpoint through the middleware
    (scope, rendering, the audit row), with texts as typed."""
    import warnings

    from django.conf import settings
    from django.test import Client

    from tanzim.access.authority import authority_for
    from tanzim.people.models import Person
    from tanzim.people.picker import person_facts
    from tanzim.people.selectors import person_suggestions

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    made = picker_setup()
    province, user = made["province"], made["user"]
    scope = authority_for(user).scope()
    rng = random.Random(seed)
    texts = picker_texts(province, samples, rng)
    query_times, found = [], 0
    for text in texts:
        started = time.perf_counter()
        persons = person_suggestions(scope=scope, text=text, within_path=province.path)
        person_facts([p.pk for p in persons], scope)
        query_times.append((time.perf_counter() - started) * 1000)
        found += bool(persons)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ar")
    client.force_login(user)
    secure = not settings.DEBUG
    endpoint_times = []
    for text in texts:
        started = time.perf_counter()
        answer = client.get(
            "/people/suggest/", {"q": text, "within": province.code, "for": "offices_write", "new": "1"}, secure=secure
        )
        endpoint_times.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"/people/suggest/ answered {answer.status_code}")
    return {
        "province_persons": Person.objects.filter(commune__path__startswith=province.path).count(),
        "found_share": found / max(len(texts), 1),
        "query": _percentiles(query_times),
        "endpoint": _percentiles(endpoint_times),
    }


def renewal_page_figures(runs: int = 20) -> dict:
    """Server time of the Tétouan provincial office's renewal page (GET, its current office in person pickers), as
    its secretary opens it, in this process through the whole middleware."""
    from django.conf import settings
    from django.db import connection as db
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    made = picker_setup()
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ar")
    client.force_login(made["user"])
    url = f"/bodies/{made['office'].pk}/renew/"
    secure = not settings.DEBUG
    first = client.get(url, secure=secure)  # fills the caches a server process keeps
    if first.status_code != 200:
        raise RuntimeError(f"{url} answered {first.status_code}")
    times, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        client.get(url, secure=secure)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    with CaptureQueriesContext(db) as captured:
        answer = client.get(url, secure=secure)
    return {
        "seats": made["office"].mandates.filter(end_date__isnull=True).count(),
        "bytes": len(answer.content),
        "queries": len(captured.captured_queries),
        # The Python process's own CPU time: what the page costs this server when the machine is not shared.
        "cpu_p50_ms": sorted(cpu)[len(cpu) // 2],
        **_percentiles(times),
    }


__all__ = [
    "FLOOR_TABLES",
    "floor_figures",
    "generate",
    "import_in_child",
    "picker_figures",
    "raw_copy_seconds",
    "read_rows",
    "renewal_page_figures",
    "resource",
    "search_figures",
]
