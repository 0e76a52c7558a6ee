"""What `territory` declares to the extension points below it (from `TerritoryConfig.ready`): its audit actions,
and how the audit page names territorial units by id, HCP code and path."""

from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import declare_change_keys, declare_names, ids_of

from .models import Territory
from .selectors import territory_visible

declare_actions("territory", {"territory.load": _("Territory loaded")})


# --- how the audit page names territories (the units the reader's scope covers, and the units above them) ---


def _by(field: str):
    def resolve(ids, scope):
        wanted = ids_of(ids) if field == "pk" else list(ids)
        units = territory_visible(scope=scope, queryset=Territory.objects.filter(**{f"{field}__in": wanted}))
        return {str(getattr(unit, field)): unit.name for unit in units}

    return resolve


declare_names("territory.territory", _by("pk"), app="territory")
declare_names("territory.code", _by("code"), app="territory")
declare_names("territory.path", _by("path"), app="territory")
declare_change_keys(
    "territory", {"created": _("Units created"), "updated": _("Units updated")}, record_type="territory.territory"
)
