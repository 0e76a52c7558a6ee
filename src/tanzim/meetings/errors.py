"""The refusals of the meetings services: a code for programs, a message for people, the field it concerns."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tanzim.errors import CodedError


class MeetingErrorCode(models.TextChoices):
    OUTSIDE_SCOPE = "outside_scope", _("outside your territory")
    MINUTES_APPROVED = "minutes_approved", _("minutes approved, locked")
    MEETING_CANCELLED = "meeting_cancelled", _("meeting cancelled")
    NOT_HELD = "meeting_not_held", _("meeting not held yet")
    NOT_APPROVED = "minutes_not_approved", _("minutes not approved")
    ENDS_BEFORE_START = "meeting_ends_before_start", _("meeting ends before it starts")
    REASON_REQUIRED = "reason_required", _("reason required")
    PERSON_NOT_READABLE = "person_not_readable", _("person outside your territory")
    ALREADY_ON_REGISTER = "already_on_register", _("already on the register")
    NOBODY_NAMED = "nobody_named", _("no person or name given")
    VOTES_REQUIRED = "votes_required", _("votes required")
    VOTES_TOO_MANY = "votes_too_many", _("more votes than voters")
    VOTES_CONTRADICT = "votes_contradict_outcome", _("votes contradict the outcome")
    HELD_IN_FUTURE = "held_in_future", _("meeting held in the future")
    UNKNOWN_CATEGORY = "unknown_category", _("unknown invited category")


class MeetingError(CodedError):
    def __init__(self, code: MeetingErrorCode, message, *, field: str | None = None):
        super().__init__(MeetingErrorCode(code).value, message)
        self.field = field
