"""The kinds of activity of the reports (editable afterwards in the administration)."""

from django.db import migrations

KINDS = [
    ("communication_meeting", "لقاء تواصلي مع المواطنين", "Rencontre de communication avec les citoyens"),
    ("thematic_seminar", "ندوة موضوعاتية", "Séminaire thématique"),
    ("study_day", "يوم دراسي", "Journée d'étude"),
    ("caravan", "قافلة", "Caravane"),
    ("field_activity", "نشاط ميداني", "Activité de terrain"),
    ("congress", "مؤتمر", "Congrès"),
    ("training", "دورة تكوينية", "Formation"),
]


def add_kinds(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for order, (key, name_ar, name_fr) in enumerate(KINDS, start=1):
        ActivityKind.objects.get_or_create(key=key, defaults={"name_ar": name_ar, "name_fr": name_fr, "order": order})


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
