"""Writes of the calendar feeds: give a user their feed's address, renew it (the old address dies at once)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.errors import CodedError
from tanzim.organization.models import Body
from tanzim.territory.scope import NATIONAL, Scope

from .calendar import new_token
from .models import CalendarFeed


class CalendarError(CodedError):
    pass


def calendar_feed_renew(*, acting_user, scope: Scope, body: Body | None = None) -> CalendarFeed:
    """The user's feed (of `body`, or their own meetings when None) with a new secret address; the first call
    gives the address, every later one replaces it, and the old address answers nothing any more."""
    if body is not None and not scope.covers(body.path):
        raise CalendarError("outside_scope", _("This body is outside your territory."))
    if not getattr(acting_user, "is_authenticated", False):
        raise CalendarError("outside_scope", _("Sign in to get a calendar address."))
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=acting_user, body=body).first()
        renewed = feed is not None
        if feed is None:
            feed = CalendarFeed.objects.create(user=acting_user, body=body, token=new_token())
        else:
            feed.token = new_token()
            feed.save(update_fields=["token"])
        audit_record(
            acting_user=acting_user,
            action="calendar_feed.renew" if renewed else "calendar_feed.create",
            target=feed,
            territory_path=body.path if body is not None else NATIONAL,
            changes={"body": body.pk} if body is not None else {},
        )
        return feed
