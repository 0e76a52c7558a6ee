"""The demo party reproduces the situations of the three seed reports."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tanzim.organization.demo import FULL_OFFICE, demo_load
from tanzim.organization.models import Body, BodyStatus, Mandate
from tanzim.people.models import Person


@pytest.fixture
def demo(db):
    assert demo_load() is True


def test_the_tetouan_branch_holds_every_position_of_the_report(demo):
    branch = Body.objects.get(body_type__key="local_office", territory__code="01.571.01.11", organization__key="party")
    current = Mandate.objects.filter(body=branch, end_date__isnull=True)
    held = {}
    for key in current.values_list("position_type__key", flat=True):
        held[key] = held.get(key, 0) + 1
    assert held == dict(FULL_OFFICE)
    assert branch.renewals.count() == 2, "renewed: an earlier office stays in the history"
    assert branch.renewals.first().supervised_by.body_type.key == "provincial_office"
    assert Body.objects.filter(territory__code="01.571", body_type__key="provincial_council").exists()


def test_rabat_sale_kenitra_has_its_provincial_secretaries(demo):
    region = Body.objects.get(body_type__key="regional_office", territory__code="04", organization__key="party")
    provinces = Body.objects.filter(parent=region, body_type__key="provincial_office")
    assert provinces.count() == 7
    heads = Mandate.objects.filter(body__in=provinces, position_type__key="head", end_date__isnull=True)
    assert heads.count() == 7


def test_taounate_has_local_bodies_in_some_communes_only(demo):
    local = Body.objects.filter(body_type__key="local_office", territory__parent__code="03.531")
    constituted = local.filter(status=BodyStatus.CONSTITUTED).count()
    dormant = local.filter(status=BodyStatus.DORMANT).count()
    assert constituted > 0 and dormant > 0
    assert local.count() < 49


def test_demo_names_are_generated_and_loading_twice_changes_nothing(demo):
    persons = Person.objects.count()
    assert demo_load() is False
    assert Person.objects.count() == persons
    assert not Person.objects.filter(last_name_ar="بوحلتيت").exists()  # no real name from the reports


def test_make_demo_commands_print_the_admin_login(db, capsys):
    call_command("load_demo")
    call_command("demo_admin", "--password", "shown-to-the-user")
    out = capsys.readouterr().out
    assert "admin" in out and "shown-to-the-user" in out


def test_the_demo_pages_render(client_ar, demo):
    branch = Body.objects.get(body_type__key="local_office", territory__code="01.571.01.11", organization__key="party")
    for url in (
        reverse("home"),
        reverse("organization:tree"),
        reverse("organization:detail", args=[branch.pk]),
        reverse("organization:renew", args=[branch.pk]),
        reverse("territory:detail", args=["03.531"]),
        reverse("organization:on_territory", args=["03.531"]),
    ):
        assert client_ar.get(url).status_code == 200, url
    html = client_ar.get(reverse("organization:detail", args=[branch.pk])).content.decode()
    assert "المكلف بالإعلام والتواصل" in html or "المكلفة بالإعلام والتواصل" in html
    assert "المستشارون" in html
