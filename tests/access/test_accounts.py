"""A provincial head gives the members of the province their logins, and closes them; nothing outside."""

import datetime as dt
import re

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


def _activation_link(page: str) -> str:
    found = re.search(r"http://testserver(/accounts/activate/[^<\s]+/)", page)
    assert found, "the page shows the activation link"
    return found.group(1)


def test_the_head_gives_a_member_a_login_whose_password_only_its_holder_chooses(province, login, client):
    head = login(province["user"])

    # Password fields sent by a hostile or old form are ignored: the creator never sets the password.
    answer = head.post(
        "/accounts/people/",
        {"username": "souad", "person": "t-1", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert answer.status_code == 200
    page = answer.content.decode()
    assert "رابط التفعيل" in page
    account = Account.objects.get(user__username="souad")
    assert account.person_id == province["local"].person_id
    assert not account.user.has_usable_password() and not account.user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="account.create", target_id=str(account.pk))
    assert entry.actor == province["user"] and entry.territory_path.startswith("01/01.571/")
    listing = head.get("/accounts/people/").content.decode()
    assert "souad" in listing and "head-tetouan" in listing and "بانتظار التفعيل" in listing
    assert "taounate-login" not in listing and "الكناريكي" not in listing

    # The holder opens the link, signed out, and chooses a password; a weak one is refused and nothing is set.
    link = _activation_link(page)
    head.logout()
    weak = client.post(link, {"new_password1": "1234", "new_password2": "1234"})
    assert weak.status_code == 200 and 'class="error"' in weak.content.decode()
    chosen = "my-own-secret-phrase-2026"
    done = client.post(link, {"new_password1": chosen, "new_password2": chosen})
    assert done.status_code == 302
    account.user.refresh_from_db()
    assert account.user.check_password(chosen)
    # The link works once.
    again = client.get(link)
    assert again.status_code == 410 and "لم يعد هذا الرابط صالحا" in again.content.decode()
    other = "another-secret-9921"
    assert client.post(link, {"new_password1": other, "new_password2": other}).status_code == 410
    account.user.refresh_from_db()
    assert account.user.check_password(chosen)


def test_an_activation_link_expires_and_a_new_one_replaces_the_old(province, login, client, settings):
    head = login(province["user"], language="fr")
    first = _activation_link(head.post("/accounts/people/", {"username": "souad", "person": "T-1"}).content.decode())
    account = Account.objects.get(user__username="souad")
    second = _activation_link(head.post(f"/accounts/people/{account.pk}/link/").content.decode())
    head.logout()

    assert client.get(first).status_code == 410  # replaced
    assert client.get(second).status_code == 200
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is now past its time
    assert client.get(second).status_code == 410


def test_a_card_of_another_province_is_refused_like_an_unknown_one_and_the_form_keeps_what_was_typed(province, login):
    client = login(province["user"])

    answer = client.post(
        "/accounts/people/",
        {"username": "zumurruda", "person": "F-1", "password1": PASSWORD, "password2": PASSWORD},
    )
    unknown = client.post(
        "/accounts/people/",
        {"username": "nobody", "person": "NOPE-9", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'value="zumurruda"' in html and 'value="F-1"' in html
    error = "لا يوجد منخرط بهذا الرقم في نطاقك"
    assert error in html and error in unknown.content.decode()
    assert not get_user_model().objects.filter(username__in=["zumurruda", "nobody"]).exists()


def test_a_bad_username_or_a_second_login_is_refused(province, login):
    client = login(province["user"])

    bad = [
        client.post("/accounts/people/", {"username": name, "person": "T-1"})
        for name in ("<svg onload=alert(1)>", "souad\u202egnp", "x" * 150, "so")
    ]
    second = client.post("/accounts/people/", {"username": "karim2", "person": "H-1"})

    for answer in bad:
        assert answer.status_code == 200
        assert "من 3 إلى 40 حرفا" in answer.content.decode()
    assert second.status_code == 200 and "لهذا المنخرط حساب" in second.content.decode()
    assert Account.objects.count() == 2


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
