"""The person and place pickers as an official meets them: what the suggestions show (and never show), what a posted
choice or a new person becomes, and that a refused renewal creates nobody."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tanzim.access.models import Account
from tanzim.audit.models import AuditEntry
from tanzim.members.models import Member
from tanzim.organization.models import Mandate, PositionType, Renewal
from tanzim.organization.services import Seat, office_renew
from tanzim.people.models import Person
from tests.members.factories import make_member
from tests.organization.factories import make_body

TETOUAN = "01.571.01.11"
OUED_LAOU = "01.571.01.07"
TAOUNATE_COMMUNE = "03.531.01.05"
OPTION = re.compile(r'<li role="option" data-value="(\d+)"')


def _positions():
    return {p.key: p for p in PositionType.objects.all()}


@pytest.fixture
def world(party):
    """Tétouan: the reader heads the provincial office; a branch with its office; namesakes; a person of the province
    who sits in the regional office; and a person of Taounate, outside the reader's scope."""
    pos = _positions()
    bureau = make_body("national_executive")
    region = make_body("regional_office", "01", parent=bureau)
    province = make_body("provincial_office", "01.571", parent=region)
    branch = make_body("local_office", TETOUAN, parent=province)
    head = make_member("H-1", first_ar="كريم", last_ar="الصقلي", first_latin="Karim", last_latin="Sqalli")
    amrani = make_member(
        "T-100",
        first_ar="محمد",
        last_ar="العمراني",
        first_latin="Mohamed",
        last_latin="El Amrani",
        birth_date=dt.date(1980, 3, 2),
    )
    fatima_1 = make_member(
        "T-201", first_ar="فاطمة", last_ar="بناني", first_latin="Fatima", last_latin="Bennani", gender="f",
        birth_date=dt.date(1975, 1, 1),
    )  # fmt: skip
    fatima_2 = make_member(
        "T-202", first_ar="فاطمة", last_ar="بناني", first_latin="Fatima", last_latin="Bennani", gender="f",
        birth_date=dt.date(1990, 1, 1), commune=OUED_LAOU,
    )  # fmt: skip
    regional = make_member("R-1", first_ar="رشيد", last_ar="الريفي", first_latin="Rachid", last_latin="Rifi")
    far = make_member("F-1", first_ar="زمردة", last_ar="الكناريكي", first_latin="Zumurruda", commune=TAOUNATE_COMMUNE)
    office_renew(acting_user=None, body=province, held_on=dt.date(2025, 1, 5), seats=[Seat(pos["head"], head.person)])
    tanger = make_member("R-0", first_ar="عبد الله", last_ar="الطنجي", commune="01.511.01.0")
    office_renew(
        acting_user=None,
        body=region,
        held_on=dt.date(2025, 1, 5),
        seats=[Seat(pos["head"], tanger.person), Seat(pos["deputy_head"], regional.person)],
    )
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2025, 2, 1),
        seats=[Seat(pos["head"], amrani.person), Seat(pos["treasurer"], fatima_1.person)],
    )
    user = get_user_model().objects.create_user("head-tetouan", password="a-long-test-password")
    Account.objects.create(user=user, person=head.person)
    return {
        "branch": branch,
        "region": region,
        "user": user,
        "amrani": amrani,
        "fatima": (fatima_1, fatima_2),
        "regional": regional,
        "far": far,
        "positions": pos,
    }


def suggest(client, q, **query):
    return client.get("/people/suggest/", {"q": q, **query}).content.decode()


def options(html) -> list[int]:
    return [int(v) for v in OPTION.findall(html)]


# --------------------------------------------------------------------------------------------- suggestions


@pytest.mark.parametrize(
    "typed", ["Mohammed Amrani", "mohamed el-amrani", "Muhammad Elamrani", "محمد العمراني", "مُحمّد العمرانى", "محم"]
)
def test_a_person_is_found_by_either_script_and_any_spelling(world, login, typed):
    client = login(world["user"])
    assert world["amrani"].person_id in options(suggest(client, typed, within="01.571"))


