"""Attacks on the directives app that it withstood (kept so that they keep being withstood)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tanzim.directives.models import Assignment, Directive
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


def test_a_directive_due_before_the_day_it_is_sent_is_refused_with_what_was_typed(world):
    """Taounate's head types the due date 01/01/2020 (she meant 2027): today the directive goes out and every
    recipient branch is overdue from its first minute — on the overdue page and in its evaluation score. She
    expects the date refused beside the field, her text kept, nothing sent."""
    head = signed_in(world["head_user"])
    response = head.post(
        reverse("directives:send", args=[world["province"].pk]),
        {
            "title": "إحصاء المنخرطين الجدد",
            "rule": "by_hand",
            "bodies": [str(world["branch"].pk)],
            "due_date": "01/01/2020",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "إحصاء المنخرطين الجدد" in page and 'value="01/01/2020"' in page
    assert not Assignment.objects.exists()


def test_the_branch_head_cannot_touch_the_province_assignment(world):
    assignment = _from_the_region(world)
    branch = signed_in(world["branch_user"])
    assert branch.post(reverse("directives:state", args=[assignment.pk]), {"state": "done"}).status_code == 404
    assert branch.get(reverse("directives:assignment", args=[assignment.pk])).status_code == 404
    assignment.refresh_from_db()
    assert assignment.state == "sent"


def test_the_treasurer_cannot_change_an_assignment(world):
    assignment = _from_the_region(world)
    treasurer = signed_in(world["treasurer_user"])
    response = treasurer.post(reverse("directives:state", args=[assignment.pk]), {"state": "done"})
    assert response.status_code == 422
    api = treasurer.post(
        f"/api/v1/directives/assignments/{assignment.pk}/state", {"state": "done"}, content_type="application/json"
    )
    assert api.status_code == 403
    assignment.refresh_from_db()
    assert assignment.state == "sent"


def test_no_pass_down_to_tetouan_nor_up_to_the_region(world):
    assignment = _from_the_region(world)
    head = signed_in(world["head_user"])
    for target in (world["tetouan"], world["region"]):
        response = head.post(
            reverse("directives:pass_down", args=[assignment.pk]), {"title": "x", "bodies": [str(target.pk)]}
        )
        assert response.status_code == 422
    assert Directive.objects.count() == 1


def test_no_directive_to_tetouan_nor_from_the_region(world):
    head = signed_in(world["head_user"])
    send = reverse("directives:send", args=[world["province"].pk])
    assert head.post(send, {"title": "x", "rule": "by_hand", "bodies": [str(world["tetouan"].pk)]}).status_code == 422
    assert head.post(send, {"title": "x", "rule": "communes", "territory": "01.571"}).status_code == 422
    region = reverse("directives:send", args=[world["region"].pk])
    assert (
        head.post(region, {"title": "x", "rule": "by_hand", "bodies": [str(world["province"].pk)]}).status_code == 404
    )
    assert not Directive.objects.exists()


def test_an_html_file_named_pdf_is_refused_as_evidence(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assignment = _from_the_region(world)
    head = signed_in(world["head_user"])
    upload = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")
    response = head.post(reverse("directives:evidence", args=[assignment.pk]), {"evidence": "تم", "file": upload})
    assert response.status_code == 422
    assert assignment.attachments.count() == 0
