from __future__ import annotations

from typing import Any

from .models import AuditEntry


def audit_record(
    *,
    acting_user,
    action: str,
    target,
    territory_path: str = "",
    changes: dict[str, Any] | None = None,
    address: str | None = None,
) -> AuditEntry:
    """Append one audit row. Call it inside the transaction of the write it describes."""
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        territory_path=territory_path or "",
        changes=changes or {},
        address=address,
    )
