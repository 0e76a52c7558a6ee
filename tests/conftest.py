import os
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings

from tanzim.organization.services import party_setup
from tanzim.territory.services import territory_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The official division is loaded once per test database; every test reads it inside its transaction."""
    with django_db_blocker.unblock():
        territory_load()


def otp_verify_session(client: Client, user) -> TOTPDevice:
    """Mark the client's session as having passed the second factor, with a confirmed device of the user's."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    otp_login(request, device)  # django-otp's own login: the session carries the device as in a real sign-in
    request.session.save()
    return device


class TanzimClient(Client):
    """The test client, whose `force_login` signs in with both factors unless told `verified=False`.

    National readers must pass a second factor; tests that are not about it sign in as a user who has.
    """

    def force_login(self, user, backend=None, *, verified: bool = True):
        super().force_login(user, backend)
        if verified:
            otp_verify_session(self, user)

    def login(self, **credentials) -> bool:
        """A password sign-in (no second factor). django-axes counts it, so it needs a request to count."""
        user = authenticate(RequestFactory().post("/accounts/login/"), **credentials)
        if user is None:
            return False
        self._login(user)
        return True


@pytest.fixture
def client() -> TanzimClient:
    return TanzimClient()


@pytest.fixture
def login(client):
    """`login(user, verified=True, language="ar")` signs `user` in on the test client and returns the client.

    `verified=False` signs in with the password only: the second factor is still to be passed.
    """

    def _login(user, *, verified: bool = True, language: str = "ar") -> TanzimClient:
        client.force_login(user, verified=verified)
        client.cookies["django_language"] = language
        return client

    return _login


# Rows the migrations seed (the nomenclature's lists, the department's default weighting): a test on a committed
# database (`transactional_db`) flushes them with everything else; `reseeded_after_flush` puts them back.
SEEDING_MIGRATIONS = [
    "tanzim.activities.migrations.0002_activity_kinds",
    "tanzim.evaluation.migrations.0002_default_weighting",
    "tanzim.elections.migrations.0002_legislative_2026",
    "tanzim.voters.migrations.0002_revision_calendars",
]


def reseed() -> None:
    import importlib

    from django.apps import apps
    from django.db import migrations

    from tanzim.people import selectors

    territory_load()
    # The communes' ids a scope holds are kept per process: the division loaded again has new ids.
    selectors._commune_ids.cache_clear()
    for module in SEEDING_MIGRATIONS:
        for operation in importlib.import_module(module).Migration.operations:
            if isinstance(operation, migrations.RunPython):
                operation.code(apps, None)


@pytest.fixture
def reseeded_after_flush(django_db_blocker):
    """Set up before the committed database and torn down after its flush: the division and the seeded rows are
    loaded again for the tests that follow on this worker (they read them inside their own transaction)."""
    yield
    with django_db_blocker.unblock():
        reseed()


@pytest.fixture
def party(db):
    return party_setup(acting_user=None, name_ar="حزب الاختبار", name_fr="Parti de test", preset="kitaba")


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("national", password="a-long-test-password")


@pytest.fixture
def client_ar(login, admin_user):
    """The national administrator, signed in with password and second factor, reading Arabic."""
    return login(admin_user, language="ar")


@pytest.fixture
def client_fr(login, admin_user):
    return login(admin_user, language="fr")


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The folder of real reports. Set TANZIM_CORPUS (CI does); when it is set the folder must be there."""
    value = os.environ.get("TANZIM_CORPUS")
    if not value:
        pytest.skip("TANZIM_CORPUS is not set")
    path = Path(value)
    if not (path / "seeds").is_dir():
        pytest.fail(f"TANZIM_CORPUS={value} has no seeds/ folder")
    return path


# Property tests explore new examples on a developer's machine and replay a fixed set in CI, so a landing
# never depends on the luck of a draw; what a developer's run finds becomes an example test.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
