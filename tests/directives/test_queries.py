"""The directives' pages ask the database a fixed number of questions, however many directives, recipients and
overdue assignments lie behind them (the roll-ups are counted by the database, the overdue page reads its page of
rows only)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tanzim.directives.models import Assignment, Directive, TargetRule
from tanzim.directives.services import assignment_pass_down, directive_send
from tanzim.territory.scope import Scope

from .factories import make_decision, make_world, official

PAST = dt.date(2020, 1, 1)


@pytest.fixture
def world(party):
    w = make_world()
    w["province_head"] = official(w["province"], "taounate-head")
    return w


def _send(world, n: int, *, start: int) -> None:
    """`n` more directives from the province to every commune, and `n` from the region to the province, the
    province passing each down to its branches; every assignment overdue."""
    for i in range(start, start + n):
        decision = make_decision(world["province"], text=f"قرار {i}")
        directive_send(
            acting_user=None,
            scope=Scope.of("03/03.531/"),
            issuer=world["province"],
            decision=decision,
            title=f"توجيه إقليمي {i}",
            due_date=dt.date(2026, 4, 17),
            rule=TargetRule.COMMUNES,
            territory=world["province"].territory,
        )
        from_region = directive_send(
            acting_user=None,
            scope=Scope.of("03/"),
            issuer=world["region"],
            title=f"توجيه جهوي {i}",
            due_date=dt.date(2026, 3, 31),
            rule=TargetRule.SUB_BODIES,
            level="provincial",
        )
        assignment_pass_down(
            acting_user=None,
            scope=Scope.of("03/03.531/"),
            assignment=Assignment.objects.get(directive=from_region),
            level="local",
            due_date=dt.date(2026, 3, 15),
        )
        # The first directive the province received, relayed once more, to one branch at a time.
        first = Assignment.objects.filter(body=world["province"]).earliest("id")
        assignment_pass_down(
            acting_user=None,
            scope=Scope.of("03/03.531/"),
            assignment=first,
            title=f"تتبع {i}",
            bodies=[world["branches"][i % len(world["branches"])]],
        )
    Assignment.objects.update(due_date=PAST)


def _pages(world) -> dict[str, str]:
    latest = Directive.objects.filter(issuer=world["province"], parent_assignment__isnull=True).latest("id")
    received = Assignment.objects.filter(body=world["province"]).earliest("id")
    return {
        "overdue": "/directives/overdue/",
        "follow-up": "/directives/sent/",
        "to do": "/directives/",
        "directive": f"/directives/{latest.pk}/",
        "assignment": f"/directives/assignment/{received.pk}/",
    }


def _queries(client, url: str) -> tuple[int, str]:
    assert client.get(url).status_code == 200  # the session and the reader's caches are warm
    with CaptureQueriesContext(connection) as asked:
        page = client.get(url)
    assert page.status_code == 200
    return len(asked), page.content.decode()


def test_the_directives_pages_ask_as_many_queries_for_many_rows_as_for_one(world, login, admin_user):
    _send(world, 1, start=1)
    readers = {"province": login(world["province_head"])}
    small = {name: _queries(readers["province"], url)[0] for name, url in _pages(world).items()}
    national_small, _ = _queries(login(admin_user), "/directives/overdue/")

    _send(world, 5, start=2)
    big, texts = {}, {}
    client = login(world["province_head"])
    for name, url in _pages(world).items():
        big[name], texts[name] = _queries(client, url)
    national_big, national_text = _queries(login(admin_user), "/directives/overdue/")

    assert big == small
    assert national_big == national_small
    # The pages do show the many rows they were asked for.
    communes = len(world["communes"])
    assert all(f"توجيه إقليمي {i}" in texts["follow-up"] for i in range(1, 7))
    assert all(f"توجيه جهوي {i}" in texts["to do"] for i in range(1, 7))
    overdue = Assignment.objects.count()
    assert overdue > 6 * communes
    assert f"{overdue} تكليفا متأخرا في ترابك." in national_text
    assert national_text.count("01/01/2020") == 50  # one page of 50 rows
    assert texts["directive"].count('class="state-sent overdue"') == communes
    assert all(f"تتبع {i}" in texts["assignment"] for i in range(1, 7))
