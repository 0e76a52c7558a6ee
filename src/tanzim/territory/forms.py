"""The place field: a territorial unit typed by its Arabic or French name, or its HCP code, within a scope."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level
from .scope import Scope
from .selectors import looks_like_code, place_get, place_label, place_resolve
from .widgets import PlaceWidget

COMMUNES = (Level.COMMUNE, Level.ARRONDISSEMENT)


class PlaceField(forms.Field):
    """A unit of the division, chosen in a type-ahead by name (shown "جماعة X — إقليم Y") or typed as an HCP code.

    `scope` is where the unit must lie (the reader's, or where they may write); `include_above` also accepts the
    units above it (a provincial reader filters by their region, as the territory pages show it); `levels` keeps
    some levels only (a commune of residence: communes and arrondissements). The posted code is checked again here
    against the same scope: a code typed by hand outside it is a form error, like a name no unit has.
    """

    widget = PlaceWidget
    default_error_messages = {
        "unknown_code": _("No place of your territory has the code %(code)s."),
        "unknown_name": _("No place of your territory is called “%(text)s”. Type the start of its name and choose it."),
        "several": _("Several places are called “%(text)s”: %(names)s. Choose one from the list or type its HCP code."),
    }

    def __init__(self, *, levels=None, include_above: bool = False, scope: Scope | None = None, **kwargs):
        super().__init__(**kwargs)
        self.levels = tuple(levels or ())
        self.include_above = include_above
        self.scope = scope or Scope.nothing()
        self.capability = ""
        self.within_path = ""
        self.widget.labels = self._label_of
        self._sync()

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)  # type: ignore[misc]  # Field.__deepcopy__ exists; the stub omits it
        copy.widget.labels = copy._label_of
        return copy

    def configure(self, *, scope: Scope, capability: str = "", within_path: str = "") -> PlaceField:
        """Where the unit must lie, and the capability the suggestion endpoint reads the reader's scope of."""
        self.scope = scope
        self.capability = capability
        self.within_path = within_path
        self._sync()
        return self

    def _sync(self):
        self.widget.placeholder = (
            _("Name of the commune or its code") if self.levels == COMMUNES else _("Name of the place or its code")
        )
        self.widget.query = {
            "levels": ",".join(self.levels),
            "above": "1" if self.include_above else "",
            "for": self.capability,
            "within": self.within_path.rstrip("/").rsplit("/", 1)[-1] if self.within_path else "",
        }

    def _scope(self) -> Scope:
        if self.within_path:
            return self.scope.intersection(Scope.of(self.within_path))
        return self.scope

    def _label_of(self, code: str) -> str:
        unit = place_get(scope=self._scope(), code=code, levels=self.levels, include_above=self.include_above)
        return place_label(unit) if unit else ""

    def prepare_value(self, value):
        return getattr(value, "code", value)

    def to_python(self, value):
        code, text = value if isinstance(value, (tuple, list)) else (value or "", "")
        code, text = str(code or "").strip(), str(text or "").strip()
        if code and not looks_like_code(code):
            # A name sent where the code goes (an old link, a hand-made address): read it as typed text.
            code, text = "", code
        if not code and not text:
            return None
        scope, levels, above = self._scope(), self.levels, self.include_above
        if code:
            unit = place_get(scope=scope, code=code, levels=levels, include_above=above)
            if unit is None:
                raise forms.ValidationError(self.error_messages["unknown_code"], "unknown", {"code": code})
            return unit
        found = place_resolve(scope=scope, text=text, levels=levels, include_above=above)
        if len(found) == 1:
            return found[0]
        if not found:
            if looks_like_code(text):
                raise forms.ValidationError(self.error_messages["unknown_code"], "unknown", {"code": text})
            raise forms.ValidationError(self.error_messages["unknown_name"], "unknown", {"text": text[:80]})
        names = " · ".join(place_label(u) for u in found[:5])
        raise forms.ValidationError(self.error_messages["several"], "several", {"text": text[:80], "names": names})
