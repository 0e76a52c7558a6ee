import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tanzim.directives.models import Assignment, AssignmentAttachment, AssignmentState, Directive
from tanzim.territory.scope import Scope

from .factories import make_decision, make_world, official
from .test_services import _structuring


@pytest.fixture
def world(party):
    w = make_world()
    w["province_head"] = official(w["province"], "taounate-head")
    w["branch_head"] = official(w["branches"][0], "branch-head")
    w["tetouan_head"] = official(w["tetouan"], "tetouan-head")
    return w


def _text(response) -> str:
    return response.content.decode()


def test_the_province_sends_the_structuring_directive_from_its_meetings_decision(world, login):
    decision = make_decision(world["province"])
    client = login(world["province_head"])
    page = client.get(f"/directives/send/decision/{decision.pk}/")
    assert page.status_code == 200 and "17/01/2026" in _text(page)
    answer = client.post(
        f"/directives/send/decision/{decision.pk}/",
        {
            "title": "تعميم الهيكلة على جميع جماعات الإقليم",
            "due_months": "3",
            "rule": "communes",
            "territory": "03.531",
        },
    )
    directive = Directive.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/directives/{directive.pk}/"
    page = client.get(answer["Location"])
    text = _text(page)
    n = len(world["communes"])
    assert f"3 من أصل {n}" in text  # "3 of 49 communes structured" (Arabic plural form chosen by the count)
    assert "17/04/2026" in text
    # The follow-up lists it with its roll-up.
    assert directive.title in _text(client.get("/directives/sent/"))
    # The body page shows it under "sent".
    assert directive.title in _text(client.get(reverse("organization:detail", args=[world["province"].pk])))


def test_a_refused_directive_keeps_what_was_typed(world, login):
    client = login(world["province_head"])
    answer = client.post(
        f"/directives/send/{world['province'].pk}/",
        {"title": "إعادة تفعيل الأمانات المحلية", "rule": "sub_bodies", "level": "", "territory": "03.531"},
    )
    assert answer.status_code == 422
    text = _text(answer)
    assert "إعادة تفعيل الأمانات المحلية" in text and 'class="error"' in text
    assert not Directive.objects.exists()


def test_a_branch_marks_its_assignment_done_with_one_tap(world, login):
    directive = _structuring(world)
    a = Assignment.objects.get(directive=directive, body=world["branches"][0])
    client = login(world["branch_head"])
    todo = _text(client.get("/directives/"))
    assert directive.title in todo
    page = client.get(f"/directives/assignment/{a.pk}/")
    assert page.status_code == 200
    assert f'/directives/{directive.pk}/"' not in _text(page)  # the branch does not read the directive's page
    assert client.get(f"/directives/{directive.pk}/").status_code == 404
    answer = client.post(f"/directives/assignment/{a.pk}/state/", {"state": "done"})
    assert answer.status_code == 302
    a.refresh_from_db()
    assert a.state == "done"
    # Another branch's assignment is not there for this branch.
    other = Assignment.objects.get(directive=directive, body=world["branches"][1])
    assert client.get(f"/directives/assignment/{other.pk}/").status_code == 404
    assert client.post(f"/directives/assignment/{other.pk}/state/", {"state": "done"}).status_code == 404
    other.refresh_from_db()
    assert other.state == "sent"
    # The province sees it done in the roll-up.
    province = login(world["province_head"])
    text = _text(province.get(f"/directives/{directive.pk}/"))
    with translation.override("ar"):
        done = str(AssignmentState.DONE.label)
    row = text.split(world["branches"][0].territory.name_ar, 1)[1].split("</tr>", 1)[0]
    assert done in row


def test_evidence_and_attachments_are_served_only_through_scope(world, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    directive = _structuring(world)
    a = Assignment.objects.get(directive=directive, body=world["branches"][0])
    client = login(world["branch_head"])
    refused = client.post(
        f"/directives/assignment/{a.pk}/evidence/",
        {"evidence": "محضر الجمع العام", "file": SimpleUploadedFile("x.exe", b"MZ...", "application/octet-stream")},
    )
    assert refused.status_code == 422 and "محضر الجمع العام" in _text(refused)
    answer = client.post(
        f"/directives/assignment/{a.pk}/evidence/",
        {"evidence": "محضر الجمع العام", "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", "application/pdf")},
    )
    assert answer.status_code == 302
    item = AssignmentAttachment.objects.get()
    got = client.get(f"/directives/attachment/{item.pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 test"
    tetouan = login(world["tetouan_head"])
    assert tetouan.get(f"/directives/attachment/{item.pk}/").status_code == 404


def test_a_tetouan_head_cannot_send_from_taounate_nor_change_its_assignments(world, login):
    directive = _structuring(world)
    a = Assignment.objects.get(directive=directive, body=world["branches"][0])
    client = login(world["tetouan_head"])
    assert client.get(f"/directives/send/{world['province'].pk}/").status_code == 404
    assert client.post(f"/directives/assignment/{a.pk}/state/", {"state": "done"}).status_code == 404
    answer = client.post(
        f"/directives/send/{world['tetouan'].pk}/",
        {"title": "x", "rule": "by_hand", "bodies": [str(world["branches"][0].pk)]},
    )
    assert answer.status_code == 422
    assert Directive.objects.count() == 1
    assert directive.title not in _text(client.get("/directives/overdue/"))


def test_overdue_page_counts_in_arabic_and_french(world, login, admin_user):
    directive = _structuring(world)
    Assignment.objects.filter(directive=directive).update(due_date=dt.date(2020, 1, 1))
    n = len(world["communes"])
    ar = _text(login(admin_user).get("/directives/overdue/"))
    assert n > 10 and f"{n} تكليفا متأخرا في ترابك." in ar
    fr = _text(login(admin_user, language="fr").get("/directives/overdue/"))
    assert f"{n} affectations sont en retard sur votre territoire." in fr
    assert "01/01/2020" in fr and "01/01/2020" in ar


def test_pass_down_from_the_assignment_page(world, login):
    from tanzim.directives.services import directive_send

    directive = directive_send(
        acting_user=None,
        scope=Scope.of("03/"),
        issuer=world["region"],
        title="تحيين لوائح المنخرطين",
        due_date=dt.date(2026, 3, 31),
        rule="sub_bodies",
        level="provincial",
    )
    parent = Assignment.objects.get(directive=directive)
    client = login(world["province_head"])
    answer = client.post(f"/directives/assignment/{parent.pk}/pass-down/", {"title": directive.title, "level": "local"})
    assert answer.status_code == 302
    relay = Directive.objects.get(parent_assignment=parent)
    assert relay.assignments.count() == len(world["branches"]) + 1
    page = _text(client.get(f"/directives/assignment/{parent.pk}/"))
    assert world["branches"][0].name in page
