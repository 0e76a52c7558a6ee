"""Everything `activities` gives the other apps: audit actions, error codes, the audit page's words, the body
page's panel, the calendar's sources (activities, and meetings: activities sits above meetings and reads them
through meetings' selector) and the activities of a body's iCalendar feed (meetings' `feed_source`). (The
right-of-access part and the erasure step: dossier.py.)"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.audit.actions import declare_actions
from tanzim.audit.vocabulary import ChangeKey, declare_change_keys, declare_names, ids_of
from tanzim.errors import declare_errors
from tanzim.meetings.calendar import FeedEvent, feed_source
from tanzim.meetings.models import MeetingStatus
from tanzim.meetings.selectors import meeting_list
from tanzim.members.merging import merge_step
from tanzim.organization.panels import body_panels
from tanzim.territory.capability import Capability

from .calendar import CalendarEntry, calendar_source
from .models import ActivityState
from .selectors import activity_list, programme_list, tally

declare_actions(
    "activities",
    {
        "programme.create": _("Work programme created"),
        "programme.update": _("Work programme changed"),
        "activity.create": _("Activity planned"),
        "activity.update": _("Activity changed"),
        "activity.report": _("Activity report recorded"),
        "activity.cancel": _("Activity cancelled"),
        "activity.participant_add": _("Participant named"),
        "activity.participant_remove": _("Participant removed"),
    },
)

declare_errors(
    "activities",
    {
        "outside_scope": _("outside your territory"),
        "invalid": _("invalid value"),
        "dates_order": _("dates in the wrong order"),
        "body_outside_programme": _("organizing body outside the programme's territory"),
        "commune_outside_body": _("commune outside the organizing body's territory"),
        "cancelled": _("activity cancelled"),
        "not_yet_held": _("activity not held yet"),
        "report_empty": _("report empty"),
        "already_done": _("activity already done"),
        "participant_taken": _("participant already named"),
    },
)


def _activities(ids, scope):
    return {
        str(a.pk): f"{a.kind.name} — {a.theme} ({a.starts_on:%d/%m/%Y})"
        for a in activity_list(scope=scope).filter(pk__in=ids_of(ids))
    }


def _programmes(ids, scope):
    return {str(p.pk): f"{p.title} — {p.body.name}" for p in programme_list(scope=scope).filter(pk__in=ids_of(ids))}


declare_names("activities.activity", _activities, app="activities")
declare_names("activities.workprogramme", _programmes, app="activities")
declare_change_keys(
    "activities",
    {"person": ChangeKey(_("Person"), refers_to="people.person")},
    record_type="activities.activity",
)
declare_change_keys(
    "activities",
    {"body": ChangeKey(_("Body"), refers_to="organization.body")},
    record_type="activities.workprogramme",
)


@body_panels.register("activities", template="activities/_body_panel.html", order=60)
def activities_panel(body, *, scope, authority):
    """Planned against done for the body's own activities, the next ones, its programmes."""
    today = timezone.localdate()
    mine = activity_list(scope=scope, body=body, today=today)
    programmes = list(programme_list(scope=scope, body=body)[:5])
    can_plan = authority.can(Capability.MINUTES, body.path)
    counts = tally(mine)
    if not programmes and not counts.total and not counts.cancelled and not can_plan:
        return None
    return {
        "tally": counts,
        "next": list(mine.filter(current_state__in=[ActivityState.PLANNED, ActivityState.DUE])[:5]),
        "programmes": programmes,
        "can_plan": can_plan,
    }


@calendar_source("activities")
def activities_on_calendar(*, scope, start, end) -> list[CalendarEntry]:
    return [
        CalendarEntry(
            starts_on=a.starts_on,
            ends_on=a.last_day,
            time=a.starts_at,
            title=a.theme,
            kind=a.kind.name,
            body=a.body.name,
            url=reverse("activities:detail", args=[a.pk]),
            state=a.current_state,
            state_label=str(ActivityState(a.current_state).label),
            place=a.commune.titled_name if a.commune is not None else a.venue,
        )
        for a in activity_list(scope=scope, start=start, end=end)
    ]


MEETING_STATES = {
    MeetingStatus.PLANNED: ActivityState.PLANNED,
    MeetingStatus.HELD: ActivityState.DONE,
    MeetingStatus.APPROVED: ActivityState.DONE,
    MeetingStatus.CANCELLED: ActivityState.CANCELLED,
}


@calendar_source("meetings")
def meetings_on_calendar(*, scope, start, end) -> list[CalendarEntry]:
    """The meetings of the bodies the reader reads, on the calendar beside the activities."""
    entries = []
    for m in meeting_list(scope=scope, start=start, end=end).order_by("starts_at", "id"):
        starts = timezone.localtime(m.starts_at)
        last = timezone.localtime(m.ends_at).date() if m.ends_at else starts.date()
        entries.append(
            CalendarEntry(
                starts_on=starts.date(),
                ends_on=max(last, starts.date()),
                time=starts.time().replace(second=0, microsecond=0),
                title=m.title or m.kind.name,
                kind=m.kind.name,
                body=m.body.name,
                url=reverse("meetings:detail", args=[m.pk]),
                state=MEETING_STATES.get(m.status, ActivityState.PLANNED).value,
                state_label=str(MeetingStatus(m.status).label),
                place=m.commune.titled_name if m.commune is not None else m.venue,
            )
        )
    return entries


@feed_source("activities")
def activities_in_feed(*, scope, body, since: dt.date) -> list[FeedEvent]:
    """The body's activities in its iCalendar feed: all-day events, or two hours from their time when they have
    one; a cancelled activity stays, marked cancelled."""
    zone = timezone.get_default_timezone()
    events = []
    for a in activity_list(scope=scope, body=body, start=since):
        if a.starts_at is not None and a.ends_on in (None, a.starts_on):
            starts: dt.date | dt.datetime = dt.datetime.combine(a.starts_on, a.starts_at, tzinfo=zone)
            ends: dt.date | dt.datetime = starts + dt.timedelta(hours=2)
        else:
            starts, ends = a.starts_on, a.last_day + dt.timedelta(days=1)
        place = [a.venue, a.commune.titled_name if a.commune is not None else ""]
        events.append(
            FeedEvent(
                uid=f"activity-{a.pk}@tanzim",
                starts=starts,
                ends=ends,
                summary=f"{a.kind.name} — {a.theme} — {a.body.name}",
                location=" — ".join(p for p in place if p),
                description=a.report,
                category=a.kind.name,
                cancelled=a.current_state == ActivityState.CANCELLED,
            )
        )
    return events


# Two entries of one person merged: where both persons were named in one activity, one participation stays (marked
# present if either was), and the dropped person's other participations move with the rest.
def participations_carry(*, drop, keep, scope=None) -> None:
    from .models import Participant

    theirs = Participant.objects.filter(
        person_id=drop.person_id,
        activity_id__in=Participant.objects.filter(person_id=keep.person_id).values("activity_id"),
    )
    present = set(theirs.filter(attended=True).values_list("activity_id", flat=True))
    if present:
        Participant.objects.filter(person_id=keep.person_id, activity_id__in=present).update(attended=True)
    theirs.delete()


merge_step(participations_carry)
