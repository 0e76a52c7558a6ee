from __future__ import annotations

from functools import partial
from typing import cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanzim.config.converters import MAX_ID
from tanzim.people.models import Gender
from tanzim.territory.capability import Capability
from tanzim.territory.forms import COMMUNES, PlaceField
from tanzim.territory.scope import Scope

from . import parsing
from .models import CompetenceTag, EducationLevel, ElectedOffice, MemberStatus, Sector, UnionLevel


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, card or CIN"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + MemberStatus.choices)
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All"))] + Sector.choices)
    profession = forms.CharField(label=_("Profession"), required=False)
    territory = PlaceField(label=_("Territory"), include_above=True, required=False)
    youth = forms.ChoiceField(
        label=_("Youth"), required=False, choices=[("", _("All")), ("1", _("Youth only")), ("0", _("Not youth"))]
    )
    women = forms.ChoiceField(
        label=_("Women"), required=False, choices=[("", _("All")), ("1", _("Women only")), ("0", _("Men only"))]
    )
    tag = forms.ModelChoiceField(
        label=_("Competence"),
        required=False,
        queryset=CompetenceTag.objects.all(),
        to_field_name="key",
        empty_label=_("All"),
    )
    local_body = forms.IntegerField(
        label=_("Local body"), required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )

    def __init__(self, *args, cin_search: bool = True, scope: Scope | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A place of the reader's territory (or one above it, as the territory pages show it), by name or code.
        cast(PlaceField, self.fields["territory"]).configure(scope=scope or Scope.nothing())
        if not cin_search:
            # The box matches card numbers only for a reader who may not see identity cards: say so.
            self.fields["q"].label = _("Name or card number")


class ParsedField(forms.CharField):
    """A text field checked by the same parser the import and the API use, so all three refuse the same values
    for the same reasons. The parser runs first: Django's own checks (length, NUL) are among its rules."""

    def __init__(self, parser, **kwargs):
        self.parser = parser
        super().__init__(**kwargs)

    def clean(self, value):
        value = self.to_python(value)
        try:
            value = self.parser(value)
        except parsing.CellError as error:
            raise forms.ValidationError(str(error.message), code=error.code) from None
        self.validate(value)
        self.run_validators(value)
        return value


def text_field(field: str, label, **kwargs) -> ParsedField:
    """Free text under parsing.parse_text's rule for `field`: its column's length, no control characters."""
    kwargs.setdefault("required", False)
    return ParsedField(
        partial(parsing.parse_text, field=field), label=label, max_length=parsing.MAX_LENGTHS[field], **kwargs
    )


# Identity card, phone, birth date and address: shown and written only with the PERSONAL_DATA capability.
PERSONAL_FIELDS = ("birth_date", "cin", "phone", "address")


class MemberForm(forms.Form):
    card_number = ParsedField(
        parsing.parse_card_number, label=_("Card number"), max_length=parsing.MAX_LENGTHS["card_number"]
    )
    first_name_ar = text_field("first_name_ar", _("First name (Arabic)"))
    last_name_ar = text_field("last_name_ar", _("Last name (Arabic)"))
    first_name_latin = text_field("first_name_latin", _("First name (Latin)"))
    last_name_latin = text_field("last_name_latin", _("Last name (Latin)"))
    # No default: the form asks (a default of "male" was kept by whoever did not look).
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", _("— choose —")), *Gender.choices])
    birth_date = ParsedField(
        lambda v: parsing.parse_date(v, today=timezone.localdate()), label=_("Birth date (dd/mm/yyyy)"), required=False
    )
    cin = ParsedField(parsing.parse_cin, label=_("National identity card"), required=False)
    phone = ParsedField(parsing.parse_entered_phone, label=_("Phone"), required=False)
    commune = PlaceField(label=_("Commune of residence"), levels=COMMUNES)
    address = text_field("address", _("Address"))
    join_date = ParsedField(
        lambda v: parsing.parse_date(v, today=timezone.localdate()), label=_("Join date (dd/mm/yyyy)"), required=False
    )
    profession = text_field("profession", _("Profession"))
    education_level = forms.ChoiceField(
        label=_("Education level"), required=False, choices=[("", "—"), *EducationLevel.choices]
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", "—"), *Sector.choices])
    associative_activity = forms.CharField(
        label=_("Associative activity"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Competences"),
        required=False,
        queryset=CompetenceTag.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    dues_years = ParsedField(
        lambda v: parsing.parse_years(v, today=timezone.localdate()),
        label=_("Years of dues paid (e.g. 2024, 2025)"),
        required=False,
    )

    def __init__(self, *args, communes: Scope | None = None, personal: bool = True, **kwargs):
        """`communes`: the scope where the user may write members. `personal` False: the personal fields are left
        out of the form (a saved member keeps the values already on record)."""
        super().__init__(*args, **kwargs)
        cast(PlaceField, self.fields["commune"]).configure(
            scope=communes or Scope.nothing(), capability=Capability.MEMBERS_WRITE
        )
        self.personal = personal
        if not personal:
            for name in PERSONAL_FIELDS:
                del self.fields[name]
        for name in ("first_name_ar", "last_name_ar", "address", "associative_activity"):
            if name in self.fields:
                self.fields[name].widget.attrs["dir"] = "auto"

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not (self.has_error("first_name_ar") or self.has_error("first_name_latin")):
            try:
                parsing.check_first_name(data.get("first_name_ar", ""), data.get("first_name_latin", ""))
            except parsing.CellError as error:
                raise forms.ValidationError(str(error.message), code=error.code) from None
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Member file (.csv or .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
        limit = settings.TANZIM_IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("This file is %(size).1f MB; an import takes at most %(limit)d MB: split it into smaller files.")
                % {"size": upload.size / (1024 * 1024), "limit": limit}
            )
        return upload


class UnionForm(forms.Form):
    union = forms.CharField(label=_("Union"), max_length=160)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", "—"), *UnionLevel.choices])
    position = forms.CharField(label=_("Position in the union"), max_length=120, required=False)


class ElectedForm(forms.Form):
    """An elected mandate of a member; its territory is typed by name (or code) among the places the reader sees."""

    office = forms.ChoiceField(label=_("Elected office"), choices=ElectedOffice.choices)
    territory = PlaceField(label=_("Territory"), include_above=True, required=False)
    term_start = forms.IntegerField(label=_("Term start (year)"), min_value=1960, max_value=2100)
    term_end = forms.IntegerField(label=_("Term end (year)"), min_value=1960, max_value=2100, required=False)
    head_of_list = forms.BooleanField(label=_("Head of list"), required=False)

    def __init__(self, *args, scope: Scope | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(PlaceField, self.fields["territory"]).configure(scope=scope or Scope.nothing())
