"""The dues card of the member page: standing, year by year (lapses and late payments shown), the entries."""

from __future__ import annotations

from django.utils import timezone

from tanzim.members.panels import member_panels
from tanzim.territory.capability import Capability

from .forms import CategoryForm, WaiverForm
from .selectors import ledger_list, may_read_dues, member_standing, reversed_ids
from .standing import year_lines


@member_panels.register("dues", template="dues/_member_panel.html", order=50)
def dues_panel(member, *, scope, authority) -> dict | None:
    if not may_read_dues(authority, member.path):
        return None  # the dues are the treasurers' and the auditors' (a waiver's reason may be health data)
    year = timezone.localdate().year
    entries = list(ledger_list(scope=scope, member=member))
    standing, category = member_standing(scope=scope, member=member, year=year)
    cancelled = reversed_ids(entries)
    for e in entries:
        e.cancelled = e.pk in cancelled
    return {
        "standing": standing,
        "category": category,
        "years": year_lines(entries, year=year, first=member.join_date.year if member.join_date else None)[:12],
        "entries": entries[:20],
        "can_record": authority.can(Capability.DUES, member.path),
        "local_body_id": member.local_body_id,
        "waiver_form": WaiverForm(prefix="waiver", initial={"year_from": year}),
        "category_form": CategoryForm(prefix="category", initial={"category": category}),
    }
