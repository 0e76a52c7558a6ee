"""Second factor: a time-based code (TOTP) from an authenticator app, asked of those who read everything.

National readers (superusers, national mandates and grants) must set up a device and enter a code at each
login; anyone else may choose to, and once a device is confirmed it is asked at each login too. The QR code is
drawn here (segno, inline SVG): the secret never leaves the server through a third-party image service.
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from tanzim.audit.services import audit_record

# Pages anyone signed in reaches before the second factor: without them nobody could pass it or leave.
EXEMPT_VIEWS = frozenset({"login", "logout", "set_language", "otp_setup", "otp_verify"})


def totp_issuer(device) -> str:
    """The party's Latin short name (authenticator apps show it beside the code), or the platform's name."""
    from tanzim.organization.selectors import party_profile

    party = party_profile()
    if party is not None:
        return party.short_name_fr or party.name_fr or "Tanzim"
    return "Tanzim"


def otp_required(request) -> bool:
    """Must this signed-in user pass a second factor in this session? National readers and device holders do."""
    authority = getattr(request, "authority", None)
    if authority is not None and authority.is_national:
        return True
    return user_has_device(request.user, confirmed=True)


def totp_pending_device(*, user) -> TOTPDevice:
    """The device being set up (not yet confirmed): the same one until confirmed, so a reload keeps the QR code.

    Not audited: an unconfirmed device gives nothing; its confirmation is the audited write.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="totp", confirmed=False)
    return device


def totp_device_confirm(*, acting_user, request, device: TOTPDevice, token: str) -> bool:
    """Confirm a device with its first code; it replaces any earlier device and marks the session verified."""
    with transaction.atomic():
        verified = otp_verify_token(device.user, device.persistent_id, (token or "").strip())
        if verified is None:
            return False
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        replaced = list(TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).values_list("pk", flat=True))
        TOTPDevice.objects.filter(pk__in=replaced).delete()
        audit_record(
            acting_user=acting_user,
            action="otp.enable",
            target=device.user,
            changes={"device": device.pk, "replaced": replaced},
        )
    otp_login(request, device)
    return True


def otp_verify(*, request, token: str) -> tuple[bool, bool]:
    """Check a code against the user's confirmed devices. Returns (verified, throttled).

    A wrong code slows the next try down (django-otp doubles the wait after each failure).
    """
    token = (token or "").strip()
    throttled = False
    for device in TOTPDevice.objects.devices_for_user(request.user, confirmed=True):
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        matched = otp_verify_token(request.user, device.persistent_id, token)
        if matched is not None:
            otp_login(request, matched)
            return True, False
    return False, throttled


def otp_disable(*, acting_user, request, user) -> None:
    """Remove the user's devices: the second factor is no longer asked (refused by the view when it is required)."""
    with transaction.atomic():
        removed = list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True))
        TOTPDevice.objects.filter(pk__in=removed).delete()
        audit_record(acting_user=acting_user, action="otp.disable", target=user, changes={"removed": removed})
    request.session.pop(DEVICE_ID_SESSION_KEY, None)


def secret_for_display(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an inline SVG (no XML declaration, scales with its box)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, light="#fff", svgclass="qr", lineclass=None
    )


class SecondFactorMiddleware:
    """After AccessMiddleware: a user who must pass a second factor and has not is sent to do it.

    Pages redirect to the set-up page (no device yet) or to the code page; the API answers 403 in its error
    shape, `{"code": "otp_required", "message": ..., "field": null}`. The sign-in, sign-out, language switch,
    the second-factor pages and static files stay reachable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if user.is_verified() or not otp_required(request):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "otp_required",
                    "message": _("Enter the code of your authenticator app to continue."),
                    "field": None,
                },
                status=403,
            )
        has_device = user_has_device(user, confirmed=True)
        target = reverse("otp_verify" if has_device else "otp_setup")
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)
