from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .actions import check_action
from .context import current_address
from .models import AuditEntry


def _storable(value: Any) -> Any:
    """`changes` as a JSON column can hold them: a NUL character (typed in a search box) becomes U+FFFD, which
    PostgreSQL's jsonb accepts and a reader still sees as an odd character."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return value


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
    The address defaults to the one of the request being served (AuditAddressMiddleware). `action` is one an
    app declared (`audit.actions.declare_actions`); an undeclared one is refused in development and in the tests.
    """
    check_action(action)
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower if target is not None else target_type,
        target_id=str(target.pk or "") if target is not None else target_id,
        territory_path=territory_path or "",
        changes=_storable(changes or {}),
        address=address or current_address.get(),
    )


ERASED = "[erased]"


def _erase_value(value: Any) -> Any:
    # An [old, new] pair keeps its shape (the row still says a value changed); empty sides stay empty.
    if isinstance(value, list):
        return [_erase_value(v) for v in value]
    if value is None or value == "":
        return value
    return ERASED


def audit_redact(*, target_type: str, target_id: str, keys: Iterable[str]) -> int:
    """Replace the personal values under `keys` in the `changes` of every row about one record by "[erased]".

    The only sanctioned exception to append-only audit rows, used by the erasure of a member's personal data
    (law 09-08: the right to erasure, and the end of the retention period). Rows keep their id, action, actor,
    time, address and the names of the changed fields; only the values go. It writes with a queryset
    `.update()` (which `AuditEntry.save()` would refuse) and must run inside the erasure's transaction, which
    then appends its own "member.erase" row. Returns how many rows were rewritten.
    """
    keys = set(keys)
    rewritten = 0
    rows = AuditEntry.objects.filter(target_type=target_type, target_id=str(target_id)).values_list("pk", "changes")
    for pk, changes in list(rows):
        if not isinstance(changes, dict) or not keys & changes.keys():
            continue
        redacted = {k: _erase_value(v) if k in keys else v for k, v in changes.items()}
        if redacted != changes:
            AuditEntry.objects.filter(pk=pk).update(changes=redacted)
            rewritten += 1
    return rewritten
