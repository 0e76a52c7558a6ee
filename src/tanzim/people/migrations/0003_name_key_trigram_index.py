"""A trigram index on the name key, on PostgreSQL only: name search (`LIKE '%word%'`) uses it.

SQLite has no such index and scans; the query is the same on both, so the results are the same.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_name_key_trgm ON people_person USING gin (name_key gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_name_key_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_address_person_cin_person_name_key_and_more")]

    operations = [migrations.RunPython(create, drop)]
