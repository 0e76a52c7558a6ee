"""Exports in words: what an official opens in a spreadsheet — labels in their language, names of places, dates
as dates, the years of dues — and the codes for a program that asks for them (?codes=1)."""

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tanzim.members.declared_years import declared_years_write
from tanzim.territory.scope import Scope
from tests.members.factories import make_member


@pytest.fixture(autouse=True)
def language_left_as_found():
    """The pages activate the reader's language in this thread; the next test file finds the default again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def souad(party):
    member = make_member(
        "E-0001",
        first_ar="سعاد",
        last_ar="البحراوي",
        first_latin="Souad",
        last_latin="Bahraoui",
        gender="f",
        birth_date=dt.date(1984, 3, 9),
        cin="L123456",
        phone="+212661223344",
        join_date=dt.date(2019, 11, 2),
        profession="أستاذة",
        education_level="master",
        sector="education",
    )
    declared_years_write(acting_user=None, scope=Scope.everything(), pairs=[(member.pk, 2024), (member.pk, 2023)])
    return member


def rows_of_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def rows_of_xlsx(response) -> tuple[list[list], object]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()], sheet


def test_the_csv_in_arabic_is_in_words(souad, client_ar):
    header, row = rows_of_csv(client_ar.get(reverse("members:export", args=["csv"])))
    cells = dict(zip(header, row, strict=True))
    assert header[:3] == ["رقم البطاقة", "الاسم العائلي (بالعربية)", "الاسم الشخصي (بالعربية)"]
    assert cells["الجنس"] == "أنثى"
    assert cells["الوضعية"] == "نشيط"
    assert cells["المستوى الدراسي"] == "ماستر"
    assert cells["القطاع"] == "التعليم"
    assert cells["الجماعة"] == "تطوان" and cells["إقليم أو عمالة"] == "تطوان"
    assert cells["تاريخ الازدياد"] == "09/03/1984" and cells["تاريخ الانخراط"] == "02/11/2019"
    assert cells["سنوات أداء الاشتراك"] == "2023 2024"
    assert cells["رقم البطاقة الوطنية"] == "L123456" and cells["الهاتف"] == "+212661223344"
    # One language in the headers: no French or English key among them.
    assert not any(h.isascii() for h in header)


def test_the_xlsx_in_french_has_labels_names_and_date_cells(souad, client_fr):
    rows, sheet = rows_of_xlsx(client_fr.get(reverse("members:export", args=["xlsx"])))
    header, row = rows
    cells = dict(zip(header, row, strict=True))
    assert header[:5] == ["Numéro de carte", "Nom (arabe)", "Prénom (arabe)", "Nom (latin)", "Prénom (latin)"]
    assert cells["Sexe"] == "Femme"
    assert cells["Statut"] == "Actif"
    assert cells["Niveau d'études"] == "Master"
    assert cells["Secteur"] == "Enseignement"
    assert cells["Commune"] == "Tétouan" and cells["Province ou préfecture"] == "Tétouan"
    # Dates are date cells, shown dd/mm/yyyy.
    assert cells["Date de naissance"].date() == dt.date(1984, 3, 9)
    assert cells["Date d'adhésion"].date() == dt.date(2019, 11, 2)
    born = sheet.cell(row=2, column=header.index("Date de naissance") + 1)
    assert born.is_date and born.number_format == "dd/mm/yyyy"
    assert cells["Années de cotisation"] == "2023 2024"
    assert sheet.sheet_view.rightToLeft is not True  # a French sheet reads left to right


def test_the_arabic_sheet_reads_right_to_left(souad, client_ar):
    _rows, sheet = rows_of_xlsx(client_ar.get(reverse("members:export", args=["xlsx"])))
    assert sheet.sheet_view.rightToLeft is True


def test_codes_for_machines(souad, client_ar):
    header, row = rows_of_csv(client_ar.get(reverse("members:export", args=["csv"]), {"codes": "1"}))
    cells = dict(zip(header, row, strict=True))
    assert header[0] == "card_number"
    assert cells["gender"] == "f" and cells["status"] == "active" and cells["education_level"] == "master"
    assert cells["sector"] == "education"
    assert cells["commune"] == "01.571.01.11" and cells["province"] == "01.571"
    assert cells["birth_date"] == "1984-03-09" and cells["dues_years"] == "2023,2024"
    rows, _sheet = rows_of_xlsx(client_ar.get(reverse("members:export", args=["xlsx"]), {"codes": "1"}))
    cells = dict(zip(*rows, strict=True))
    assert cells["gender"] == "f" and cells["birth_date"].date() == dt.date(1984, 3, 9)


def test_without_personal_data_the_columns_go(souad, login, admin_user):
    from django.contrib.auth import get_user_model

    from tanzim.access.models import Account
    from tanzim.access.services import grant_create
    from tanzim.territory.models import Territory

    user = get_user_model().objects.create_user("exporter", password="a-long-test-password")
    Account.objects.create(user=user, person=make_member("E-0002", first_ar="قارئ").person)
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code="01.571"),
        capabilities=["read", "export"],
        starts_on=dt.date(2024, 1, 1),
    )
    header, *rows = rows_of_csv(login(user, language="fr").get(reverse("members:export", args=["csv"])))
    assert "Date de naissance" not in header and "CIN" not in " ".join(header) and "Téléphone" not in header
    assert "Sexe" in header and len(rows) == 2
