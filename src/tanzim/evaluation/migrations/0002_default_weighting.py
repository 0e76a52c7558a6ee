"""The default weighting, written out so the department sees (and edits) every weight in the administration."""

from django.db import migrations

DEFAULT_WEIGHTS = {
    "meetings": 25,
    "office": 20,
    "mandate": 15,
    "members": 10,
    "verified": 10,
    "directives": 10,
    "women_office": 5,
    "youth_office": 5,
    "women_members": 0,
    "youth_members": 0,
}


def create(apps, schema_editor):
    Weighting = apps.get_model("evaluation", "Weighting")
    CriterionWeight = apps.get_model("evaluation", "CriterionWeight")
    weighting, _created = Weighting.objects.get_or_create(pk=1)
    for key, weight in DEFAULT_WEIGHTS.items():
        CriterionWeight.objects.get_or_create(weighting=weighting, key=key, defaults={"weight": weight})


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
