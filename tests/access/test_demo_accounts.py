"""`make demo` prints logins at every level; each sees its own part of the party, read off the demo's mandates."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tanzim.access.authority import authority_for
from tanzim.access.capabilities import Capability
from tanzim.organization.demo import demo_load
from tanzim.territory.models import Territory


@pytest.fixture
def demo(db):
    demo_load()


def path(code):
    return Territory.objects.get(code=code).path


def test_the_demo_logins_are_printed_with_their_level(demo, capsys):
    call_command("demo_accounts", "--password", "demo-password-for-everyone")
    out = capsys.readouterr().out
    for username in ("national", "regional-rsk", "provincial-tetouan", "branch-tetouan", "treasurer-tetouan"):
        assert username in out
    assert "demo-password-for-everyone" in out


def test_each_demo_login_reads_its_own_territory(demo):
    call_command("demo_accounts", "--password", "demo-password-for-everyone")
    users = {u.username: u for u in get_user_model().objects.all()}

    assert authority_for(users["national"]).is_national
    assert authority_for(users["regional-rsk"]).scope().paths == frozenset({path("04")})
    assert authority_for(users["provincial-tetouan"]).scope().paths == frozenset({path("01.571")})
    branch = authority_for(users["branch-tetouan"])
    assert branch.scope().paths == frozenset({path("01.571.01.11")})
    assert branch.can(Capability.MEMBERS_WRITE, path("01.571.01.11"))
    treasurer = authority_for(users["treasurer-tetouan"])
    assert treasurer.can(Capability.PERSONAL_DATA, path("01.571.01.11"))
    assert not treasurer.can(Capability.MEMBERS_WRITE, path("01.571.01.11"))


def test_the_provincial_login_sees_its_province_and_not_another(demo, client):
    call_command("demo_accounts", "--password", "demo-password-for-everyone")
    client.force_login(get_user_model().objects.get(username="provincial-tetouan"))

    page = client.get("/territory/01.571/")
    other = client.get("/territory/03.531/")

    assert page.status_code == 200
    assert other.status_code == 404


def test_running_it_twice_resets_the_logins_without_duplicating_them(demo):
    call_command("demo_accounts", "--password", "first-password-0001")
    call_command("demo_accounts", "--password", "second-password-0002")
    user = get_user_model().objects.get(username="branch-tetouan")
    assert user.check_password("second-password-0002")
    assert get_user_model().objects.filter(username="branch-tetouan").count() == 1
