"""Panels: sections that other apps add to a page they do not own (the member page, the body page).

The app that owns a page keeps one `Panels` for it (`members.panels.member_panels`,
`organization.panels.body_panels`); an app above it registers, from its `AppConfig.ready`, a template and a
context function:

    @member_panels.register("privacy", template="privacy/_member_panel.html", order=90)
    def privacy_panel(member, *, scope, authority) -> dict | None: ...

The page's view calls `panels.for_page(obj, scope=…, authority=…)` and its template includes each panel in order,
with the dict as `panel` (beside the page's own context). The context function reads through the reader's scope
like any selector and returns None when it has nothing to show; templates of panels run no query of their own.
This module sits below every app and imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PanelContext = Callable[..., dict[str, Any] | None]  # (obj, *, scope, authority) -> the panel's context, or None


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: PanelContext
    order: int = 100


@dataclass(frozen=True)
class ShownPanel:
    """A panel as the page includes it: its template and the context its function gave."""

    key: str
    template: str
    context: dict[str, Any]


class Panels:
    """The panels registered for one page."""

    def __init__(self, page: str):
        self.page = page
        self._panels: dict[str, Panel] = {}

    def register(self, key: str, *, template: str, order: int = 100) -> Callable[[PanelContext], PanelContext]:
        """Register a panel under `key` (registering a key again replaces it); lower `order` shows first."""

        def add(context: PanelContext) -> PanelContext:
            self._panels[key] = Panel(key=key, template=template, context=context, order=order)
            return context

        return add

    def unregister(self, key: str) -> None:
        self._panels.pop(key, None)

    def registered(self) -> list[Panel]:
        return sorted(self._panels.values(), key=lambda p: (p.order, p.key))

    def for_page(self, obj, *, scope, authority) -> list[ShownPanel]:
        """The panels to show on the page of `obj` for this reader, in order (a panel with nothing to show: none)."""
        shown = []
        for panel in self.registered():
            context = panel.context(obj, scope=scope, authority=authority)
            if context is not None:
                shown.append(ShownPanel(key=panel.key, template=panel.template, context=context))
        return shown
