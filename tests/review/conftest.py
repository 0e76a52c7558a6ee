"""The reviewer's world as a fixture for every test of this folder."""

import pytest
from django.contrib.auth import get_user_model

from tanzim.organization.models import Body, BodyStatus
from tests.meetings.factories import make_world
from tests.review.world import login_of


@pytest.fixture
def world(party):
    w = make_world()
    Body.objects.filter(pk=w["branch"].pk).update(status=BodyStatus.CONSTITUTED)
    w["branch"].refresh_from_db()
    w["branch_user"] = login_of("taounate-branch", w["local_head"])
    w["national_user"] = get_user_model().objects.create_superuser("national", password="a-long-test-password")
    return w
