"""The privacy card of the member page: consents, and what the reader may do about the member's personal data."""

from __future__ import annotations

from tanzim.access.capabilities import Capability
from tanzim.members.panels import member_panels

from .forms import ConsentForm
from .selectors import consent_list, erasure_of


@member_panels.register("privacy", template="privacy/_member_panel.html", order=90)
def privacy_panel(member, *, scope, authority) -> dict:
    # The member page already read the member through the reader's scope; this adds its consents and what the
    # reader may do about them on the member's territory.
    path = member.path
    return {
        "consents": list(consent_list(member=member)),
        "erasure": erasure_of(member),
        "can_record": authority.can(Capability.MEMBERS_WRITE, path),
        "can_protect": authority.can(Capability.DATA_PROTECTION, path),
        "form": ConsentForm(prefix="consent"),
    }
