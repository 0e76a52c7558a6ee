"""Holes in the directives app, each a test that fails today and passes once it is closed."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tanzim.directives.models import Assignment
from tanzim.directives.services import directive_send
from tests.review.world import EVERYTHING, signed_in


def _from_the_region(w):
    directive = directive_send(
        acting_user=None,
        scope=EVERYTHING,
        issuer=w["region"],
        title="تجديد مكاتب الفروع قبل نهاية السنة",
        rule="by_hand",
        bodies=[w["province"]],
        due_date=dt.date(2026, 1, 1),
    )
    return Assignment.objects.get(directive=directive)


def test_the_recipient_cannot_waive_the_directive_the_region_sent_it(world):
    """The region sent Taounate a directive, now overdue. Waiving is the sender's decision ("the bodies above it,
    which may also waive it", directives/services.py); today Taounate's head waives her own assignment with one
    tap, and it leaves the region's overdue list and her province's evaluation ("overdue" no longer counted)."""
    assignment = _from_the_region(world)
    head = signed_in(world["head_user"])
    response = head.post(reverse("directives:state", args=[assignment.pk]), {"state": "waived", "reason": "لا وقت"})
    assignment.refresh_from_db()
    assert assignment.state == "sent"
    assert response.status_code in (403, 422)
    api = head.post(
        f"/api/v1/directives/assignments/{assignment.pk}/state",
        {"state": "waived", "reason": "لا وقت"},
        content_type="application/json",
    )
    assert api.status_code in (403, 422)
    assignment.refresh_from_db()
    assert assignment.state == "sent"


def test_the_recipient_page_offers_no_waiver_to_the_recipient(world):
    assignment = _from_the_region(world)
    page = signed_in(world["head_user"]).get(reverse("directives:assignment", args=[assignment.pk])).content.decode()
    assert 'name="state" value="waived"' not in page
