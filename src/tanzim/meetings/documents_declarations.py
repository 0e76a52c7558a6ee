"""What the meeting's documents declare (imported from MeetingsConfig.ready): audit actions, error codes, and the
"documents" panel of the meeting page (minutes PDF, attendance sheet, communiqué, calendar)."""

from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import declare_change_keys
from tanzim.errors import declare_errors
from tanzim.territory.capability import Capability

from .documents_read import communique_latest, communique_published
from .models import MeetingStatus
from .panels import meeting_panels

declare_actions(
    "meeting_documents",
    {
        "communique.generate": _("Communiqué written from the meeting's record"),
        "communique.save": _("Communiqué edited"),
        "communique.publish": _("Communiqué published"),
        "meeting_document.minutes_pdf": _("Minutes downloaded as PDF"),
        "meeting_document.attendance_pdf": _("Attendance sheet downloaded as PDF"),
        "calendar_feed.create": _("Calendar address given"),
        "calendar_feed.renew": _("Calendar address renewed"),
    },
)

declare_errors(
    "meeting_documents",
    {
        "outside_scope": _("outside your territory"),
        "unknown_choice": _("unknown choice"),
        "meeting_cancelled": _("meeting cancelled"),
        "meeting_not_held": _("meeting not held yet"),
        "communique_published": _("communiqué already published"),
        "communique_empty": _("communiqué empty"),
        "communique_missing": _("no communiqué yet"),
        "too_long": _("too long"),
    },
)

# The minutes' version a PDF was drawn from, and whether it was the draft (rows of meetings.meeting).
declare_change_keys(
    "meeting_documents", {"version": _("Minutes version"), "draft": _("Draft")}, record_type="meetings.meeting"
)


@meeting_panels.register("documents", template="meetings/documents/_panel.html", order=80)
def documents_panel(meeting, *, scope, authority):
    languages = []
    for code, label in (("ar", _("Arabic")), ("fr", _("French"))):
        latest = communique_latest(meeting=meeting, language=code)
        languages.append(
            {
                "code": code,
                "label": label,
                "latest": latest,
                "published": communique_published(meeting=meeting, language=code),
            }
        )
    return {
        "approved": meeting.status == MeetingStatus.APPROVED,
        "cancelled": meeting.status == MeetingStatus.CANCELLED,
        "communiques": languages,
        "can_communique": authority.can(Capability.COMMUNIQUES, meeting.body.path),
    }
