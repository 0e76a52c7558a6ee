"""The privacy card of the member page: consents, and what the reader may do about the member's personal data."""

from __future__ import annotations

from tanzim.access.capabilities import Capability
from tanzim.members.panels import member_panels
from tanzim.people.footprint import persons_within

from .forms import ConsentForm
from .selectors import consent_list, erasure_of


@member_panels.register("privacy", template="privacy/_member_panel.html", order=90)
def privacy_panel(member, *, scope, authority) -> dict:
    # The member page already read the member through the reader's scope; this adds its consents and what the
    # reader may do about them on the member's territory.
    # Writes about a person a higher body holds (a mandate, a grant or a login beyond the reader's territory) are
    # refused by the services: the card offers them only where the reader's scope covers the person's footprint.
    path = member.path

    def may(capability) -> bool:
        scope = authority.scope(capability)
        return scope.covers(path) and member.person_id in persons_within(scope, [member.person_id])

    return {
        "consents": list(consent_list(member=member)),
        "erasure": erasure_of(member),
        "can_record": may(Capability.MEMBERS_WRITE),
        "can_protect": authority.can(Capability.DATA_PROTECTION, path),
        "can_erase": may(Capability.DATA_PROTECTION),
        "form": ConsentForm(prefix="consent"),
    }
