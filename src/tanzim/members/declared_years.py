"""Years of dues declared to the registry (the import's "dues years" column, the member form's field) and read back
from it (the member form, the exports). The registry keeps no dues of its own: an app above it (dues) holds them in
its ledger and fills this point from its `AppConfig.ready` — the registry never reads or writes another app's
tables.

    from tanzim.members.declared_years import declared_years_reader, declared_years_writer

    @declared_years_writer
    def write(*, acting_user, scope, pairs): ...   # pairs: (member id, year); returns the ids of the members
                                                    # who got a year they did not have
    @declared_years_reader
    def read(*, scope, member_ids): ...            # {member id: [years paid, ascending]}, through the scope
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Writer = Callable[..., Iterable[int]]  # (*, acting_user, scope, pairs) -> member ids given a new year
Reader = Callable[..., dict[int, list[int]]]  # (*, scope, member_ids) -> {member id: years}
_writers: list[Writer] = []
_readers: list[Reader] = []


def declared_years_writer(writer: Writer) -> Writer:
    """Register who takes the declared years (registering the same function again does nothing)."""
    if writer not in _writers:
        _writers.append(writer)
    return writer


def declared_years_reader(reader: Reader) -> Reader:
    """Register who tells the years of dues a member paid (registering the same function again does nothing)."""
    if reader not in _readers:
        _readers.append(reader)
    return reader


def declared_years_write(*, acting_user, scope, pairs: Iterable[tuple[int, int]]) -> set[int]:
    """Hand (member id, year) pairs to every registered writer, in the caller's transaction. Returns the members
    who got a year they did not have."""
    pairs = list(pairs)
    changed: set[int] = set()
    if pairs:
        for writer in _writers:
            changed.update(writer(acting_user=acting_user, scope=scope, pairs=pairs) or ())
    return changed


def declared_years_read(*, scope, member_ids: Iterable[int]) -> dict[int, list[int]]:
    """The years of dues each member paid, as the registered readers know them (none: no years)."""
    ids = list(member_ids)
    years: dict[int, set[int]] = {}
    if ids:
        for reader in _readers:
            for member_id, found in reader(scope=scope, member_ids=ids).items():
                years.setdefault(member_id, set()).update(found)
    return {m: sorted(y) for m, y in years.items()}


def declared_years_of_import(cursor, years: str, year: str, *, acting_user, scope) -> set[int]:
    """The importer's declared years of every row it inserted or matched (its staging tables, in its transaction).
    Returns the members who got a year they did not have: a row whose only news is a year is an update."""
    if not _writers:
        return set()
    cursor.execute(
        f"SELECT w.member_id, {year} FROM (SELECT n, member_id FROM import_new UNION ALL "  # noqa: S608
        f"SELECT n, member_id FROM import_match) w JOIN import_row s ON s.n = w.n, {years} WHERE s.dues <> ''"
    )
    return declared_years_write(
        acting_user=acting_user, scope=scope, pairs=[(int(m), int(y)) for m, y in cursor.fetchall()]
    )
