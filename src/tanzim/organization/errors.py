"""Error codes of the organization services. The UI and the API translate a code, never parse a message."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from tanzim.people.footprint import PersonBeyondScope


class ErrorCode(models.TextChoices):
    EMPTY_COMPOSITION = "empty_composition", _("empty composition")
    HEAD_MISSING = "head_missing", _("head missing")
    SINGLE_POSITION_TWICE = "single_position_twice", _("single position given twice")
    PERSON_TWICE_IN_POSITION = "person_twice_in_position", _("person twice in a position")
    DATE_IN_FUTURE = "date_in_future", _("date in the future")
    DATE_BEFORE_CURRENT_OFFICE = "date_before_current_office", _("date before the current office")
    DATE_NOT_AFTER_LAST_RENEWAL = "date_not_after_last_renewal", _("date not after the last renewal")
    SUPERVISOR_NOT_ABOVE = "supervisor_not_above", _("supervising body not above")
    TERRITORY_LEVEL_MISMATCH = "territory_level_mismatch", _("territory of the wrong level")
    PARENT_LEVEL_MISMATCH = "parent_level_mismatch", _("parent body of the wrong level")
    BODY_EXISTS = "body_exists", _("body already exists")
    POSITION_TAKEN = "position_taken", _("position already held")
    END_BEFORE_START = "end_before_start", _("end before start")
    MANDATE_ALREADY_ENDED = "mandate_already_ended", _("mandate already ended")
    UNKNOWN_PRESET = "unknown_preset", _("unknown nomenclature preset")
    FRAMER_NOT_ABOVE = "framer_not_above", _("framer not of a body above")
    PERSON_HOLDS_POSITION = "person_holds_position", _("person already holds the position")
    CHANGE_IN_FUTURE = "change_in_future", _("change dated in the future")
    DATE_BEFORE_OFFICE = "date_before_office", _("date before the current office")
    NOTHING_TO_ADD = "nothing_to_add", _("nothing to add")
    INTEGRITY = "integrity", _("rule of the database")


MESSAGES = {
    ErrorCode.EMPTY_COMPOSITION: _("The new office has no member. Add at least the head of the body."),
    ErrorCode.HEAD_MISSING: _("The new office has no head: the position “%(position)s” must be filled."),
    ErrorCode.SINGLE_POSITION_TWICE: _(
        "The position “%(position)s” can have only one holder, but the new office gives it %(count)d."
    ),
    ErrorCode.PERSON_TWICE_IN_POSITION: _("%(person)s is listed twice as “%(position)s”."),
    ErrorCode.DATE_IN_FUTURE: _("The date %(date)s is in the future. Record a renewal once it has taken place."),
    ErrorCode.DATE_BEFORE_CURRENT_OFFICE: _(
        "The renewal date %(date)s is before the start of the current office (%(start)s)."
    ),
    ErrorCode.DATE_NOT_AFTER_LAST_RENEWAL: _(
        "The renewal date %(date)s is not after the start of the current office (%(start)s): a renewal cannot "
        "rewrite the office before it."
    ),
    ErrorCode.SUPERVISOR_NOT_ABOVE: _("“%(supervisor)s” is not above “%(body)s” and cannot supervise its renewal."),
    ErrorCode.TERRITORY_LEVEL_MISMATCH: _("A body of the type “%(type)s” cannot sit on “%(territory)s”."),
    ErrorCode.PARENT_LEVEL_MISMATCH: _("“%(parent)s” cannot be the parent body of a “%(type)s”."),
    ErrorCode.BODY_EXISTS: _("“%(body)s” already exists."),
    ErrorCode.POSITION_TAKEN: _("The position “%(position)s” already has a current holder in “%(body)s”."),
    ErrorCode.END_BEFORE_START: _("A mandate cannot end (%(end)s) before it starts (%(start)s)."),
    ErrorCode.MANDATE_ALREADY_ENDED: _("This mandate already ended on %(end)s."),
    ErrorCode.UNKNOWN_PRESET: _("There is no nomenclature preset named “%(preset)s”."),
    ErrorCode.FRAMER_NOT_ABOVE: _(
        "%(person)s did not hold a position in a body above “%(body)s” on %(date)s and cannot be recorded as having "
        "framed its renewal."
    ),
    ErrorCode.PERSON_HOLDS_POSITION: _("%(person)s already holds the position “%(position)s” in this body."),
    ErrorCode.CHANGE_IN_FUTURE: _("The date %(date)s is in the future. Record the change once it has taken place."),
    ErrorCode.DATE_BEFORE_OFFICE: _("The date %(date)s is before the start of the current office (%(start)s)."),
    ErrorCode.NOTHING_TO_ADD: _("No row is filled in: give at least one position and the person who takes it."),
    ErrorCode.INTEGRITY: _("The change breaks a rule of the database and was not saved: %(detail)s"),
}


def _display(value):
    # Dates as Moroccan readers write them; dd/mm/yyyy also keeps its order inside right-to-left text, where
    # the hyphens of an ISO date let the bidi algorithm reverse its parts.
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value if isinstance(value, int) else str(value)


class OrganizationError(Exception):
    """A refused operation: a code for programs and, in the active language, a message for people.

    `row` is the index, in the list of seats the service was given, of the seat that caused it (None: the
    composition as a whole); `field` names what to show the message beside: within that seat "position_type" or
    "person", otherwise a field of the operation ("held_on", "supervised_by", "framed_by", "end_date")."""

    def __init__(self, code: ErrorCode, *, row: int | None = None, field: str | None = None, **params):
        self.code = ErrorCode(code)
        self.params = params
        self.row = row
        self.field = field
        super().__init__(self.code.value)

    @property
    def message(self) -> str:
        template = str(MESSAGES[self.code])  # translated in the active language
        params = {k: _display(v) for k, v in self.params.items()}
        return template % params if params else template

    def as_dict(self) -> dict:
        return {"code": self.code.value, "message": self.message}


class SeatBeyondScope(PersonBeyondScope):
    """PersonBeyondScope for the person of one seat (`row`, the index in the seats the service was given)."""

    def __init__(self, *, row: int, message: str | None = None):
        super().__init__(message)
        self.row = row
        self.field = "person"


class SeatBeyondPowers(SeatBeyondScope):
    """A seat refused because its position carries a capability the writer does not hold at the body's place (the
    capability ceiling of a write: organization/powers.py)."""

    code = "seat_beyond_powers"

    def __init__(self, *, row: int, position: str, body: str, powers: str):
        super().__init__(
            row=row,
            message=gettext_now(
                "The position “%(position)s” in %(body)s carries responsibilities you do not hold there yourself "
                "(%(powers)s): only an official who holds them can give it."
            )
            % {"position": position, "body": body, "powers": powers},
        )
        self.field = "position_type"
