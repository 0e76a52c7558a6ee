"""Logins for the party's officials, given by whoever holds the accounts capability over their territory.

A login only opens what its person's mandates open: creating one grants nothing by itself.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tanzim.members.selectors import member_list
from tanzim.territory.capability import Capability

from .models import Account
from .selectors import account_get, account_list
from .services import account_create, account_deactivate

ACCOUNTS = Capability.ACCOUNTS


class AccountForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    card_number = forms.CharField(label=gettext_lazy("Card number of the member"), max_length=32)
    password1 = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=gettext_lazy("Password again"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.person = None

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is taken."))
        return username

    def clean_card_number(self):
        card = self.cleaned_data["card_number"].strip()
        # The same answer for a card that does not exist and one outside the territory: no existence leak.
        member = member_list(scope=self.scope).filter(card_number__iexact=card).first()
        if member is None:
            raise ValidationError(_("No member with this card number in your territory."))
        if Account.objects.filter(person_id=member.person_id).exists():
            raise ValidationError(_("This member already has a login."))
        self.person = member.person
        return card

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(username=data.get("username", ""))
            try:
                password_validation.validate_password(first, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


def accounts_manage(request):
    """The logins of the reader's accounts territory, and a form to give a member one."""
    request.authority.require_somewhere(ACCOUNTS)
    scope = request.authority.scope(ACCOUNTS)
    form = AccountForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account_create(
            acting_user=request.user, username=data["username"], password=data["password1"], person=form.person
        )
        messages.success(request, _("The login was created. Give its password to its holder in person."))
        return redirect(reverse("accounts_manage"))
    accounts = list(account_list(scope=scope))
    return render(request, "access/accounts_manage.html", {"form": form, "accounts": accounts})


@require_POST
def account_close(request, pk: int):
    """Close a login of the reader's territory (not one's own): its history stays."""
    request.authority.require_somewhere(ACCOUNTS)
    account = account_get(scope=request.authority.scope(ACCOUNTS), pk=pk)
    if account.user_id == request.user.pk:
        messages.error(request, _("You cannot close your own login."))
    elif account.user.is_active:
        account_deactivate(acting_user=request.user, user=account.user)
        messages.success(request, _("The login was closed."))
    return redirect(reverse("accounts_manage"))
