"""What the pages say, in Arabic and French: places named type first, numbers kept left to right inside Arabic,
counts in the form of their number, one date format, the administration under the product's name, the form that
asks for a gender, and the home page of an account whose mandate ended."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from tanzim.access.models import Account
from tanzim.members.models import Member
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Body
from tests.members.factories import make_member

LRI, PDI = "\u2066", "\u2069"


@pytest.fixture(autouse=True)
def language_left_as_found():
    """The pages activate the reader's language in this thread; the next test file finds the default again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_a_place_is_named_after_its_type(login, admin_user, party):
    client = login(admin_user, language="ar")
    ar = client.get(reverse("territory:detail", args=["01.571"])).content.decode()
    assert "<h1>إقليم تطوان</h1>" in ar and "تطوان إقليم" not in ar
    ar = client.get(reverse("territory:detail", args=["01"])).content.decode()
    assert "<h1>جهة طنجة-تطوان-الحسيمة</h1>" in ar
    client_fr = login(admin_user, language="fr")
    fr = client_fr.get(reverse("territory:detail", args=["01.051"])).content.decode()
    assert "<h1>Province d’Al Hoceima</h1>" in fr  # "de" elided before a vowel
    fr = client_fr.get(reverse("territory:detail", args=["01.571.01.11"])).content.decode()
    assert "<h1>Commune de Tétouan</h1>" in fr


def test_the_law_number_reads_left_to_right_in_arabic(client_ar, party):
    html = client_ar.get(reverse("admin:index")).content.decode()
    assert f"القانون {LRI}09‑08{PDI}" in html  # the privacy app's name: never shown as "08-09"


def test_the_administration_is_named_in_the_readers_language(login, admin_user):
    ar = login(admin_user, language="ar").get(reverse("admin:index")).content.decode()
    assert "إدارة تنظيم" in ar and "جانغو" not in ar
    assert "محاولات الدخول" in ar and "تطبيقات المصادقة (العامل الثاني)" in ar and "المهام في الخلفية" in ar
    for english in (">Axes<", ">AXES<", "Otp_Totp", "OTP_TOTP", "Tasks Database Backend"):
        assert english not in ar
    fr = login(admin_user, language="fr").get(reverse("admin:index")).content.decode()
    assert "Administration de Tanzim" in fr and "Tentatives de connexion" in fr and "Django" not in fr


def _office(genders: str):
    """The Tétouan branch with an office of persons of these genders ("ffm": two women and a man), the head first."""
    from tanzim.organization.models import PositionType
    from tanzim.organization.services import Seat, office_renew
    from tests.organization.factories import make_body

    branch = make_body("local_office", "01.571.01.11", parent=make_body("provincial_office", "01.571"))
    positions = [PositionType.objects.get(key="head"), *[PositionType.objects.get(key="member")] * len(genders)]
    seats = [
        Seat(position, make_member(f"O-{i}", first_ar=f"شخص{i}", gender=gender).person)
        for i, (position, gender) in enumerate(zip(positions, genders, strict=False))
    ]
    office_renew(acting_user=None, body=branch, held_on=dt.date(2025, 2, 1), seats=seats)
    return branch


@pytest.mark.parametrize(
    ("genders", "language", "said"),
    [
        ("f", "ar", "عضو واحد، منهم امرأة واحدة"),
        ("mf", "ar", "عضوان، منهم امرأة واحدة"),
        ("ffm", "ar", "3 أعضاء، منهم امرأتان"),
        ("mmm", "ar", "3 أعضاء، ليس بينهم أي امرأة"),
        ("fffm", "ar", "4 أعضاء، منهم 3 نساء"),
        ("f", "fr", "1 membre, dont 1 femme"),
        ("ffm", "fr", "3 membres, dont 2 femmes"),
    ],
)
def test_a_count_takes_the_form_of_its_number(login, admin_user, party, genders, language, said):
    branch = _office(genders)
    html = login(admin_user, language=language).get(reverse("organization:detail", args=[branch.pk])).content.decode()
    assert said in html


