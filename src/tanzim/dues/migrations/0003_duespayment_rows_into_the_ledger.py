"""The last rows of the registry's old years of dues (members.DuesPayment, one year per row: written by the member
form, the import and the demo next to the ledger until now) come into the ledger before the registry drops the
table. In the writer's terms: a payment line per year with what the row had — the year; no amount (0), no
collecting body, no receipt, dated 31 December of its year, "declared in an import" — unless a live payment of the
member already covers that year (the declared years the ledger already took, a payment recorded at a treasurer's
page). Idempotent: run again, it writes nothing. Each member given a line has their standing derived again."""

import datetime as dt

from django.db import migrations

CHUNK = 5000


def forward(apps, schema_editor):
    from tanzim.dues.standing import runs_of

    DuesPayment = apps.get_model("members", "DuesPayment")
    LedgerEntry = apps.get_model("dues", "LedgerEntry")
    Standing = apps.get_model("dues", "Standing")
    member_ids = sorted(set(DuesPayment.objects.values_list("member_id", flat=True)))
    for start in range(0, len(member_ids), CHUNK):
        ids = member_ids[start : start + CHUNK]
        reversed_ids = set(
            LedgerEntry.objects.filter(member__in=ids, kind="reversal").values_list("reverses_id", flat=True)
        )
        covered: set[tuple[int, int]] = set()
        for pk, member_id, year_from, year_to in LedgerEntry.objects.filter(
            member__in=ids, kind="payment", year_from__isnull=False
        ).values_list("pk", "member_id", "year_from", "year_to"):
            if pk not in reversed_ids:
                covered.update((member_id, y) for y in range(year_from, year_to + 1))
        new = sorted(set(DuesPayment.objects.filter(member__in=ids).values_list("member_id", "year")) - covered)
        LedgerEntry.objects.bulk_create(
            [
                LedgerEntry(
                    member_id=member_id,
                    kind="payment",
                    amount=0,
                    entry_date=dt.date(year, 12, 31),
                    year_from=year,
                    year_to=year,
                    method="declared",
                )
                for member_id, year in new
            ],
            batch_size=2000,
        )
        for member_id in sorted({m for m, _y in new}):
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
    dependencies = [
        ("dues", "0002_from_members_duespayment"),
        ("members", "0006_import_conflict_of_a_card_repeated_in_the_file"),
    ]
    # Before the registry drops the table; the registry's migration names no app above it.
    run_before = [("members", "0007_duespayment_retired")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