def test_namesakes_are_told_apart_by_card_birth_year_commune_and_positions(world, login):
    client = login(world["user"])
    html = suggest(client, "فاطمة بناني", within="01.571", **{"for": "offices_write"})
    first, second = world["fatima"]
    assert options(html) == sorted([first.person_id, second.person_id], key=options(html).index)
    assert len(options(html)) == 2
    items = {int(v): item for v, item in re.findall(r'data-value="(\d+)"(.*?)</li>', html, re.S)}
    one, two = items[first.person_id], items[second.person_id]
    assert "T-201" in one and "T-202" in two  # card numbers
    assert "1975" in one and "1990" in two  # birth years (the reader may see personal data here)
    assert "جماعة تطوان — إقليم تطوان" in one and "جماعة واد لو — إقليم تطوان" in two
    assert "Fatima Bennani" in one  # the other script
    assert "أمينة المال — الفرع — تطوان" in one and "أمينة المال" not in two  # current positions


def test_at_most_twenty_suggestions(world, login):
    for i in range(25):
        make_member(f"Y-{i}", first_ar="يوسف", last_ar=f"المرابط{i}", first_latin="Youssef")
    client = login(world["user"])
    html = suggest(client, "يوسف")
    assert len(options(html)) == 20
    assert "20 " in html or "٢٠" in html  # the count, read out to screen readers


def test_nothing_outside_the_readers_scope_is_suggested(world, login):
    """Taounate's person is never suggested, by name or card; the Tétouan resident who sits in the regional office is
    suggested (she lives in the province) without the regional mandate (which the reader may not see), and marked
    as one this reader cannot seat."""
    client = login(world["user"])
    far = world["far"].person_id
    for typed in ("زمردة", "Zumurruda", "F-1"):
        for within in ("", "03.531", "01.571"):
            assert far not in options(suggest(client, typed, within=within, **{"for": "offices_write"}))
    html = suggest(client, "رشيد الريفي", within="01.571", **{"for": "offices_write"})
    assert options(html) == [world["regional"].person_id]
    assert "الجهوية" not in html and "نائب" not in html  # the regional mandate is not shown
    assert 'aria-disabled="true" class="picker-beyond"' in html
    # The same person, read without a write in view, is an ordinary suggestion.
    assert 'aria-disabled="true"' not in suggest(client, "رشيد الريفي")


def test_a_card_number_finds_its_member_and_the_search_is_audited(world, login):
    client = login(world["user"])
    assert options(suggest(client, "t-100")) == [world["amrani"].person_id]
    entry = AuditEntry.objects.filter(action="member.list", target_type="people.person").latest("pk")
    assert entry.changes["picker"] is True and entry.changes["q"] == "t-100"


def test_add_a_new_person_is_offered_only_where_the_form_allows_it(world, login):
    client = login(world["user"])
    assert "data-new" in suggest(client, "زكرياء الأنصاري", within="01.571", new="1")
    assert "data-new" not in suggest(client, "زكرياء الأنصاري", within="01.571")


# ----------------------------------------------------------------------------------------------- the renewal


