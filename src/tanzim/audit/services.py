from __future__ import annotations

from typing import Any

from .context import current_address
from .models import AuditEntry


def audit_record(
    *,
    acting_user,
    action: str,
    target=None,
    target_type: str = "",
    target_id: str = "",
    territory_path: str = "",
    changes: dict[str, Any] | None = None,
    address: str | None = None,
) -> AuditEntry:
    """Append one audit row. Call it inside the transaction of the write it describes.

    `target` is the record written; for an operation on many records (an import) give `target_type` instead.
    The address defaults to the one of the request being served (AuditAddressMiddleware).
    """
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower if target is not None else target_type,
        target_id=str(target.pk or "") if target is not None else target_id,
        territory_path=territory_path or "",
        changes=changes or {},
        address=address or current_address.get(),
    )
