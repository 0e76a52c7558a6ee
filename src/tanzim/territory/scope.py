"""The scope every read goes through: which parts of the territory a reader may see.

A Scope is a set of territory path prefixes plus a flag for national records (bodies and people that have no
territory). Selectors take a scope and filter with indexed prefix matches (`path LIKE 'p%'`); nothing walks the
tree in Python. Territorial access control (who gets which scope) plugs in by building Scopes from mandates
and grants; selectors and views do not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class Scope:
    paths: frozenset[str]
    national: bool = False

    @classmethod
    def everything(cls) -> Scope:
        return cls(paths=frozenset({""}), national=True)

    @classmethod
    def nothing(cls) -> Scope:
        return cls(paths=frozenset())

    @classmethod
    def of(cls, *paths: str, national: bool = False) -> Scope:
        return cls(paths=frozenset(paths), national=national)

    def union(self, other: Scope) -> Scope:
        """Both scopes at once; a path inside another path of the union is dropped (it adds nothing)."""
        paths = self.paths | other.paths
        kept = frozenset(p for p in paths if not any(q != p and p.startswith(q) for q in paths))
        return Scope(paths=kept, national=self.national or other.national)

    def contains(self, other: Scope) -> bool:
        """Does this scope cover every record `other` covers?"""
        if other.national and not self.national:
            return False
        return all(("" in self.paths) if p == "" else self.covers(p) for p in other.paths)

    def intersection(self, other: Scope) -> Scope:
        """Where both scopes reach: for each pair of paths, the deeper one when one lies inside the other."""
        paths = set()
        for a in self.paths:
            for b in other.paths:
                if a.startswith(b):
                    paths.add(a)
                elif b.startswith(a):
                    paths.add(b)
        return Scope(paths=frozenset(paths), national=self.national and other.national).union(Scope.nothing())

    @property
    def is_everything(self) -> bool:
        return self.national and "" in self.paths

    def covers(self, path: str | None) -> bool:
        """Does the scope cover a record at this territory path (None for a national record)?"""
        if path is None or path == "":
            return self.national
        return any(path.startswith(p) for p in self.paths)

    def q(self, path_field: str) -> Q:
        """A Q object matching rows whose `path_field` lies inside the scope.

        The one convention for national records: their path is "" (a stored path column) — or NULL when the path
        is reached through a relation that is not there (a person without a commune), which reads the same.
        """
        parts = [Q(**{f"{path_field}__startswith": p}) for p in sorted(self.paths) if p]
        if "" in self.paths:
            parts.append(Q(**{f"{path_field}__gt": NATIONAL}))
        if self.national:
            parts.append(Q(**{path_field: NATIONAL}) | Q(**{f"{path_field}__isnull": True}))
        if not parts:
            return Q(pk__in=[])
        return reduce(or_, parts)

    def sql(self, column: str) -> tuple[str, list[str]]:
        """The same test as `q`, as an SQL condition on `column` with its parameters (for raw SQL)."""
        parts, params = [], []
        for prefix in sorted(self.paths):
            if prefix:
                parts.append(f"({column} <> '' AND substr({column}, 1, {len(prefix)}) = %s)")
                params.append(prefix)
            else:
                parts.append(f"{column} <> ''")
        if self.national:
            parts.append(f"({column} = '' OR {column} IS NULL)")
        return " OR ".join(parts) or "1 = 0", params

    def filter(self, queryset: QuerySet, path_field: str) -> QuerySet:
        if self.is_everything:
            return queryset
        return queryset.filter(self.q(path_field))


# The territory path of a national record (a body, member or audit row that has no territory).
NATIONAL = ""


class ScopedQuerySet(QuerySet):
    """The queryset of every model that lies somewhere in the territory.

    The model names where its territory path is read (`SCOPE_PATH`, a field or a lookup through relations);
    `visible_to(scope)` is then the only way a selector filters it. A system check (territory.checks) fails when a
    model that has a territory lacks it.
    """

    def visible_to(self, scope: Scope) -> QuerySet:
        return scope.filter(self, self.model.SCOPE_PATH)
