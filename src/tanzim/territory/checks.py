"""A model that lies somewhere in the territory must say where, so that every read of it goes through a scope.

Fails `manage.py check` (and so every test run) when a model of a Tanzim app has a territory — a `path` or
`territory_path` column, or a foreign key to a territorial unit — but no `SCOPE_PATH` naming where its territory
path is read, or no `visible_to(scope)` on its default manager, or a `SCOPE_PATH` that does not resolve.
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

PATH_FIELDS = ("path", "territory_path")


def has_territory(model) -> bool:
    for field in model._meta.get_fields():
        if field.name in PATH_FIELDS and field.concrete:
            return True
        if field.many_to_one and field.concrete and field.related_model._meta.label == "territory.Territory":
            return True
    return False


def _resolves(model, lookup: str) -> bool:
    *relations, last = lookup.split("__")
    try:
        for name in relations:
            model = model._meta.get_field(name).related_model
            if model is None:
                return False
        return model._meta.get_field(last).concrete
    except FieldDoesNotExist:
        return False


@checks.register(checks.Tags.models)
def scoped_models(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return unscoped([m for m in apps.get_models() if m.__module__.startswith("tanzim.")])


def unscoped(models) -> list[checks.CheckMessage]:
    """The errors of the given models: each model that has a territory must be readable only through a scope."""
    errors: list[checks.CheckMessage] = []
    for model in models:
        if not has_territory(model):
            continue
        label = model._meta.label
        lookup = getattr(model, "SCOPE_PATH", None)
        if not lookup:
            errors.append(checks.Error(f"{label} has a territory but no SCOPE_PATH.", obj=model, id="tanzim.E010"))
        elif not _resolves(model, lookup):
            errors.append(
                checks.Error(f"{label}.SCOPE_PATH {lookup!r} is not a field path.", obj=model, id="tanzim.E011")
            )
        if not hasattr(model._default_manager.all(), "visible_to"):
            errors.append(
                checks.Error(
                    f"{label} has a territory but its manager has no visible_to(scope).",
                    hint="objects = ScopedQuerySet.as_manager() (tanzim.territory.scope)",
                    obj=model,
                    id="tanzim.E012",
                )
            )
    return errors
