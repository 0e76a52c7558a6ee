"""Name keys recomputed for persons whose names hold a letter that is neither ASCII nor Arabic.

tanzim.arabic now reads Cyrillic and Greek look-alikes as Latin letters ("Mоhamed" with a Cyrillic о is
Mohamed). Only a name with such a letter can get a different key, so the other rows (nearly all: names in Arabic
and plain Latin) are skipped in Python without computing a key, and only keys that changed are written, in
batches. Accented Latin letters (é, ï) pass the filter too and keep their key: the check is cheap, and
recomputing them is harmless.
"""

import re

from django.db import migrations

from tanzim.people.models import person_name_key

NAME_FIELDS = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")
# A letter (a word character that is not a digit or underscore) outside ASCII and the Arabic blocks.
OTHER_LETTER = re.compile(r"[^\W\d_\x00-\x7f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
BATCH = 2000


def recompute(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    changed = []
    # Unordered (the model's ordering would sort every row first), only the columns read, read in chunks.
    rows = Person.objects.only("pk", "name_key", *NAME_FIELDS).order_by().iterator(chunk_size=BATCH)
    for person in rows:
        names = " ".join(getattr(person, f) for f in NAME_FIELDS)
        if names.isascii() or not OTHER_LETTER.search(names):
            continue
        key = person_name_key(person)
        if key != person.name_key:
            person.name_key = key
            changed.append(person)
    # Written once the reading is done (SQLite does not isolate a cursor from writes on its own connection);
    # the changed rows are few.
    for start in range(0, len(changed), BATCH):
        Person.objects.bulk_update(changed[start : start + BATCH], ["name_key"])


class Migration(migrations.Migration):
    dependencies = [("people", "0005_name_key_word_index")]

    # Backwards: nothing to undo; the older rule's keys come back on each person's next save.
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop, elidable=True)]
