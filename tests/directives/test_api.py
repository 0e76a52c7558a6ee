import pytest

from tanzim.directives.models import Assignment

from .factories import make_world, official
from .test_services import _structuring


@pytest.fixture
def world(party):
    w = make_world()
    w["province_head"] = official(w["province"], "taounate-head")
    w["branch_head"] = official(w["branches"][0], "branch-head")
    w["tetouan_head"] = official(w["tetouan"], "tetouan-head")
    return w


def test_received_sent_detail_and_state_change(world, login):
    directive = _structuring(world)
    branch = login(world["branch_head"])
    received = branch.get("/api/v1/directives/received").json()
    assert [r["directive"] for r in received] == [directive.title]
    a = received[0]
    assert a["due_date"] == "2026-04-17" and a["state"] == "sent"
    assert branch.get(f"/api/v1/directives/{directive.pk}").status_code == 404
    answer = branch.post(
        f"/api/v1/directives/assignments/{a['id']}/state", {"state": "waived"}, content_type="application/json"
    )
    assert answer.status_code == 422 and answer.json()["code"] == "reason_required"
    answer = branch.post(
        f"/api/v1/directives/assignments/{a['id']}/state", {"state": "done"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["shown_state"] == "done"
    province = login(world["province_head"])
    sent = province.get("/api/v1/directives/sent").json()
    assert sent[0]["counts"]["done"] == 1 and sent[0]["counts"]["structured"] == 3
    detail = province.get(f"/api/v1/directives/{directive.pk}").json()
    assert len(detail["assignments"]) == len(world["communes"])


def test_a_tetouan_head_gets_404_on_taounate_assignments(world, login):
    directive = _structuring(world)
    a = Assignment.objects.filter(directive=directive).first()
    client = login(world["tetouan_head"])
    assert client.get(f"/api/v1/directives/assignments/{a.pk}").status_code == 404
    answer = client.post(
        f"/api/v1/directives/assignments/{a.pk}/state", {"state": "done"}, content_type="application/json"
    )
    assert answer.status_code == 404
    a.refresh_from_db()
    assert a.state == "sent"
    assert client.get("/api/v1/directives/overdue").json() == []
