import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from hypothesis import settings

from tanzim.organization.services import party_setup
from tanzim.territory.services import territory_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The official division is loaded once per test database; every test reads it inside its transaction."""
    with django_db_blocker.unblock():
        territory_load()


@pytest.fixture
def party(db):
    return party_setup(acting_user=None, name_ar="حزب الاختبار", name_fr="Parti de test", preset="kitaba")


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("national", password="a-long-test-password")


@pytest.fixture
def client_ar(client, admin_user):
    client.force_login(admin_user)
    client.cookies["django_language"] = "ar"
    return client


@pytest.fixture
def client_fr(client, admin_user):
    client.force_login(admin_user)
    client.cookies["django_language"] = "fr"
    return client


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
