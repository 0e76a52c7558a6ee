"""Who may renew an office: the authority a renewing official has from elsewhere than the body itself."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tanzim.territory.capability import Capability
from tanzim.territory.scope import Scope

from .models import Body


def renewer_scope(authority, body: Body) -> Scope:
    """Where the official may write offices, counting only authority from outside `body` (another body above
    it, a grant): an office is renewed under a higher body, never by its own members choosing themselves.
    Refuses (403) when that leaves the body out."""
    scope = authority.without_body(body.pk).scope(Capability.OFFICES_WRITE)
    if not scope.covers(body.path):
        raise PermissionDenied(
            _("An office is renewed under the authority of a body above it, not by its own members.")
        )
    return scope
