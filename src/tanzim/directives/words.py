"""How a directive says who it goes to and by when, in the reader's language ("every local body of the Province
of Taounate", "within three months")."""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tanzim.organization.models import BodyLevel

from .models import Directive, TargetRule

LEVEL_PLURAL: dict[str, Callable[[], str]] = {
    BodyLevel.REGIONAL: lambda: _("every regional body"),
    BodyLevel.PROVINCIAL: lambda: _("every provincial body"),
    BodyLevel.LOCAL: lambda: _("every local body"),
    BodyLevel.NATIONAL: lambda: _("every national body"),
}


def recipients_words(d: Directive) -> str:
    if d.rule == TargetRule.BY_HAND:
        n = d.assignments.count() if not hasattr(d, "counts") else d.counts.total
        return ngettext("%(n)d body chosen by hand", "%(n)d bodies chosen by hand", n) % {"n": n}
    place = (
        d.rule_territory.titled_name
        if d.rule_territory
        else d.issuer.territory.titled_name
        if d.issuer.territory
        else _("the country")
    )
    if d.rule == TargetRule.COMMUNES:
        return _("every commune of %(place)s") % {"place": place}
    who = LEVEL_PLURAL.get(d.rule_level, lambda: _("every body"))()
    words = _("%(who)s of %(place)s") % {"who": who, "place": place}
    if d.rule_organization is not None and not d.rule_organization.is_party:
        words = _("%(who)s (%(organization)s)") % {"who": words, "organization": d.rule_organization.name}
    return words


def due_words(d: Directive) -> str:
    if d.due_months and not d.due_days:
        return ngettext("within %(n)d month", "within %(n)d months", d.due_months) % {"n": d.due_months}
    if d.due_days and not d.due_months:
        return ngettext("within %(n)d day", "within %(n)d days", d.due_days) % {"n": d.due_days}
    return ""
