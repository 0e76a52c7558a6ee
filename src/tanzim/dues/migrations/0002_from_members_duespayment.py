"""The years of dues the registry held (members.DuesPayment, one year per row) become ledger entries: a payment
declared in an import (amount unknown, dated 31 December of its year, no receipt), and each member's standing is
derived from them."""

import datetime as dt

from django.db import migrations


def forward(apps, schema_editor):
    from tanzim.dues.standing import runs_of

    DuesPayment = apps.get_model("members", "DuesPayment")
    LedgerEntry = apps.get_model("dues", "LedgerEntry")
    Standing = apps.get_model("dues", "Standing")
    already = set(LedgerEntry.objects.filter(method="declared").values_list("member_id", "year_from"))
    batch = []
    members = set()
    for member_id, year in DuesPayment.objects.values_list("member_id", "year").iterator():
        if (member_id, year) in already:
            continue
        members.add(member_id)
        batch.append(
            LedgerEntry(
                member_id=member_id,
                kind="payment",
                amount=0,
                entry_date=dt.date(year, 12, 31),
                year_from=year,
                year_to=year,
                method="declared",
            )
        )
        if len(batch) >= 5000:
            LedgerEntry.objects.bulk_create(batch)
            batch = []
    LedgerEntry.objects.bulk_create(batch)
    for member_id in members:
        runs = runs_of(LedgerEntry.objects.filter(member_id=member_id))
        Standing.objects.update_or_create(
            member_id=member_id,
            defaults={
                "run_from": runs.run_from,
                "run_to": runs.run_to,
                "waived_from": runs.waived_from,
                "waived_to": runs.waived_to,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("dues", "0001_initial"), ("members", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
