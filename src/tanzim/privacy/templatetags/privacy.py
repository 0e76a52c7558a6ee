"""`{% member_privacy member as privacy %}`: what the member page's privacy card shows, for this reader."""

import datetime as dt

from django import template

from tanzim.access.capabilities import Capability
from tanzim.privacy.forms import ConsentForm
from tanzim.privacy.selectors import consent_list, erasure_of

register = template.Library()


@register.simple_tag(takes_context=True)
def member_privacy(context, member) -> dict:
    # The member page already read the member through the reader's scope; this adds its consents and what
    # the reader may do about them on the member's territory.
    request = context.get("request")
    authority = getattr(request, "authority", None)
    path = member.path
    return {
        "consents": list(consent_list(member=member)),
        "erasure": erasure_of(member),
        "can_record": bool(authority and authority.can(Capability.MEMBERS_WRITE, path)),
        "can_protect": bool(authority and authority.can(Capability.DATA_PROTECTION, path)),
        "form": ConsentForm(prefix="consent"),
    }


@register.filter
def dossier_date(value: str | None) -> str:
    """An ISO date or date-time of the dossier as people read it: 12/03/1990, or 25/11/2026 14:05."""
    if not value:
        return ""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    return parsed.strftime("%d/%m/%Y %H:%M") if "T" in value else parsed.strftime("%d/%m/%Y")