def test_the_verification_message_agrees_with_its_count(login, admin_user):
    demo_load()
    branch = Body.objects.filter(body_type__key="local_office", territory__code="01.571.01.11").first()
    member = make_member("V-1", first_ar="سعاد")
    member.local_body = branch
    member.save()
    client = login(admin_user, language="ar")
    html = client.post(reverse("members:verify_body", args=[branch.pk]), follow=True).content.decode()
    assert "عُلّم منخرط واحد كمتحقق منه اليوم." in html
    make_member("V-2", first_ar="كريم", local_body=None)
    type(member).objects.filter(card_number="V-2").update(local_body=branch, path=member.path)
    client = login(admin_user, language="fr")
    html = client.post(reverse("members:verify_body", args=[branch.pk]), follow=True).content.decode()
    assert "2 adhérents marqués comme vérifiés aujourd’hui." in html
    assert "au cours des 12 derniers mois" in html


def test_dates_are_typed_and_shown_as_day_month_year(login, admin_user):
    demo_load()
    branch = Body.objects.filter(body_type__key="local_office", territory__code="01.571.01.11").first()
    html = login(admin_user, language="fr").get(reverse("organization:renew", args=[branch.pk])).content.decode()
    assert 'type="date"' not in html
    assert 'placeholder="jj/mm/aaaa"' in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html  # the day of the renewal, as dd/mm/yyyy
    audit = login(admin_user, language="ar").get(reverse("audit:index"), {"since": "01/02/2025"}).content.decode()
    assert 'type="date"' not in audit and 'value="01/02/2025"' in audit and 'placeholder="يوم/شهر/سنة"' in audit


def test_the_council_head_is_named_the_same_in_its_renewal_form_and_on_its_page(client_ar):
    demo_load()
    council = Body.objects.get(body_type__key="provincial_council", territory__code="01.571")
    form = client_ar.get(reverse("organization:renew", args=[council.pk])).content.decode()
    page = client_ar.get(reverse("organization:detail", args=[council.pk])).content.decode()
    assert "رئيس المجلس الإقليمي" in form or "رئيسة المجلس الإقليمي" in form
    assert ">الكاتب<" not in form
    assert "رئيس المجلس الإقليمي" in page or "رئيسة المجلس الإقليمي" in page


def test_the_member_form_asks_for_the_gender_and_shows_its_competences(login, admin_user, party):
    html = login(admin_user, language="ar").get(reverse("members:create")).content.decode()
    start = html.index('name="gender"')
    select = html[start : html.index("</select>", start)]
    assert '<option value="" selected>— اختر —</option>' in select
    assert "selected" not in select.replace('<option value="" selected>', "")
    assert '<fieldset class="choices" id="competences">' in html and "<legend>الكفاءات</legend>" in html
    refused = (
        login(admin_user, language="fr")
        .post(reverse("members:create"), {"card_number": "G-1", "first_name_ar": "سعاد", "commune": "01.571.01.11"})
        .content.decode()
    )
    assert "Ce champ est obligatoire" in refused
    assert not Member.objects.filter(card_number="G-1").exists()


def test_the_member_form_lists_the_competences_under_their_label_and_its_dates_as_day_month_year(
    login, admin_user, party
):
    from tanzim.members.models import CompetenceTag

    client = login(admin_user, language="ar")
    empty = client.get(reverse("members:create")).content.decode()
    fieldset = empty[empty.index('id="competences"') : empty.index("</fieldset>", empty.index('id="competences"'))]
    assert "لم تحدد أي كفاءة بعد: تضيفها الإدارة الوطنية إلى القائمة." in fieldset
    CompetenceTag.objects.create(key="lawyer", name_ar="محام", name_fr="Avocat")
    member = make_member(
        "C-1", first_ar="سعاد", gender="f", birth_date=dt.date(1974, 5, 5), join_date=dt.date(2015, 2, 1)
    )
    html = client.get(reverse("members:edit", args=[member.pk])).content.decode()
    fieldset = html[html.index('id="competences"') : html.index("</fieldset>", html.index('id="competences"'))]
    assert 'type="checkbox" name="tags"' in fieldset and "محام" in fieldset
    assert 'type="date"' not in html
    assert 'value="05/05/1974"' in html and 'value="01/02/2015"' in html  # as typed: dd/mm/yyyy
    french = login(admin_user, language="fr").get(reverse("members:edit", args=[member.pk])).content.decode()
    assert 'value="05/05/1974"' in french and "(jj/mm/aaaa)" in french


