"""`tanzim bench`: the member import and the name search at scale, measured in one run on PostgreSQL.

Prints rows/s of `member_import`, its peak RSS (in a child process that only imports), the time of a raw COPY
of the same rows into a bare table and the ratio, then p50/p95 and recall of name searches with spelling
variants. Synthetic data only: generated names, never real people.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

from tanzim.territory.models import Territory

from .bench_names import pick_family, pick_man, pick_woman
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


def import_in_child(path: Path) -> dict:
    """Run the import in a fresh process so its peak RSS is the import's own."""
    code = (
        "import json, resource, sys, time, django; django.setup();"
        "from tanzim.members.importer import member_import; from tanzim.territory.scope import Scope;"
        "t = time.perf_counter(); r = member_import(acting_user=None, scope=Scope.everything(), path=sys.argv[1]);"
        "s = time.perf_counter() - t;"
        "print(json.dumps({'seconds': s, 'read': r.read, 'inserted': r.inserted, 'updated': r.updated,"
        " 'unchanged': r.unchanged, 'rejected': r.rejected,"
        " 'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
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
    ]
    rng.shuffle(swaps)
    for old, new in swaps[:3]:
        if old in text:
            text = text.replace(old, new, 1)
    if rng.random() < 0.3 and any("\u0600" <= c <= "\u06ff" for c in text):
        text = text[:2] + "\u064e" + text[2:]  # a fatha somebody typed
    return text


def search_figures(samples: int, seed: int = 7) -> dict:
    from tanzim.territory.scope import Scope

    from .selectors import MemberFilters, member_list

    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM members_member")
        (top,) = cursor.fetchone()
    ids = [rng.randint(1, top) for _ in range(samples * 2)]
    rows = list(
        member_list(scope=Scope.everything())
        .filter(pk__in=ids)
        .values_list(
            "pk",
            "person__first_name_ar",
            "person__last_name_ar",
            "person__first_name_latin",
            "person__last_name_latin",
            "person__commune__path",
        )[:samples]
    )
    times, hits = [], 0
    for pk, first_ar, last_ar, first_lat, last_lat, _path in rows:
        arabic = rng.random() < 0.5
        query = variant(f"{first_ar} {last_ar}" if arabic else f"{first_lat} {last_lat}", rng)
        members = member_list(scope=Scope.everything(), filters=MemberFilters(text=query))
        started = time.perf_counter()
        list(members.values_list("pk", flat=True)[:50])  # the first page of results, as the list page asks
        times.append((time.perf_counter() - started) * 1000)
        hits += members.filter(pk=pk).exists()  # recall: does the variant find this member at all?
    times.sort()
    return {
        "searches": len(times),
        "p50_ms": times[len(times) // 2],
        "p95_ms": times[int(len(times) * 0.95)],
        "recall": hits / max(len(times), 1),
    }


__all__ = ["generate", "import_in_child", "raw_copy_seconds", "read_rows", "resource", "search_figures"]
