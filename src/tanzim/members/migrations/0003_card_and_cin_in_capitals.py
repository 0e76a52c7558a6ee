"""Card numbers and identity cards in capitals, as every write now stores them, so searches compare them with the
plain indexes instead of UPPER(column). Rows written before the rule are put in capitals once."""

from django.db import migrations
from django.db.models.functions import Upper


def capitals(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    Person = apps.get_model("people", "Person")
    for model, field in ((Member, "card_number"), (Person, "cin")):
        rows = model.objects.exclude(**{field: ""}).annotate(up=Upper(field)).exclude(**{field: Upper(field)})
        for pk, value in rows.values_list("pk", field).iterator(chunk_size=2000):
            model.objects.filter(pk=pk).update(**{field: value.upper()})


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_import_job_heartbeat"),
        ("people", "0006_name_key_lookalikes"),
    ]

    operations = [migrations.RunPython(capitals, migrations.RunPython.noop)]
