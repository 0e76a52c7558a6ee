"""What activities hold about a person (law 09-08): the activities they are named in, for the right of access; on
erasure those rows go (the activity keeps its counts, not the name)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tanzim.people.dossier import DossierPart, dossier_part, erasure_step

from .models import Participant
from .selectors import participant_list


@dossier_part("activities")
def activities_dossier(*, person, scope) -> DossierPart | None:
    rows = list(participant_list(scope=scope, person=person).select_related("activity__body__body_type"))
    if not rows:
        return None
    return DossierPart(
        title=_("Activities"),
        rows=[
            {
                _("Date"): f"{row.activity.starts_on:%d/%m/%Y}",
                _("Activity"): f"{row.activity.kind.name} — {row.activity.theme}",
                _("Organizing body"): row.activity.body.name,
                _("Participation"): _("Present") if row.attended else _("Invited"),
            }
            for row in rows
        ],
        audit_targets={"activities.activity": sorted({str(row.activity_id) for row in rows})},
    )


def activities_reach(*, person):
    """The organizing bodies whose activities name the person (the erasure removes those lines)."""
    return Participant.objects.filter(person=person).values_list("activity__body__path", flat=True).distinct()


@erasure_step("activities", reach=activities_reach)
def activities_erase(*, person) -> dict[str, int]:
    removed, _by_model = Participant.objects.filter(person=person).delete()
    return {"participants": removed}
