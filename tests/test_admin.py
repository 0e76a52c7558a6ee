"""Django admin covers every model of the project, and each list page renders."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tanzim.organization.demo import demo_load

OUR_APPS = ("audit", "territory", "people", "organization", "members", "access")


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
