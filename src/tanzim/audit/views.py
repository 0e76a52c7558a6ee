"""The audit log as a page: the rows of the reader's AUDIT_READ scope, newest first, as officials read them.

The page belongs to the audit app; it asks the request's authority (set by `access`'s middleware) whether the
reader may read the log, and names the capability from `territory.capability`, the list every app may name.
How a row reads (labels, names, grouped reads, masked personal values) is `reading.py`'s work, from what each
app declared.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.apps import apps
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tanzim.dates import date_field
from tanzim.territory.capability import Capability

from .actions import declared_actions
from .reading import audit_page
from .selectors import audit_list

# The days a filter may name: a day whose start, or the next day's, the calendar and the time zones can hold.


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
    since = date_field(_("From"), required=False)
    until = date_field(_("To"), required=False)

    def __init__(self, *args, record_types: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        actions = sorted(((key, a.label) for key, a in declared_actions().items()), key=lambda item: str(item[1]))
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", _("All")), *actions]
        cast(forms.ChoiceField, self.fields["record_type"]).choices = [("", _("All")), *record_types.items()]


def _before(request) -> int | None:
    """Where the page starts: before this row (a link of the previous page), else at the newest row."""
    value = request.GET.get("before", "")
    if not (value.isascii() and value.isdigit()):
        return None  # absent or unreadable: the newest rows
    if len(value) > 18:
        raise Http404  # no row has such an id
    return int(value)


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
    before = _before(request)
    page = audit_page(
        rows,
        scope=request.scope,
        personal=lambda path: authority.can(Capability.PERSONAL_DATA, path),
        record_types=record_types,
        before=before,
    )
    query = request.GET.copy()
    query.pop("before", None)
    query.pop("page", None)
    return render(
        request,
        "audit/index.html",
        {
            "form": form,
            "lines": page.lines,
            "next_before": page.next_before,
            "is_first": before is None,
            "query": query.urlencode(),
        },
    )
