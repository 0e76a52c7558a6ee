"""The account page, the second-factor pages and the page a locked-out login answers with."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .account import account_ceiling, account_has_device, account_person, account_sources
from .otp import otp_disable, otp_verify, qr_svg, secret_for_display, totp_device_confirm, totp_pending_device


def _next_url(request, default: str = "home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


def account(request):
    """Who is signed in, where their authority comes from, their second factor and password."""
    return render(
        request,
        "access/account.html",
        {
            "person": account_person(user=request.user),
            "sources": account_sources(authority=request.authority),
            "ceiling": account_ceiling(authority=request.authority),
            "has_device": account_has_device(user=request.user),
            "verified": request.user.is_verified(),
            "otp_mandatory": request.authority.is_national,
        },
    )


def otp_setup(request):
    """Scan the QR code (or type the key), then confirm with the first code the app shows."""
    if account_has_device(user=request.user) and not request.user.is_verified():
        # Adding a device must not become a way around the one already there.
        return redirect(f"{reverse('otp_verify')}?{request.GET.urlencode()}")
    device = totp_pending_device(user=request.user)
    error = None
    if request.method == "POST":
        if totp_device_confirm(
            acting_user=request.user, request=request, device=device, token=request.POST.get("token", "")
        ):
            messages.success(request, _("Two-factor authentication is on: a code will be asked at each sign-in."))
            return redirect(_next_url(request, default="account"))
        error = _("This code is not the one the app shows now. Check the phone's clock and try again.")
    return render(
        request,
        "access/otp_setup.html",
        {
            "qr_svg": qr_svg(device),
            "secret": secret_for_display(device),
            "error": error,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "mandatory": request.authority.is_national,
        },
    )


def otp_verify_view(request):
    """The code of the authenticator app, asked once per sign-in."""
    if not account_has_device(user=request.user):
        return redirect(f"{reverse('otp_setup')}?{request.GET.urlencode()}")
    if request.user.is_verified():
        return redirect(_next_url(request))
    error = None
    if request.method == "POST":
        verified, throttled = otp_verify(request=request, token=request.POST.get("token", ""))
        if verified:
            return redirect(_next_url(request))
        if throttled:
            error = _("Too many wrong codes. Wait a moment before trying again.")
        else:
            error = _("This code is not valid. Enter the six digits the app shows now.")
    return render(
        request,
        "access/otp_verify.html",
        {"error": error, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@require_POST
def otp_disable_view(request):
    """Turn the second factor off, unless the user's authority requires it."""
    if request.authority.is_national:
        messages.error(request, _("Your responsibilities require two-factor authentication: it stays on."))
        return redirect("account")
    otp_disable(acting_user=request.user, request=request, user=request.user)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("account")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "access/password_change.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "access/password_change_done.html"


def lockout(request, response=None, credentials=None):
    """What a login answers once its username is locked (django-axes' AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    return render(
        request,
        "access/lockout.html",
        {"minutes": minutes, "failures": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
