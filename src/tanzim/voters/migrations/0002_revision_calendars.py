"""The calendars of the revisions of the general electoral lists in force when the drive was written (lists closed
on 31 March 2026 and 2027: requests until 31 December of the year before, commissions in January). Editable
afterwards by the national department; the ministry's other dates are added when it announces them."""

import datetime as dt

from django.db import migrations


def add_revisions(apps, schema_editor):
    Revision = apps.get_model("voters", "Revision")
    for year in (2026, 2027):
        Revision.objects.get_or_create(
            year=year,
            defaults={
                "requests_until": dt.date(year - 1, 12, 31),
                "commissions_from": dt.date(year, 1, 1),
                "commissions_until": dt.date(year, 1, 31),
                "closes_on": dt.date(year, 3, 31),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("voters", "0001_initial")]

    operations = [migrations.RunPython(add_revisions, migrations.RunPython.noop)]
