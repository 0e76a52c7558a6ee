"""Years of dues declared to the registry (the import's "dues years" column, the member form's field): the
registry keeps them as `DuesPayment` rows, and an app above it (dues) takes them into its ledger through this
point, filled from its `AppConfig.ready` — the registry never writes another app's tables.

    from tanzim.members.declared_years import declared_years_writer

    @declared_years_writer
    def write(*, acting_user, scope, pairs): ...   # pairs: (member id, year)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Writer = Callable[..., object]  # (*, acting_user, scope, pairs); what it returns is not read
_writers: list[Writer] = []


def declared_years_writer(writer: Writer) -> Writer:
    """Register who takes the declared years (registering the same function again does nothing)."""
    if writer not in _writers:
        _writers.append(writer)
    return writer


def declared_years_write(*, acting_user, scope, pairs: Iterable[tuple[int, int]]) -> None:
    """Hand (member id, year) pairs to every registered writer, in the caller's transaction."""
    pairs = list(pairs)
    if pairs:
        for writer in _writers:
            writer(acting_user=acting_user, scope=scope, pairs=pairs)


def declared_years_of_import(cursor, years: str, year: str, *, acting_user, scope) -> None:
    """The importer's declared years of the rows it inserted or changed (its staging tables, in its transaction)."""
    if not _writers:
        return
    cursor.execute(
        f"SELECT w.member_id, {year} FROM (SELECT n, member_id FROM import_new UNION ALL "  # noqa: S608
        f"SELECT n, member_id FROM import_changed) w JOIN import_row s ON s.n = w.n, {years} WHERE s.dues <> ''"
    )
    declared_years_write(acting_user=acting_user, scope=scope, pairs=[(int(m), int(y)) for m, y in cursor.fetchall()])
