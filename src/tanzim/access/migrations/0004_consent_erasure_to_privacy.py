"""Consent and Erasure now belong to the `privacy` app (privacy 0001): forget them here, keep their tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_account_trust_ceiling"),
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Consent"),
                migrations.DeleteModel(name="Erasure"),
            ],
        ),
    ]
