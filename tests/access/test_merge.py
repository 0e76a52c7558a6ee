"""Merging two entries carries what other apps hold about the dropped one, or refuses and changes nothing."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from tanzim.access.models import Account
from tanzim.members.models import Member
from tanzim.members.services import MemberError, member_merge
from tanzim.privacy.models import Consent
from tanzim.privacy.services import consent_record
from tanzim.territory.scope import Scope
from tests.members.factories import make_member

EVERYTHING = Scope.everything()


@pytest.fixture
def twins(party):
    keep = make_member("M-1", first_latin="Karim", last_latin="Sqalli", cin="AB123456")
    drop = make_member("M-2", first_latin="Karim", last_latin="Sqalli", cin="AB123456")
    return keep, drop


def test_the_consents_of_the_dropped_entry_move_to_the_kept_one(twins):
    keep, drop = twins
    consent_record(
        acting_user=None,
        scope=EVERYTHING,
        member=drop,
        purpose="communication",
        channel="paper",
        given_on=dt.date(2024, 1, 5),
    )
    consent_record(
        acting_user=None,
        scope=EVERYTHING,
        member=keep,
        purpose="registry",
        channel="paper",
        given_on=dt.date(2024, 2, 1),
    )
    consent_record(
        acting_user=None,
        scope=EVERYTHING,
        member=drop,
        purpose="registry",
        channel="online",
        given_on=dt.date(2023, 2, 1),
    )

    member_merge(acting_user=None, scope=EVERYTHING, keep=keep, drop=drop)

    purposes = sorted(Consent.objects.filter(member=keep).values_list("purpose", flat=True))
    assert purposes == ["communication", "registry"]  # the dropped one's second registry consent went with it
    assert not Member.objects.filter(pk=drop.pk).exists()


def test_an_entry_with_a_login_is_not_merged_away(twins):
    keep, drop = twins
    user = get_user_model().objects.create_user("karim", password="a-long-test-password")
    Account.objects.create(user=user, person=drop.person)

    with pytest.raises(MemberError) as refused:
        member_merge(acting_user=None, scope=EVERYTHING, keep=keep, drop=drop)

    assert refused.value.code == "linked_record"
    assert Member.objects.filter(pk=drop.pk).exists()
    assert Account.objects.get(user=user).person_id == drop.person_id
    # The other way round keeps the login with its person.
    member_merge(acting_user=None, scope=EVERYTHING, keep=drop, drop=keep)
    assert Account.objects.get(user=user).person_id == drop.person_id
