"""The audit log as a page: the rows of the reader's AUDIT_READ scope, newest first, 50 a page.

The page belongs to the audit app; it asks the request's authority (set by `access`'s middleware) whether the
reader may read the log, and names the capability from `territory.capability`, the list every app may name.

Values of personal fields (identity card, phone, birth date, address, a number typed in a search) are masked
on rows where the reader may not see personal data: reading the log must not be a way around that capability.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re

from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tanzim.territory.capability import Capability
from tanzim.territory.selectors import territory_names_by_path

from .actions import action_label, declared_actions
from .selectors import audit_list

PAGE = 50
# Past this page the offset would not fit a 64-bit integer; no log is that long.
LAST_PAGE = (2**63 - 1) // PAGE
# The days a filter may name: a day whose start, or the next day's, the calendar and the time zones can hold.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(9998, 12, 31)
MASK = "•••"
# Keys of `changes` that carry personal data (law 09-08), at any depth ("filters" → "q").
PERSONAL_KEYS = frozenset({"cin", "phone", "birth_date", "address", "q"})

# Keys of `changes` that are not a field of the record.
CHANGE_KEYS = {
    "filters": _("Filters"),
    "page": _("Page"),
    "shown": _("Rows shown"),
    "count": _("Rows"),
    "format": _("Format"),
    "filled": _("Filled from the merged entry"),
    "dropped_card": _("Card of the merged entry"),
    "reason": _("Reason"),
}


def _field(target_type: str, key: str):
    """The model field a changed key names: on the record's own model, else on a person or a member."""
    models = []
    with contextlib.suppress(LookupError, ValueError):
        models.append(apps.get_model(target_type))
    models += [apps.get_model("people", "Person"), apps.get_model("members", "Member")]
    for model in models:
        try:
            return model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
    return None


def _field_label(target_type: str, key: str) -> str:
    """A changed key as the reader calls it."""
    if key in CHANGE_KEYS:
        return str(CHANGE_KEYS[key])
    field = _field(target_type, key)
    return str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else key


def _record_types() -> dict[str, str]:
    """The record types a row can name: the models of Tanzim's apps and the user accounts."""
    types = {}
    for model in apps.get_models():
        if model._meta.app_config.name.startswith("tanzim.") or model._meta.label_lower == "auth.user":
            types[model._meta.label_lower] = str(model._meta.verbose_name).capitalize()
    return dict(sorted(types.items(), key=lambda item: item[1]))


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    record_type = forms.ChoiceField(label=_("Record type"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, record_types: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        actions = sorted(((key, a.label) for key, a in declared_actions().items()), key=lambda item: str(item[1]))
        self.fields["action"].choices = [("", _("All")), *actions]
        self.fields["record_type"].choices = [("", _("All")), *record_types.items()]

    def _day(self, name: str):
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(
                _("Choose a day between %(first)s and %(last)s.")
                % {"first": FIRST_DAY.strftime("%d/%m/%Y"), "last": LAST_DAY.strftime("%d/%m/%Y")},
                code="out_of_range",
            )
        return day

    def clean_since(self):
        return self._day("since")

    def clean_until(self):
        return self._day("until")


def _mask(value, personal: bool):
    if personal:
        return value
    if isinstance(value, dict):
        return {
            k: (MASK if k in PERSONAL_KEYS and v not in (None, "", []) else _mask(v, False)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_mask(v, False) for v in value]
    return value


ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _text(value, field=None) -> str:
    """A value as the reader reads it: a choice by its label, a date as dd/mm/yyyy, the rest as stored."""
    if value is None or value == "":
        return "–"
    choices = dict(getattr(field, "choices", None) or ())
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    if isinstance(value, str) and (date := ISO_DATE.fullmatch(value)):
        return f"{date[3]}/{date[2]}/{date[1]}"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:159] + "…"


def _changes(changes, personal: bool, target_type: str = "") -> list[tuple[str, str]]:
    """Each changed key with "old → new" (an [old, new] pair) or its value, masked where needed."""
    if not isinstance(changes, dict):
        return [("", _text(changes))]
    lines = []
    for key, value in _mask(changes, personal).items():
        if key in PERSONAL_KEYS and not personal and value not in (None, "", []):
            value = MASK
        field = _field(target_type, key) if target_type else None
        if isinstance(value, list) and len(value) == 2 and not any(isinstance(v, list | dict) for v in value):
            lines.append((key, f"{_text(value[0], field)} → {_text(value[1], field)}"))
        else:
            lines.append((key, _text(value, field)))
    return lines


def audit_index(request):
    """The audit log within the reader's AUDIT_READ scope (403 without that capability anywhere)."""
    authority = request.authority
    authority.require_somewhere(Capability.AUDIT_READ)
    record_types = _record_types()
    form = AuditFilterForm(request.GET or None, record_types=record_types)
    data = {}
    if form.is_bound:
        form.is_valid()  # a refused filter, its reason shown beside it, is left out; the others still apply
        data = form.cleaned_data
    rows = audit_list(
        scope=authority.scope(Capability.AUDIT_READ),
        action=data.get("action", ""),
        target_type=data.get("record_type", ""),
        since=data.get("since"),
        until=data.get("until"),
    )
    page = request.GET.get("page", "")
    digits = page.isascii() and page.isdigit()
    if digits and (len(page) > 19 or int(page) > LAST_PAGE):
        raise Http404  # a page no log has
    number = max(int(page), 1) if digits else 1
    # One row more than a page says whether there is a next page, without counting a table that only grows.
    entries = list(rows[(number - 1) * PAGE : number * PAGE + 1])
    has_next = len(entries) > PAGE
    entries = entries[:PAGE]
    paths = {e.territory_path for e in entries if e.territory_path}
    places = territory_names_by_path(scope=request.scope, paths=paths)
    for entry in entries:
        entry.action_label = action_label(entry.action)
        entry.record_label = record_types.get(entry.target_type, entry.target_type)
        entry.place = places.get(entry.territory_path, "")
        personal = authority.can(Capability.PERSONAL_DATA, entry.territory_path or None)
        lines = _changes(entry.changes, personal, entry.target_type)
        entry.lines = [(_field_label(entry.target_type, k), text) for k, text in lines]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/index.html",
        {
            "form": form,
            "entries": entries,
            "number": number,
            "has_previous": number > 1,
            "has_next": has_next,
            "previous": number - 1,
            "next": number + 1,
            "query": query.urlencode(),
        },
    )
