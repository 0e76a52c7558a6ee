"""What the apps above the registry do when two entries of one person are merged (in the merge's transaction,
before the rows still pointing at the dropped entry are moved by their relations).

    from tanzim.members.merging import merge_step

    @merge_step
    def carry(*, drop, keep, scope): ...   # move or re-derive what the app holds of `drop` onto `keep`

`scope` is the writer's: a step that would change a record beyond it refuses (members.services.MemberError).

An app needs one only for a record the relations cannot carry: a one-to-one row derived from others (dues: the
standing computed from the ledger), which would otherwise refuse the merge.
"""

from __future__ import annotations

from collections.abc import Callable

Step = Callable[..., object]
_steps: list[Step] = []


def merge_step(step: Step) -> Step:
    if step not in _steps:
        _steps.append(step)
    return step


def merge_steps_run(*, drop, keep, scope) -> None:
    for step in _steps:
        step(drop=drop, keep=keep, scope=scope)
