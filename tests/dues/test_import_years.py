"""The import keeps reading the "dues years" column; the years come into the ledger through the dues app's
service (declared payments), on a first import and on an import that adds a year."""

from __future__ import annotations

from tanzim.dues.models import LedgerEntry, Standing
from tests.members.test_import import GOOD, run, write_csv


def test_an_import_writes_its_dues_years_into_the_ledger_once(party, tmp_path):
    run(write_csv(tmp_path, GOOD))
    first = {
        (e.member.card_number, e.year_from)
        for e in LedgerEntry.objects.filter(method="declared").select_related("member")
    }
    assert first and all(kind == "payment" for kind in LedgerEntry.objects.values_list("kind", flat=True))
    changed = [list(r) for r in GOOD]
    changed[0][14] = "2023-2025"
    run(write_csv(tmp_path, changed, name="v2.csv"))
    years = sorted(
        LedgerEntry.objects.filter(member__card_number="T-0001", method="declared").values_list("year_from", flat=True)
    )
    assert years == [2023, 2024, 2025]
    assert Standing.objects.get(member__card_number="T-0001").run_to == 2025
    again = LedgerEntry.objects.count()
    run(write_csv(tmp_path, changed, name="v3.csv"))
    assert LedgerEntry.objects.count() == again  # the same file again declares nothing new
