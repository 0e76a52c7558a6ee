"""Django admin covers every model of the project, and each list page renders."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tanzim.organization.demo import demo_load
from tests.members.factories import make_member

# Every app of Tanzim, those to come included.
OUR_APPS = tuple(c.label for c in apps.get_app_configs() if c.name.startswith("tanzim."))


def test_every_model_is_in_the_admin():
    missing = [
        m._meta.label for m in apps.get_models() if m._meta.app_label in OUR_APPS and m not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.parametrize(
    "model", [m for m in apps.get_models() if m._meta.app_label in OUR_APPS], ids=lambda m: m._meta.label
)
def test_every_admin_list_renders(client_ar, model):
    demo_load()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client_ar.get(url).status_code == 200


SHARED_RECORDS = ["people.person", "members.member", "organization.mandate", "organization.renewal"]


@pytest.mark.parametrize("label", SHARED_RECORDS)
def test_records_written_only_by_scoped_services_are_read_only_in_the_admin(client_ar, label):
    """A person, a member, a mandate or a renewal changed in the admin would skip the footprint check, the
    stored territory paths and the audit trail: the admin shows them and changes nothing."""
    demo_load()
    make_member("ADMIN-1", first_ar="سعاد", last_ar="البحراوي")
    model = apps.get_model(label)
    row = model.objects.order_by("pk").first()
    app, name = label.split(".")

    change = client_ar.post(reverse(f"admin:{app}_{name}_change", args=[row.pk]), {"first_name_ar": "مخترق"})
    add = client_ar.get(reverse(f"admin:{app}_{name}_add"))
    delete = client_ar.post(reverse(f"admin:{app}_{name}_delete", args=[row.pk]), {"post": "yes"})

    assert add.status_code == 403 and delete.status_code == 403
    assert change.status_code in (200, 403)
    assert model.objects.filter(pk=row.pk).exists()
    if label == "people.person":
        row.refresh_from_db()
        assert row.first_name_ar != "مخترق"


def test_a_body_is_added_in_the_admin_through_the_service_and_its_place_cannot_change(client_ar):
    from tanzim.audit.models import AuditEntry
    from tanzim.organization.models import Body, BodyType, Organization
    from tanzim.territory.models import Territory

    demo_load()
    body = Body.objects.filter(territory__level="commune").first()
    url = reverse("admin:organization_body_change", args=[body.pk])
    other = Territory.objects.filter(level="commune").exclude(pk=body.territory_id).first()

    client_ar.post(
        url,
        {
            "territory": other.pk,
            "label_ar": body.label_ar,
            "label_fr": body.label_fr,
            "status": body.status,
            "_save": "1",
            **_empty_inline(),
        },
    )
    body.refresh_from_db()
    assert body.territory_id != other.pk

    wrong = client_ar.post(
        reverse("admin:organization_body_add"),
        {
            "organization": Organization.objects.get(key="party").pk,
            "body_type": BodyType.objects.get(key="provincial_office").pk,
            "territory": other.pk,  # a commune is no province
            "status": "not_constituted",
            **_empty_inline(),
        },
    )
    assert wrong.status_code == 200 and "errornote" in wrong.content.decode()
    assert not AuditEntry.objects.filter(action="body.create", territory_path=other.path).exists()


def _empty_inline() -> dict:
    return {"mandates-TOTAL_FORMS": "0", "mandates-INITIAL_FORMS": "0"}
