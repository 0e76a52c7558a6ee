"""Who may read and do what, where: an Authority is one Scope per capability, read off mandates and grants.

It is computed on every request (two indexed queries), never stored: when a mandate ends or a grant expires,
the authority is gone at the next request, without anyone editing the account.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.organization.models import BodyCategory, Mandate, OrganizationKind
from tanzim.organization.powers import powers_provider
from tanzim.territory.scope import Scope

from .capabilities import ALL, Capability, default_capabilities
from .models import Account, Grant


@dataclass(frozen=True)
class Source:
    """Where a part of the authority comes from, as the account page shows it."""

    kind: str  # "mandate", "grant" or "superuser"
    label: str
    path: str | None  # None: national
    capabilities: frozenset[str]
    until: dt.date | None = None
    body_id: int | None = None  # the body of a mandate


@dataclass(frozen=True)
class Authority:
    scopes: Mapping[str, Scope] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    # The territory the login is trusted within (see Account.ceiling); None: no ceiling.
    ceiling: Scope | None = None
    # Where the login may use each capability at most: what the official who issued its link held (see
    # Account.capability_ceiling); None: no such ceiling.
    capability_ceiling: Mapping[str, Scope] | None = None

    def scope(self, capability: str = Capability.READ) -> Scope:
        """Where the capability applies. Every capability includes reading where it applies."""
        if capability == Capability.READ:
            result = Scope.nothing()
            for scope in self.scopes.values():
                result = result.union(scope)
            return result
        return self.scopes.get(capability, Scope.nothing())

    def can(self, capability: str, path: str | None = None) -> bool:
        """May the holder use `capability` on a record at `path` (None or "": a national record)?"""
        return self.scope(capability).covers(path)

    def can_somewhere(self, capability: str) -> bool:
        scope = self.scope(capability)
        return bool(scope.paths) or scope.national

    def require(self, capability: str, path: str | None) -> None:
        """Refuse (403) an action the reader may see but not do. Call it after the scoped read (404 first)."""
        if not self.can(capability, path):
            raise PermissionDenied(_("Your responsibilities do not include this action here."))

    def require_somewhere(self, capability: str) -> None:
        if not self.can_somewhere(capability):
            raise PermissionDenied(_("Your responsibilities do not include this action."))

    def without_body(self, body_id: int) -> Authority:
        """The authority its holder has from elsewhere than their own mandates in one body: an office is renewed
        under the authority of a body above it, never by its own members alone."""
        return _authority_of([s for s in self.sources if s.body_id != body_id], self.ceiling, self.capability_ceiling)

    @property
    def is_national(self) -> bool:
        """Reads everything: the roles that must use two-factor authentication."""
        return self.scope(Capability.READ).is_everything

    @property
    def is_empty(self) -> bool:
        return not self.can_somewhere(Capability.READ)


NOBODY = Authority()


def _path_scope(path: str | None) -> Scope:
    return Scope.everything() if not path else Scope.of(path)


def position_capabilities(position_type) -> frozenset[str]:
    """What a position gives its holder: the party's own choice for it, else the defaults.
    (A missing one-to-one raises an AttributeError subclass, so getattr's default answers None.)"""
    chosen = getattr(position_type, "capabilities", None)
    return frozenset(chosen.capabilities) if chosen is not None else default_capabilities(position_type.key)


@powers_provider("access")
def mandate_capabilities(position_type, body) -> frozenset[str]:
    """What a mandate gives its holder, as `authority_for` reads it: executive offices of the party only."""
    if body.body_type.category != BodyCategory.EXECUTIVE or body.organization.kind != OrganizationKind.PARTY:
        return frozenset()
    return position_capabilities(position_type)


def authority_for(user, *, today: dt.date | None = None) -> Authority:
    """The authority of a signed-in user today: superuser, current executive mandates, current grants."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    today = today or timezone.localdate()
    sources: list[Source] = []
    if user.is_superuser:
        sources.append(Source("superuser", _("Administrator of the platform"), None, ALL))
    mandates = list(
        Mandate.objects.filter(
            person__account__user=user,
            start_date__lte=today,
            body__body_type__category=BodyCategory.EXECUTIVE,
            body__organization__kind=OrganizationKind.PARTY,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .select_related(
            "position_type__capabilities", "person", "body__body_type", "body__territory", "body__organization"
        )
    )
    for m in mandates:
        caps = position_capabilities(m.position_type)
        sources.append(Source("mandate", f"{m.title} — {m.body}", m.body.path, caps, m.end_date, m.body_id))
    grants = Grant.objects.filter(user=user, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    # A user read by the sign-in backend says whether they hold any grant: most hold none, and ask nothing more.
    if getattr(user, "holds_grants", True) is False:
        grants = grants.none()
    for g in grants.select_related("territory"):
        label = g.reason or (g.territory.name if g.territory is not None else _("National"))
        sources.append(
            Source("grant", label, g.territory.path if g.territory else None, frozenset(g.capabilities), g.ends_on)
        )
    if user.is_superuser:
        return _authority_of(sources, None)
    return _authority_of(sources, *_ceilings_of(user))


def _authority_of(
    sources: list[Source], ceiling: Scope | None, capability_ceiling: Mapping[str, Scope] | None = None
) -> Authority:
    scopes: dict[str, Scope] = {}
    for source in sources:
        for cap in source.capabilities:
            scopes[cap] = scopes.get(cap, Scope.nothing()).union(_path_scope(source.path))
    if ceiling is not None:
        # The login is trusted no further than the territory of whoever issued its activation link.
        scopes = {cap: scope.intersection(ceiling) for cap, scope in scopes.items()}
    if capability_ceiling is not None:
        # …and holds no capability beyond what that official held, where they held it.
        scopes = {
            cap: scope.intersection(capability_ceiling.get(cap, Scope.nothing())) for cap, scope in scopes.items()
        }
    return Authority(scopes=scopes, sources=tuple(sources), ceiling=ceiling, capability_ceiling=capability_ceiling)


def _ceilings_of(user) -> tuple[Scope | None, dict[str, Scope] | None]:
    if "account" in user._state.fields_cache:  # read with the user by the sign-in backend
        account = user._state.fields_cache["account"]
    else:
        account = (
            Account.objects.filter(user=user).only("ceiling_paths", "ceiling_national", "ceiling_capabilities").first()
        )
    return (account.ceiling, account.capability_ceiling) if account is not None else (None, None)


def import_scope_of(user) -> Scope:
    """Where a user may import member files today: adding members and seeing their personal data, both."""
    authority = authority_for(user)
    return authority.scope(Capability.MEMBERS_WRITE).intersection(authority.scope(Capability.PERSONAL_DATA))
