from ninja import Router, Schema

from tanzim.api.errors import ERRORS

from .models import Territory
from .selectors import territory_get, territory_list

router = Router()


class TerritoryOut(Schema):
    code: str
    level: str
    kind: str
    name: str
    name_ar: str
    name_fr: str
    population_2024: int | None
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Territory) -> str | None:
        return obj.parent.code if obj.parent is not None else None


@router.get("", response={200: list[TerritoryOut], **ERRORS}, summary="List territorial units")
def list_territories(request, parent: str | None = None, level: str | None = None):
    """Regions by default; the children of `parent` (an HCP code); or every unit of a `level`."""
    parent_unit = territory_get(scope=request.scope, code=parent) if parent else None
    return territory_list(scope=request.scope, parent=parent_unit, level=level).select_related("parent")


@router.get("/{code}", response={200: TerritoryOut, **ERRORS}, summary="One territorial unit")
def get_territory(request, code: str):
    return territory_get(scope=request.scope, code=code)
