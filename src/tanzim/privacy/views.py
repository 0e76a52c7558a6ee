"""Pages for the duties of law 09-08: consents on the member page, the right of access, the right to erasure.

Every view reads the member through the reader's scope first (404 outside it), then checks the capability
on the member's territory (403): MEMBERS_WRITE for consents, DATA_PROTECTION for exports and erasure.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanzim.access.capabilities import Capability
from tanzim.audit.services import audit_record
from tanzim.members.selectors import member_get
from tanzim.people.footprint import PersonBeyondScope

from .documents import dossier_json, dossier_pdf
from .forms import ConsentForm, EraseForm
from .selectors import consent_get, erasure_of, member_dossier
from .services import PrivacyError, consent_record, consent_withdraw, member_erase


def _detail(member) -> str:
    return reverse("members:detail", args=[member.pk]) + "#privacy"


@require_POST
def consent_add(request, pk: int):
    """Record a member's consent from the member page; a refusal is said on the page it came from."""
    member = member_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.MEMBERS_WRITE, member.path)
    form = ConsentForm(request.POST, prefix="consent")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_detail(member))
    data = form.cleaned_data
    try:
        consent_record(
            acting_user=request.user,
            scope=request.authority.scope(Capability.MEMBERS_WRITE),
            member=member,
            purpose=data["purpose"],
            channel=data["channel"],
            given_on=data["given_on"],
        )
    except PrivacyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The consent was recorded."))
    return redirect(_detail(member))


@require_POST
def consent_withdraw_view(request, pk: int):
    consent = consent_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.MEMBERS_WRITE, consent.member.path)
    try:
        consent_withdraw(
            acting_user=request.user, scope=request.authority.scope(Capability.MEMBERS_WRITE), consent=consent
        )
    except PrivacyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The consent was withdrawn."))
    return redirect(_detail(consent.member))


def access_export(request, pk: int, fmt: str):
    """Everything held about a member's person, as JSON or PDF (right of access, law 09-08 art. 7)."""
    if fmt not in ("json", "pdf"):
        raise Http404
    member = member_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.DATA_PROTECTION, member.path)
    dossier = member_dossier(scope=request.authority.scope(Capability.DATA_PROTECTION), member=member)
    if fmt == "json":
        body, content_type = dossier_json(dossier), "application/json; charset=utf-8"
    else:
        body, content_type = dossier_pdf(dossier), "application/pdf"
    audit_record(
        acting_user=request.user,
        action="member.access_export",
        target=member,
        territory_path=member.path,
        changes={"format": fmt},
    )
    response = HttpResponse(body, content_type=content_type)
    name = f"member-{member.pk}-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def erase(request, pk: int):
    """Confirm and carry out the erasure of a member's personal data. A refused confirmation changes nothing."""
    member = member_get(scope=request.scope, pk=pk)
    request.authority.require(Capability.DATA_PROTECTION, member.path)
    erasure = erasure_of(member)
    form = EraseForm(request.POST or None, card_number=member.card_number)
    if request.method == "POST" and erasure is None and form.is_valid():
        try:
            member_erase(
                acting_user=request.user,
                scope=request.authority.scope(Capability.DATA_PROTECTION),
                member=member,
                reason=form.cleaned_data["reason"],
            )
        except (PrivacyError, PersonBeyondScope) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The personal data of this member were erased."))
            return redirect(_detail(member))
    return render(request, "privacy/erase.html", {"member": member, "form": form, "erasure": erasure})
