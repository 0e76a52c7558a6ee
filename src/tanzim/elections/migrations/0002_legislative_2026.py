"""The 2026 legislative election (House of Representatives): its dates, and the party's usual criteria. Its
constituencies need the territorial division, loaded after the migrations: `elections.services.
legislative_2026_load` (the `elections_load` command, the demo) adds them. Editable in the administration."""

import datetime as dt

from django.db import migrations

CRITERIA: tuple = (
    # rule, required, weight, parameters (the same as elections.services.DEFAULT_CRITERIA)
    ("seniority", True, 1, {"years": 2}),
    ("dues", True, 1, {}),
    ("no_sanction", True, 1, {}),
    ("age", True, 1, {"min": 23}),
    ("residence", False, 3, {}),
    ("position", False, 2, {}),
    ("elected", False, 2, {}),
    ("training", False, 1, {}),
    ("gender", False, 1, {}),
)


def add_election(apps, schema_editor):
    Election = apps.get_model("elections", "Election")
    Criterion = apps.get_model("elections", "Criterion")
    election, _created = Election.objects.get_or_create(
        kind="legislative",
        polling_day=dt.date(2026, 9, 23),
        defaults={
            "name_ar": "الانتخابات التشريعية 2026",
            "name_fr": "Élections législatives 2026",
            "filing_opens": dt.date(2026, 8, 31),
            "filing_closes": dt.date(2026, 9, 9),
            "campaign_opens": dt.date(2026, 9, 10),
            "campaign_closes": dt.date(2026, 9, 22),
        },
    )
    for order, (rule, required, weight, params) in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            election=election,
            rule=rule,
            defaults={"required": required, "weight": weight, "params": params, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("elections", "0001_initial")]

    operations = [migrations.RunPython(add_election, migrations.RunPython.noop)]
