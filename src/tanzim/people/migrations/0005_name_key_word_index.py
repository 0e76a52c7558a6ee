"""Name search on PostgreSQL reads a full-text index of the name key's words instead of a trigram index.

A word typed is matched as the start of a word of the key (`word:*`), which is what `LIKE '% word%'` asked of the
trigram index; but the full-text index holds a handful of words per person, not forty trigrams, so a common name
("Mohamed Alaoui", hundreds of matches in a million) is read from two short lists. SQLite keeps LIKE; the same
words match on both.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_name_key_words ON people_person USING gin (to_tsvector('simple', name_key))"
    )
    schema_editor.execute("DROP INDEX IF EXISTS person_name_key_trgm")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_name_key_trgm ON people_person USING gin (name_key gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS person_name_key_words")


class Migration(migrations.Migration):
    dependencies = [("people", "0004_person_birth_name_index")]

    operations = [migrations.RunPython(forwards, backwards)]
