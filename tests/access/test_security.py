"""Account security: login lockout, the second factor asked of national readers, the account page, sessions."""

import base64
import datetime as dt
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tanzim.access.capabilities import Capability
from tanzim.access.services import grant_create
from tanzim.audit.models import AuditEntry
from tanzim.territory.models import Territory

PASSWORD = "a-long-test-password"
LOGIN = "/accounts/login/"


def make_user(username, *, territory_code=None, national=False, superuser=False):
    """A login with a grant on a territory (by HCP code), a national grant, or the superuser flag."""
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, password=PASSWORD)
    user = User.objects.create_user(username, password=PASSWORD)
    if territory_code or national:
        grant_create(
            acting_user=None,
            user=user,
            territory=Territory.objects.get(code=territory_code) if territory_code else None,
            capabilities=[Capability.READ, Capability.PERSONAL_DATA],
            starts_on=timezone.localdate() - dt.timedelta(days=1),
            ends_on=timezone.localdate() + dt.timedelta(days=90),
            reason="intérim",
        )
    return user


def code_of(device, *, offset=0):
    """The code the authenticator app shows now (offset: that many steps away)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):0{device.digits}d}"


def wrong_code(device):
    valid = {code_of(device, offset=o) for o in range(-device.tolerance, device.tolerance + 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def in_language(language, text):
    with translation.override(language):
        return translation.gettext(text)


# --------------------------------------------------------------------------------------------- login lockout


def test_the_right_password_is_refused_after_the_failure_limit_with_a_page_in_arabic(party, client):
    user = make_user("kateb", territory_code="01.571")
    client.cookies["django_language"] = "ar"
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5  # TANZIM_LOGIN_FAILURES' default

    # given limit - 1 wrong passwords, from as many addresses (a guess spread over machines)
    for i in range(limit - 1):
        answer = client.post(LOGIN, {"username": "kateb", "password": "wrong-guess"}, REMOTE_ADDR=f"10.0.0.{i + 1}")
        assert answer.status_code == 200  # the sign-in form again, with its error
    # when the limit is reached
    locked = client.post(LOGIN, {"username": "kateb", "password": "wrong-guess"}, REMOTE_ADDR="10.9.9.9")
    # then the right password is refused too, with the lockout page in the reader's language
    answer = client.post(LOGIN, {"username": "kateb", "password": PASSWORD}, REMOTE_ADDR="192.0.2.7")
    for response in (locked, answer):
        assert response.status_code == 429
        html = response.content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert in_language("ar", "Sign-in locked") in html
        assert "Account locked: too many login attempts" not in html  # not django-axes' English default
    assert "_auth_user_id" not in client.session
    assert client.get("/bodies/").status_code == 302  # still signed out
    assert user.is_active  # locked for a while, not deactivated


def test_the_lockout_page_says_how_long_in_french(party, client):
    make_user("kateb", territory_code="01.571")
    client.cookies["django_language"] = "fr"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(LOGIN, {"username": "kateb", "password": "wrong-guess"})
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "30" in html  # TANZIM_LOCKOUT_MINUTES' default


def test_a_lockout_holds_one_username_not_the_others(party, client):
    make_user("kateb", territory_code="01.571")
    make_user("amin", territory_code="01.571")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "kateb", "password": "wrong-guess"})

    answer = client.post(LOGIN, {"username": "amin", "password": PASSWORD})

    assert answer.status_code == 302
    assert client.get("/bodies/").status_code == 200


def test_a_success_before_the_limit_starts_the_count_again(party, client):
    make_user("kateb", territory_code="01.571")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "kateb", "password": "wrong-guess"})
    assert client.post(LOGIN, {"username": "kateb", "password": PASSWORD}).status_code == 302
    client.post(reverse("logout"))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "kateb", "password": "wrong-guess"})

    assert client.post(LOGIN, {"username": "kateb", "password": PASSWORD}).status_code == 302


def test_the_test_clients_password_login_goes_through_the_lockout_too(party, client, admin_user):
    assert client.login(username="national", password=PASSWORD)
    assert client.get("/bodies/")["Location"].startswith("/accounts/two-factor/setup/")  # password only
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not client.login(username="national", password="wrong-guess")

    assert not client.login(username="national", password=PASSWORD)


# ------------------------------------------------------------------------------------- second factor required


@pytest.mark.parametrize("kind", ["superuser", "national grant"])
def test_a_national_reader_without_second_factor_is_sent_to_set_it_up_and_the_api_refuses(party, login, kind):
    user = make_user("watani", superuser=kind == "superuser", national=kind == "national grant")
    client = login(user, verified=False)

    page = client.get("/bodies/?level=province")
    api = client.get("/api/v1/bodies")

    assert page.status_code == 302
    assert page["Location"] == "/accounts/two-factor/setup/?next=%2Fbodies%2F%3Flevel%3Dprovince"
    assert api.status_code == 403
    assert api.json() == {
        "code": "otp_required",
        "message": in_language("ar", "Enter the code of your authenticator app to continue."),
        "field": None,
    }
    assert client.get("/accounts/me/").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/setup/")
    # the pages needed to pass it, to leave or to change language stay open
    assert client.get("/accounts/two-factor/setup/").status_code == 200
    assert client.post(reverse("set_language"), {"language": "fr", "next": "/"}).status_code == 302


def test_an_htmx_request_is_sent_to_the_second_factor_by_htmx(party, login, admin_user):
    client = login(admin_user, verified=False)

    response = client.get("/bodies/", HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"].startswith("/accounts/two-factor/setup/")


def test_a_provincial_reader_is_not_asked_for_a_second_factor(party, login):
    user = make_user("kateb", territory_code="01.571")
    client = login(user, verified=False)

    assert client.get("/bodies/").status_code == 200
    assert client.get("/api/v1/bodies").status_code == 200
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_setting_up_the_app_with_a_real_code_verifies_the_session(party, login, admin_user):
    client = login(admin_user, verified=False)
    # given the set-up page: a QR code drawn here and the key to type by hand
    page = client.get("/accounts/two-factor/setup/?next=/members/")
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    assert page.status_code == 200
    assert "<svg" in html
    assert "https://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")
    assert page.context["secret"].replace(" ", "") in base64.b32encode(device.bin_key).decode()
    assert page.context["secret"] in html
    # a reload shows the same key, so a code already scanned stays good
    assert client.get("/accounts/two-factor/setup/").context["secret"] == page.context["secret"]

    # when the first code the app shows is entered
    answer = client.post("/accounts/two-factor/setup/", {"token": code_of(device), "next": "/members/"})

    # then the device is confirmed, the session verified, and the reader goes where they were going
    assert answer.status_code == 302
    assert answer["Location"] == "/members/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/bodies/").status_code == 200
    assert client.get("/api/v1/bodies").status_code == 200
    assert AuditEntry.objects.filter(action="otp.enable", actor=admin_user).count() == 1


def test_a_wrong_code_is_refused_with_a_message(party, login, admin_user):
    client = login(admin_user, verified=False)
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)

    answer = client.post("/accounts/two-factor/setup/", {"token": wrong_code(device)})

    assert answer.status_code == 200
    message = in_language("ar", "This code is not the one the app shows now. Check the phone's clock and try again.")
    assert escape(message) in answer.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/bodies/").status_code == 302


def test_the_code_is_asked_at_each_sign_in_once_a_device_is_confirmed(party, client):
    # given a provincial official (not required to) who turned the second factor on
    user = make_user("kateb", territory_code="01.571")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    # when they sign in with their password
    signed_in = client.post(LOGIN, {"username": "kateb", "password": PASSWORD, "next": "/members/"})
    assert signed_in["Location"] == "/members/"
    asked = client.get("/members/")

    # then the code is asked before any page, and the set-up page cannot be used to get around it
    assert asked["Location"] == "/accounts/two-factor/verify/?next=%2Fmembers%2F"
    assert client.get("/accounts/two-factor/setup/")["Location"].startswith("/accounts/two-factor/verify/")
    refused = client.post("/accounts/two-factor/verify/", {"token": wrong_code(device), "next": "/members/"})
    assert (
        in_language("ar", "This code is not valid. Enter the six digits the app shows now.") in refused.content.decode()
    )
    assert client.get("/members/").status_code == 302

    device.throttling_failure_timestamp = None  # the wrong code above asks for a one-second pause; not timed here
    device.throttling_failure_count = 0
    device.save()
    passed = client.post("/accounts/two-factor/verify/", {"token": code_of(device), "next": "/members/"})
    assert passed["Location"] == "/members/"
    assert client.get("/members/").status_code == 200

    # and a new sign-in asks again
    client.post(reverse("logout"))
    client.post(LOGIN, {"username": "kateb", "password": PASSWORD})
    assert client.get("/members/")["Location"].startswith("/accounts/two-factor/verify/")


def test_repeated_wrong_codes_slow_the_next_tries(party, login):
    user = make_user("kateb", territory_code="01.571")
    device = TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True, throttling_failure_count=6, throttling_failure_timestamp=timezone.now()
    )
    client = login(user, verified=False)

    answer = client.post("/accounts/two-factor/verify/", {"token": code_of(device)})

    assert in_language("ar", "Too many wrong codes. Wait a moment before trying again.") in answer.content.decode()
    assert client.get("/members/").status_code == 302


def test_the_second_factor_is_turned_off_only_where_it_is_not_required(party, login, admin_user):
    provincial = make_user("kateb", territory_code="01.571")
    client = login(provincial)  # signed in with both factors: a device is confirmed
    assert TOTPDevice.objects.filter(user=provincial, confirmed=True).exists()

    client.post("/accounts/two-factor/disable/")

    assert not TOTPDevice.objects.filter(user=provincial).exists()
    assert AuditEntry.objects.filter(action="otp.disable", actor=provincial).count() == 1
    assert client.get("/members/").status_code == 200

    national = login(admin_user)
    refused = national.post("/accounts/two-factor/disable/", follow=True)
    assert in_language("ar", "Your responsibilities require two-factor authentication: it stays on.") in (
        refused.content.decode()
    )
    assert TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()


def test_a_full_sign_in_of_the_administrator_with_password_and_code(party, client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)

    client.post(LOGIN, {"username": "national", "password": PASSWORD})
    assert client.get("/api/v1/bodies").json()["code"] == "otp_required"
    client.post("/accounts/two-factor/verify/", {"token": code_of(device)})

    assert client.get("/api/v1/bodies").status_code == 200
    assert client.get("/admin/").status_code == 200


# ------------------------------------------------------------------------------------------------ account page


def test_the_account_page_shows_where_the_authority_comes_from(party, login):
    user = make_user("kateb", territory_code="01.571")
    client = login(user, language="ar")

    page = client.get(reverse("account"))
    html = page.content.decode()

    assert page.status_code == 200
    assert "kateb" in html
    assert "intérim" in html  # the grant's reason labels it
    assert Territory.objects.get(code="01.571").name_ar in html
    with translation.override("ar"):
        assert str(Capability.PERSONAL_DATA.label) in html
        assert str(Capability.READ.label) in html
        assert str(Capability.EXPORT.label) not in html
    until = timezone.localdate() + dt.timedelta(days=90)
    assert until.strftime("%d/%m/%Y") in html
    assert reverse("password_change") in html
    assert reverse("otp_disable") in html  # a provincial reader may turn the second factor off
    # the header links the username to this page
    assert f'href="{reverse("account")}"' in client.get("/bodies/").content.decode()


def test_the_account_page_of_the_administrator(client_fr):
    html = client_fr.get(reverse("account")).content.decode()
    assert in_language("fr", "Administrator of the platform") in html
    assert in_language("fr", "National") in html
    assert reverse("otp_disable") not in html  # required: no way to turn it off


def test_the_password_is_changed_under_the_project_rules(party, login):
    user = make_user("kateb", territory_code="01.571")
    client = login(user)
    assert client.get(reverse("password_change")).status_code == 200

    too_short = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )
    assert too_short.status_code == 200
    done = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "tetouan-ramadan-2026", "new_password2": "tetouan-ramadan-2026"},
    )

    assert done["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("tetouan-ramadan-2026")
    assert client.get(reverse("password_change_done")).status_code == 200  # still signed in


# ------------------------------------------------------------------------------------ sessions and deployment


def test_sessions_end_after_an_idle_hour_and_with_the_browser(party, login):
    assert settings.SESSION_COOKIE_AGE == 60 * 60  # TANZIM_SESSION_IDLE_MINUTES' default
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client = login(make_user("kateb", territory_code="01.571"))

    response = client.get("/bodies/")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    session = Session.objects.get(session_key=cookie.value)
    # a request pushes the end of the session an idle period ahead
    assert session.expire_date > timezone.now() + dt.timedelta(minutes=59)

    # ... at most once a minute: a request within the minute writes nothing
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + dt.timedelta(minutes=30))
    client.get("/bodies/")
    assert Session.objects.get(pk=session.pk).expire_date < timezone.now() + dt.timedelta(minutes=31)
    # ... and the first request after it pushes the end again
    data = Session.objects.get(pk=session.pk).get_decoded()
    data["_touched"] -= 61
    Session.objects.filter(pk=session.pk).update(session_data=Session.objects.encode(data))
    client.get("/bodies/")
    assert Session.objects.get(pk=session.pk).expire_date > timezone.now() + dt.timedelta(minutes=59)


def run_tanzim(args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TANZIM_DEBUG"}}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tanzim", *args], capture_output=True, text=True, env=environment, timeout=120
    )


def test_production_settings_pass_the_deployment_check_without_a_warning(tmp_path):
    result = run_tanzim(
        ["check", "--deploy"],
        DJANGO_SETTINGS_MODULE="tanzim.config.settings.production",
        TANZIM_SECRET_KEY=secrets.token_urlsafe(45)[:60],
        TANZIM_DATA_DIR=str(tmp_path),
        TANZIM_ALLOWED_HOSTS="tanzim.example.org",
    )
    output = result.stdout + result.stderr

    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "W0" not in output
    assert "no issues" in output


def test_the_limits_come_from_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), s.SESSION_COOKIE_AGE)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "tanzim.config.settings.base",
            "TANZIM_DEBUG": "1",
            "TANZIM_DATA_DIR": str(tmp_path),
            "TANZIM_LOGIN_FAILURES": "3",
            "TANZIM_LOCKOUT_MINUTES": "10",
            "TANZIM_SESSION_IDLE_MINUTES": "15",
        },
    )
    assert result.stdout.split()[-3:] == ["3", "600", "900"], result.stderr
