"""A provincial head gives the members of the province their logins, and closes them; nothing outside."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from tanzim.access.models import Account
from tanzim.audit.models import AuditEntry
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, office_renew
from tests.members.factories import make_member
from tests.organization.factories import make_body

PASSWORD = "a-long-enough-password-71"


@pytest.fixture
def province(party):
    bureau = make_body("national_executive")
    office = make_body("provincial_office", "01.571", parent=bureau)
    head = make_member("H-1", first_ar="كريم", last_ar="الصقلي", first_latin="Karim", last_latin="Sqalli")
    office_renew(
        acting_user=None,
        body=office,
        held_on=dt.date(2025, 1, 5),
        seats=[Seat(PositionType.objects.get(key="head"), head.person)],
    )
    user = get_user_model().objects.create_user("head-tetouan", password=PASSWORD)
    Account.objects.create(user=user, person=head.person)
    local = make_member("T-1", first_ar="سعاد", last_ar="البحراوي", first_latin="Souad", last_latin="Bahraoui")
    far = make_member("F-1", first_ar="زمردة", last_ar="الكناريكي", commune="03.531.01.05")
    far_user = get_user_model().objects.create_user("taounate-login", password=PASSWORD)
    far_account = Account.objects.create(user=far_user, person=far.person)
    return {"user": user, "local": local, "far": far, "far_account": far_account}


def test_the_head_gives_a_member_of_the_province_a_login(province, login):
    client = login(province["user"])

    answer = client.post(
        "/accounts/people/",
        {"username": "souad", "card_number": "t-1", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert answer.status_code == 302
    account = Account.objects.get(user__username="souad")
    assert account.person_id == province["local"].person_id
    assert account.user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="account.create", target_id=str(account.pk))
    assert entry.actor == province["user"] and entry.territory_path.startswith("01/01.571/")
    page = client.get("/accounts/people/").content.decode()
    assert "souad" in page and "head-tetouan" in page
    assert "taounate-login" not in page and "الكناريكي" not in page


def test_a_card_of_another_province_is_refused_like_an_unknown_one_and_the_form_keeps_what_was_typed(province, login):
    client = login(province["user"])

    answer = client.post(
        "/accounts/people/",
        {"username": "zumurruda", "card_number": "F-1", "password1": PASSWORD, "password2": PASSWORD},
    )
    unknown = client.post(
        "/accounts/people/",
        {"username": "nobody", "card_number": "NOPE-9", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'value="zumurruda"' in html and 'value="F-1"' in html
    error = "لا يوجد منخرط بهذا الرقم في نطاقك"
    assert error in html and error in unknown.content.decode()
    assert not get_user_model().objects.filter(username__in=["zumurruda", "nobody"]).exists()


def test_a_weak_password_or_a_second_login_is_refused(province, login):
    client = login(province["user"])

    weak = client.post(
        "/accounts/people/", {"username": "souad", "card_number": "T-1", "password1": "1234", "password2": "1234"}
    )
    second = client.post(
        "/accounts/people/",
        {"username": "karim2", "card_number": "H-1", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert weak.status_code == 200 and second.status_code == 200
    assert "errorlist" in weak.content.decode() or 'class="error"' in weak.content.decode()
    assert not get_user_model().objects.filter(username__in=["souad", "karim2"]).exists()


def test_closing_a_login_of_another_province_is_a_404_and_of_ones_own_territory_works(province, login):
    client = login(province["user"])
    local = Account.objects.create(
        user=get_user_model().objects.create_user("souad", password=PASSWORD), person=province["local"].person
    )

    assert client.post(f"/accounts/people/{province['far_account'].pk}/close/").status_code == 404
    assert client.post(f"/accounts/people/{local.pk}/close/").status_code == 302

    local.user.refresh_from_db()
    province["far_account"].user.refresh_from_db()
    assert not local.user.is_active and province["far_account"].user.is_active
    assert AuditEntry.objects.filter(action="account.deactivate", actor=province["user"]).count() == 1


def test_a_reader_without_the_accounts_capability_is_refused(province, login):
    treasurer = make_member("T-2", first_ar="نادية", last_ar="التازي")
    office = make_body("local_office", "01.571.01.11")
    office_renew(
        acting_user=None,
        body=office,
        held_on=dt.date(2025, 1, 5),
        seats=[
            Seat(PositionType.objects.get(key="head"), province["local"].person),
            Seat(PositionType.objects.get(key="treasurer"), treasurer.person),
        ],
    )
    user = get_user_model().objects.create_user("treasurer", password=PASSWORD)
    Account.objects.create(user=user, person=treasurer.person)

    assert login(user).get("/accounts/people/").status_code == 403