def _renewal(world, rows: list[dict], held_on="2026-01-10") -> dict:
    data = {
        "held_on": held_on,
        "seat-TOTAL_FORMS": str(len(rows)),
        "seat-INITIAL_FORMS": "0",
        "seat-MIN_NUM_FORMS": "0",
        "seat-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"seat-{i}-{key}"] = value
    return data


def test_the_renewal_page_has_pickers_not_a_list_of_everyone(world, login):
    client = login(world["user"])
    html = client.get(reverse("organization:renew", args=[world["branch"].pk])).content.decode()
    assert 'role="combobox"' in html
    assert 'data-source="/people/suggest/?within=01.571&amp;for=offices_write&amp;new=1"' in html
    assert "الكناريكي" not in html and "الريفي" not in html  # no list of the province's persons in the page
    assert "picker.js" in html


def test_a_renewal_seats_persons_picked_by_id_and_by_card_number(world, login):
    client = login(world["user"])
    pos = world["positions"]
    data = _renewal(
        world,
        [
            {"position_type": pos["head"].pk, "person": world["amrani"].person_id, "person_q": "محمد العمراني"},
            {"position_type": pos["treasurer"].pk, "person": "", "person_q": "T-202"},  # typed without JavaScript
        ],
    )
    answer = client.post(reverse("organization:renew", args=[world["branch"].pk]), data)
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    current = Mandate.objects.filter(body=world["branch"], end_date__isnull=True)
    assert set(current.values_list("person_id", flat=True)) == {
        world["amrani"].person_id,
        world["fatima"][1].person_id,
    }


def test_an_id_outside_the_scope_is_a_form_error_beside_the_row(world, login):
    client = login(world["user"])
    pos = world["positions"]
    data = _renewal(world, [{"position_type": pos["head"].pk, "person": world["far"].person_id}])
    answer = client.post(reverse("organization:renew", args=[world["branch"].pk]), data)
    html = answer.content.decode()
    assert answer.status_code == 200 and "الكناريكي" not in html
    row = html.split('name="seat-0-person"', 1)[1].split("</tr>", 1)[0]
    assert 'class="error"' in row
    assert Renewal.objects.filter(body=world["branch"]).count() == 1


def test_a_new_person_is_created_with_the_renewal(world, login):
    client = login(world["user"])
    pos = world["positions"]
    new = {
        "person_new-first_name_ar": "زكرياء",
        "person_new-last_name_ar": "الأنصاري",
        "person_new-first_name_latin": "Zakaria",
        "person_new-gender": "m",
        "person_new-commune_q": "واد لو",  # the commune typed by name
        "person_new-card_number": "t-900",
    }
    data = _renewal(
        world,
        [
            {"position_type": pos["head"].pk, "person": world["amrani"].person_id},
            {"position_type": pos["advisor"].pk, "person": "", "person_q": "", **new},
        ],
    )
    answer = client.post(reverse("organization:renew", args=[world["branch"].pk]), data)
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    person = Person.objects.get(first_name_ar="زكرياء", last_name_ar="الأنصاري")
    assert person.commune.code == OUED_LAOU and person.first_name_latin == "Zakaria"
    assert Mandate.objects.filter(body=world["branch"], person=person, end_date__isnull=True).exists()
    assert Member.objects.get(person=person).card_number == "T-900"
    assert AuditEntry.objects.filter(action="person.create", target_id=str(person.pk)).exists()


def test_a_refused_renewal_creates_nobody_and_keeps_the_new_person_as_typed(world, login):
    client = login(world["user"])
    pos = world["positions"]
    new = {
        "person_new-first_name_ar": "زكرياء",
        "person_new-last_name_ar": "الأنصاري",
        "person_new-gender": "m",
        "person_new-commune": OUED_LAOU,
    }
    # Dated before the branch's current office: the renewal is refused after the persons would be created.
    data = _renewal(world, [{"position_type": pos["head"].pk, "person": "", **new}], held_on="2025-01-01")
    before = Person.objects.count()
    answer = client.post(reverse("organization:renew", args=[world["branch"].pk]), data)
    html = answer.content.decode()
    assert answer.status_code == 200 and 'role="alert"' in html
    assert Person.objects.count() == before
    assert not AuditEntry.objects.filter(action="person.create").exclude(actor=None).exists()
    assert 'value="زكرياء"' in html and '<details class="picker-new" open>' in html


def test_a_new_person_needs_a_name_a_gender_and_a_commune_of_the_territory(world, login):
    client = login(world["user"])
    pos = world["positions"]
    new = {"person_new-first_name_ar": "زكرياء", "person_new-commune": TAOUNATE_COMMUNE}
    data = _renewal(world, [{"position_type": pos["head"].pk, "person": "", **new}])
    html = client.post(reverse("organization:renew", args=[world["branch"].pk]), data).content.decode()
    assert "اختر الجنس" in html  # Choose the gender.
    assert "03.531.01.05" in html and "لا يوجد مكان في نطاقك" in html  # the commune refused, in Arabic
    assert not Person.objects.filter(first_name_ar="زكرياء").exists()


def test_a_person_held_by_a_higher_body_is_refused_by_the_renewal(world, login):
    client = login(world["user"])
    pos = world["positions"]
    data = _renewal(world, [{"position_type": pos["head"].pk, "person": world["regional"].person_id}])
    html = client.post(reverse("organization:renew", args=[world["branch"].pk]), data).content.decode()
    assert "هذا الشخص تابع لهيئة أعلى" in html
    assert Renewal.objects.filter(body=world["branch"]).count() == 1


# ---------------------------------------------------------------------------------------------------- places


def test_a_place_typed_by_name_filters_the_member_list_instead_of_a_404(world, login):
    client = login(world["user"])
    for query in ({"territory_q": "تطوان"}, {"territory": "تطوان"}, {"territory_q": "Tetouan"}):
        answer = client.get(reverse("members:index"), query)
        html = answer.content.decode()
        assert answer.status_code == 200
        assert "العمراني" in html and 'class="error"' not in html
    oued = client.get(reverse("members:index"), {"territory_q": "واد لو"}).content.decode()
    assert "T-202" in oued and "T-201" not in oued


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_wrong_place_is_a_form_error_in_the_readers_language(world, login, language):
    client = login(world["user"], language=language)
    unknown = client.get(reverse("members:index"), {"territory_q": "لا مكان بهذا الاسم"})
    outside = client.get(reverse("members:index"), {"territory": "03.531"})
    for answer in (unknown, outside):
        assert answer.status_code == 200
    if language == "ar":
        assert "لا يوجد مكان في نطاقك" in unknown.content.decode() + outside.content.decode()
    else:
        assert "Aucun lieu de votre territoire" in unknown.content.decode()
        assert "Aucun lieu de votre territoire" in outside.content.decode()
    assert "الكناريكي" not in outside.content.decode()


def test_homonymous_communes_are_told_apart(admin_user, login, party):
    client = login(admin_user)
    html = client.get("/territory/suggest/", {"q": "سيدي غانم", "levels": "commune"}).content.decode()
    labels = re.findall(r'data-label="([^"]+)"', html)
    assert len(labels) == 3 and len(set(labels)) == 3  # three communes, three provinces
    assert all(label.startswith("جماعة سيدي غانم — ") for label in labels)
    ambiguous = client.get(reverse("members:index"), {"territory_q": "سيدي غانم"}).content.decode()
    assert "عدة أماكن تسمى" in ambiguous and all(label in ambiguous for label in labels)
    code = client.get(reverse("members:index"), {"territory": "07.161.05.15"})
    assert code.status_code == 200 and 'class="error"' not in code.content.decode()


def test_place_suggestions_in_french_and_by_code(admin_user, login, party):
    client = login(admin_user, language="fr")
    html = client.get("/territory/suggest/", {"q": "tetouan"}).content.decode()
    assert 'data-label="Province Tétouan — Région Tanger-Tétouan-Al Hoceima"' in html
    assert 'data-label="Commune Tétouan — Province Tétouan"' in html
    assert 'data-value="01.571"' in client.get("/territory/suggest/", {"q": "01.571"}).content.decode()


def test_an_elected_mandate_takes_its_territory_by_name(world, login):
    client = login(world["user"])
    member = world["amrani"]
    url = reverse("members:profile_add", args=[member.pk, "elected"])
    form = {"elected-office": "communal_councillor", "elected-term_start": "2021", "elected-territory_q": "واد لو"}
    assert client.post(url, form).status_code == 302
    assert member.elected.get().territory.code == OUED_LAOU
    refused = client.post(url, {**form, "elected-territory_q": "تاونات"}, follow=True)
    assert refused.status_code == 200 and "لا يوجد مكان في نطاقك" in refused.content.decode()
    assert member.elected.count() == 1


def test_the_member_form_takes_the_commune_by_name(world, login):
    client = login(world["user"])
    form = {"card_number": "N-1", "first_name_ar": "سعيد", "gender": "m", "commune_q": "واد لو"}
    assert client.post(reverse("members:create"), form).status_code == 302
    assert Member.objects.get(card_number="N-1").person.commune.code == OUED_LAOU