def test_the_member_list_says_which_commune_a_local_body_is_in(client_ar):
    demo_load()
    branch = Body.objects.filter(body_type__key="local_office", territory__code="01.571.01.11").first()
    member = make_member("L-1", first_ar="سعاد")
    type(member).objects.filter(pk=member.pk).update(local_body=branch)
    html = client_ar.get(reverse("members:index")).content.decode()
    assert f"<td>{branch.name}</td>" in html and "تطوان" in branch.name


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_account_without_authority_is_told_so_and_where_to_ask(login, db, language):
    demo_load()
    person = make_member("H-1", first_ar="سعاد", last_ar="البحراوي").person
    user = get_user_model().objects.create_user("ended-mandate", password="a-long-test-password")
    Account.objects.create(user=user, person=person)
    html = login(user, language=language).get(reverse("home")).content.decode()
    if language == "ar":
        assert "حسابك لا يتيح الوصول إلى أي شيء حاليا" in html and "ربما انتهت مهمتك" in html
        assert "بالكتابة الإقليمية" in html
        assert "لم يتم إحداث أي هيئة" not in html and "جماعة في مجالك الترابي" not in html
    else:
        assert "Votre compte ne donne accès à rien pour le moment" in html
        assert "votre mandat a peut-être pris fin" in html
        assert "secrétariat de votre province" in html
        assert "communes de votre territoire" not in html
    assert reverse("account") in html


def test_latin_words_and_file_extensions_are_isolated_in_arabic(client_ar):
    html = client_ar.get(reverse("members:import")).content.decode()
    assert f"ملف المنخرطين ({LRI}.csv{PDI} أو {LRI}.xlsx{PDI})" in html  # never "(csv. أو xlsx.)"
    with translation.override("ar"):
        said = translation.gettext(
            "Install an authenticator app on your phone (FreeOTP, Aegis, Google Authenticator, "
            "Microsoft Authenticator…)."
        )
    # Each application's name is isolated, so the sentence's end stays where Arabic puts it (no stray "…).").
    assert f"{LRI}FreeOTP{PDI}" in said and said.endswith(f"{LRI}Microsoft Authenticator{PDI}.")


def test_the_dues_list_of_the_administration_names_the_member(client_ar, party):
    from tanzim.members.declared_years import declared_years_write
    from tanzim.territory.scope import Scope

    member = make_member("D-1", first_ar="سعاد", last_ar="البحراوي")
    declared_years_write(acting_user=None, scope=Scope.everything(), pairs=[(member.pk, 2024)])
    html = client_ar.get(reverse("admin:dues_ledgerentry_changelist")).content.decode()
    assert "D-1 سعاد البحراوي" in html and "2024" in html


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        (0, "لم يُقرأ أي سطر بعد"),
        (1, "قُرئ سطر واحد"),
        (2, "قُرئ سطران"),
        (7, "قُرئت 7 أسطر"),
        (40, "قُرئ 40 سطرًا"),
        (300, "قُرئ 300 سطر"),
    ],
)
def test_an_import_in_progress_counts_its_rows_in_the_form_of_the_number(rows, said):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    job = SimpleNamespace(pk=1, status="running", rows_read=rows, get_status_display="…")
    with translation.override("ar"):
        shown = render_to_string("members/_import_progress.html", {"job": job})
    assert said in shown
