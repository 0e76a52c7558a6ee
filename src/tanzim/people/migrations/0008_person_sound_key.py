"""Cross-script name search: each person's sound key (tanzim.arabic.sound), and the word index over both keys.

The sound key holds the readings of the names written in one script only, in the form Arabic and Latin spellings
share, so that "Karima Ahkane" finds كريمة أحكان. Existing persons get theirs in batches of primary keys (each
batch read whole before it is written: SQLite does not isolate a cursor from writes on its own connection; memory
stays flat at a million). On PostgreSQL, the full-text index person_name_key_words is rebuilt over the name key and
the sound key together, so that one query matches a word in either (members.selectors.persons_named).
"""

from django.db import migrations, models

from tanzim.arabic.sound import names_sound_key

BATCH = 2000
NAME_FIELDS = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")


def recompute(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    last = 0
    while True:
        batch = list(Person.objects.filter(pk__gt=last).order_by("pk").only("pk", *NAME_FIELDS)[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        changed = []
        for person in batch:
            key = names_sound_key(*(getattr(person, f) for f in NAME_FIELDS))
            if key:
                person.sound_key = key
                changed.append(person)
        if changed:
            Person.objects.bulk_update(changed, ["sound_key"])


def index_both_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_name_key_words")
    schema_editor.execute(
        "CREATE INDEX person_name_key_words ON people_person USING gin (to_tsvector('simple', name_key || sound_key))"
    )


def index_name_key_only(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS person_name_key_words")
    schema_editor.execute(
        "CREATE INDEX person_name_key_words ON people_person USING gin (to_tsvector('simple', name_key))"
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0007_plain_phone_cin_indexes")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="sound_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="sound key"),
        ),
        migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(index_both_keys, index_name_key_only),
    ]
