"""The registration card of the member page: the member's current status, when and by whom it was checked, the
history, whether their age lets them register in this revision, and the form to record a new status."""

from __future__ import annotations

from tanzim.members.panels import member_panels
from tanzim.territory.capability import Capability

from .forms import RecordForm
from .selectors import current_revision, eligible, member_registration


@member_panels.register("voters", template="voters/_member_panel.html", order=55)
def voters_panel(member, *, scope, authority) -> dict:
    current, history = member_registration(scope=scope, member=member)
    revision = current_revision()
    return {
        "current": current,
        "history": history[:10],
        "revision": revision,
        "eligible": eligible(member.person.birth_date, revision),
        "can_record": authority.can(Capability.MEMBERS_WRITE, member.path),
        "form": RecordForm(prefix="voters", auto_id="voters_%s"),
    }
