"""Logins for the party's officials, given by whoever holds the accounts capability over their territory.

A login only opens what its person's mandates open: creating one grants nothing by itself.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tanzim.people.footprint import PersonBeyondScope, persons_within
from tanzim.people.forms import PersonPickerField
from tanzim.people.models import Person
from tanzim.territory.capability import Capability

from .selectors import account_get, account_list, activation_user, person_has_login, username_taken
from .services import (
    account_activate,
    account_create,
    account_deactivate,
    activation_lifts,
    activation_path,
    activation_renew,
    link_ceiling,
    username_check,
)

ACCOUNTS = Capability.ACCOUNTS


USERNAME_HELP = gettext_lazy("3 to 40 characters: Latin letters, digits and . _ - (for example s.bahraoui).")


class AccountForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=40, help_text=USERNAME_HELP)
    # A person of the accounts territory, picked by name or card number (a card number typed in works without
    # JavaScript): a member, or an office holder the registry does not hold yet.
    person = PersonPickerField(label=gettext_lazy("Person"))

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.chosen: Person | None = None
        cast(PersonPickerField, self.fields["person"]).configure(scope=scope, capability=ACCOUNTS)

    def clean_username(self):
        username = username_check(self.cleaned_data["username"])
        if username_taken(username):
            raise ValidationError(_("This username is taken."))
        return username

    def clean_person(self):
        # The picker answers the same for a person who does not exist and one outside the territory.
        person = self.cleaned_data["person"]
        if person_has_login(person.pk):
            raise ValidationError(_("This member already has a login."))
        self.chosen = person
        return person


def _link(request, path: str) -> dict:
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    return {"link": request.build_absolute_uri(path), "until": timezone.localtime() + dt.timedelta(hours=hours)}


def accounts_manage(request):
    """The logins of the reader's accounts territory, and a form to give a member one.

    The new login has no password: the page shows, once, the activation link where its holder chooses one.
    """
    request.authority.require_somewhere(ACCOUNTS)
    scope = request.authority.scope(ACCOUNTS)
    form = AccountForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = account_create(
                acting_user=request.user, scope=scope, username=data["username"], person=form.chosen
            )
        except PersonBeyondScope as error:
            form.add_error("person", error.message)
        else:
            context = {"account": account, **_link(request, activation_path(account.user))}
            return render(request, "access/account_link.html", context)
    accounts = list(account_list(scope=scope))
    issued = link_ceiling(scope, request.user)
    # A login whose person a higher body holds (a mandate or a grant beyond the reader's territory) is listed, as
    # it lies in the territory, but the services refuse to close it or re-key it: the page does not offer it.
    within = persons_within(scope, [a.person_id for a in accounts])
    for account in accounts:
        ceiling = account.ceiling
        account.may_change = account.person_id is None or account.person_id in within
        account.may_link = account.may_change and (
            scope.is_everything or (ceiling is not None and scope.contains(ceiling))
        )
        # A login given by a lower official is trusted only within that official's territory and capabilities: a
        # higher one (or one of the territory who holds more) may lift it to their own by giving a new link.
        account.may_lift = account.may_change and activation_lifts(issued=issued, scope=scope, account=account)
    return render(request, "access/accounts_manage.html", {"form": form, "accounts": accounts})


@require_POST
def account_link(request, pk: int):
    """A new activation link for a login of the reader's territory that has not been activated yet."""
    request.authority.require_somewhere(ACCOUNTS)
    scope = request.authority.scope(ACCOUNTS)
    account = account_get(scope=scope, pk=pk)
    if not account.user.is_active:
        messages.error(request, _("This login is closed: it needs no activation link."))
        return redirect(reverse("accounts_manage"))
    try:
        path = activation_renew(acting_user=request.user, scope=scope, account=account)
    except PersonBeyondScope as error:
        messages.error(request, error.message)
        return redirect(reverse("accounts_manage"))
    return render(request, "access/account_link.html", {"account": account, **_link(request, path)})


@require_POST
def account_close(request, pk: int):
    """Close a login of the reader's territory (not one's own, nor one whose person a higher body holds)."""
    request.authority.require_somewhere(ACCOUNTS)
    scope = request.authority.scope(ACCOUNTS)
    account = account_get(scope=scope, pk=pk)
    if account.user_id == request.user.pk:
        messages.error(request, _("You cannot close your own login."))
    elif account.user.is_active:
        try:
            account_deactivate(acting_user=request.user, scope=scope, account=account)
        except PersonBeyondScope as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The login was closed."))
    return redirect(reverse("accounts_manage"))


@login_not_required
def activate(request, uidb64: str, token: str):
    """The holder of a new login chooses its password, once, through the link the official gave them."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        user = activation_user(pk) if 0 < pk < 2**63 else None
    except (ValueError, UnicodeDecodeError):
        user = None
    if user is None or user.has_usable_password() or not default_token_generator.check_token(user, token):
        return render(request, "access/activate.html", {"expired": True}, status=410)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_activate(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, _("Your password is set. Sign in with your username and this password."))
        return redirect(f"{reverse('login')}?username={user.get_username()}")
    return render(request, "access/activate.html", {"form": form, "username": user.get_username()})
