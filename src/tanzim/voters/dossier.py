"""The registration drive in the right-of-access copy and in erasure: what was stated about the person's
registration on the electoral lists. An erasure removes the statements (they are about the person only)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tanzim.people.dossier import DossierPart, dossier_part, erasure_step

from .models import Registration, Statement
from .selectors import statement_list


@dossier_part("voters")
def voters_dossier(*, person, scope) -> DossierPart | None:
    statements = list(statement_list(scope=scope).filter(member__person=person).order_by("-checked_on", "-id"))
    if not statements:
        return None
    rows = [
        {
            _("Checked on"): s.checked_on.strftime("%d/%m/%Y"),
            _("Registration status"): s.get_status_display(),
            _("Commune of registration"): s.commune.name if s.commune is not None else "",
            _("Declared by"): s.get_source_display(),
        }
        for s in statements
    ]
    return DossierPart(
        title=_("Registration on the electoral lists"),
        rows=rows,
        audit_targets={"voters.statement": [str(s.pk) for s in statements]},
    )


@erasure_step("voters")
def voters_erase(*, person) -> dict[str, int]:
    Registration.objects.filter(member__person=person).delete()
    removed, _by_model = Statement.objects.filter(member__person=person).delete()
    return {"registration_statements": removed}
