"""A name typed with Cyrillic or Greek look-alike letters is found by search and by the duplicate check.

The rule is tanzim.arabic.unmask_latin (tested in tests/arabic); here, what it changes in the registry, and the
migration that recomputed the keys stored before it.
"""

import datetime as dt
import importlib

from django.apps import apps

from tanzim.members.models import DuplicateFlag
from tanzim.members.selectors import MemberFilters, member_list
from tanzim.people.models import Person, person_name_key
from tanzim.territory.scope import Scope
from tests.members.factories import make_member
from tests.people.factories import PersonFactory

# Escaped: in a source file a Cyrillic о and a Latin o cannot be told apart.
DISGUISED_FIRST, DISGUISED_LAST = "M\u043ehamed", "\u0410laoui"  # Cyrillic о, А


def found(text):
    return {m.card_number for m in member_list(scope=Scope.everything(), filters=MemberFilters(text=text))}


def test_search_sees_through_lookalikes_both_ways(party):
    make_member("L-1", first_ar="محمد", last_ar="العلوي", first_latin="Mohamed", last_latin="Alaoui")
    make_member("L-2", first_ar="يوسف", last_ar="بناني", first_latin=DISGUISED_FIRST, last_latin="Bennani")
    assert found(f"{DISGUISED_FIRST} {DISGUISED_LAST}") == {"L-1"}
    assert found("Mohamed") == {"L-1", "L-2"}
    assert found("\uff2d\uff4f\uff48\uff41\uff4d\uff45\uff44 Bennani") == {"L-2"}  # fullwidth Ｍｏｈａｍｅｄ


def test_a_disguised_name_born_the_same_day_is_a_probable_duplicate(party):
    born = dt.date(1979, 3, 8)
    make_member("L-3", first_latin="Mohamed", last_latin="Alaoui", birth_date=born)
    make_member("L-4", first_latin=DISGUISED_FIRST, last_latin=DISGUISED_LAST, birth_date=born)
    flags = [(f.first.card_number, f.second.card_number, f.reason) for f in DuplicateFlag.objects.all()]
    assert flags == [("L-3", "L-4", "close_name")]


def test_the_migration_recomputes_only_the_keys_that_change(party, django_assert_max_num_queries):
    migration = importlib.import_module("tanzim.people.migrations.0006_name_key_lookalikes")
    arabic = {"first_name_ar": "محمد", "last_name_ar": "العلوي"}
    disguised = PersonFactory(**arabic, first_name_latin=DISGUISED_FIRST, last_name_latin=DISGUISED_LAST)
    plain = PersonFactory(**arabic, first_name_latin="Mohamed", last_name_latin="Alaoui")
    PersonFactory(first_name_latin="Aït", last_name_latin="Ali")  # non-ASCII, but its key does not change
    PersonFactory(first_name_latin="\u039b\u03ac\u03bc\u03c0\u03c1\u03bf\u03c2")  # Greek writing: unchanged
    # The key the rule before look-alikes gave (a stored row keeps its key until it is saved).
    Person.objects.filter(pk=disguised.pk).update(name_key=" محمد العلوي m\u043ehamad \u0430laui ")
    before = dict(Person.objects.values_list("pk", "name_key"))

    with django_assert_max_num_queries(3):  # one read in chunks, one batch written
        migration.recompute(apps, None)

    after = dict(Person.objects.values_list("pk", "name_key"))
    assert after[disguised.pk] == after[plain.pk] == " محمد العلوي muhamad alaui "
    assert {pk: k for pk, k in after.items() if pk != disguised.pk} == {
        pk: k for pk, k in before.items() if pk != disguised.pk
    }
    assert all(after[p.pk] == person_name_key(p) for p in Person.objects.all())
