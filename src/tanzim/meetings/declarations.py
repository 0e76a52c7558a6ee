"""Everything the meetings app gives the other apps: audit actions, error codes, names, panels."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import ChangeKey, declare_change_keys, declare_names, ids_of
from tanzim.errors import declare_errors
from tanzim.organization.models import BodyType
from tanzim.organization.panels import body_panels
from tanzim.territory.capability import Capability

from .errors import MeetingErrorCode
from .invitations import CATEGORIES
from .models import AttendanceStatus, DecisionOutcome
from .selectors import meeting_list

declare_actions(
    "meetings",
    {
        "meeting.create": _("Meeting recorded"),
        "meeting.update": _("Meeting changed"),
        "meeting.cancel": _("Meeting cancelled"),
        "meeting.held": _("Meeting marked held"),
        "attendance.mark": _("Attendance marked"),
        "attendance.add": _("Added to the attendance register"),
        "agenda.create": _("Agenda item added"),
        "agenda.update": _("Agenda item or its minutes changed"),
        "decision.create": _("Decision recorded"),
        "minutes.approve": _("Approval of the minutes"),
        "minutes.correct": _("Correction of approved minutes opened"),
    },
)

declare_errors("meetings", MeetingErrorCode)

declare_change_keys(
    "meetings",
    {
        "roles": _("Chairs and framers"),
        "categories": ChangeKey(_("Invited categories"), choices=list(CATEGORIES.items()), many=True),
        "before": _("Before"),
        "reason": _("Reason"),
        "guest": _("Guest"),
        "minutes_length": _("Length of the minutes (characters)"),
        "votes": _("Votes for, against, abstaining"),
        "entitled_count": _("Entitled to vote"),
        "meeting": ChangeKey(_("Meeting"), refers_to="meetings.meeting"),
    },
)
declare_change_keys(
    "meetings",
    {"status": ChangeKey(_("Attendance"), choices=AttendanceStatus.choices)},
    record_type="meetings.attendance",
)
declare_change_keys(
    "meetings",
    {"outcome": ChangeKey(_("Outcome"), choices=DecisionOutcome.choices)},
    record_type="meetings.decision",
)


def _meetings(ids, scope):
    return {
        str(m.pk): f"{m.kind.name} — {m.body.name} — {m.starts_at:%d/%m/%Y}"
        for m in meeting_list(scope=scope).filter(pk__in=ids_of(ids))
    }


declare_names("meetings.meeting", _meetings, app="meetings")


# --- the body page: last and next meetings, "new meeting" when the reader may write them -------------------------


@body_panels.register("meetings", template="meetings/_body_panel.html", order=50)
def meetings_panel(body, *, scope, authority):
    return {
        "next": list(meeting_list(scope=scope, body=body, upcoming=True)[:3]),
        "last": list(meeting_list(scope=scope, body=body, upcoming=False)[:3]),
        "may_write": authority.can(Capability.MINUTES, body.path),
    }


# --- the nomenclature: the kinds of meeting and a quorum rule per body type, where the party's words are written ---


@receiver(post_save, sender=BodyType, dispatch_uid="meetings-defaults-for-body-type")
def _defaults_for_body_type(sender, instance, raw=False, **kwargs):
    """When the nomenclature writes a body type (party set-up, `make demo`, a preset applied), the party's kinds
    of meeting exist and the type has its quorum rule (more than half of its office), both editable in the
    administration; what the party already edited is kept."""
    if raw:
        return
    from .nomenclature import defaults_ensure

    defaults_ensure(body_type=instance)
