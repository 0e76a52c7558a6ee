"""The office pages as the provincial secretary of Tétouan uses them: the renewal's rows (added and removed in the
page by rows.js, or by the form itself without JavaScript), a refusal shown beside the row that caused it, who
framed the renewal, co-opting persons and ending a mandate between renewals. In Arabic and French."""

import datetime as dt
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from tanzim.access.models import Account
from tanzim.organization.models import BodyStatus, Mandate, OfficeChange, PositionType, Renewal
from tanzim.organization.services import Seat, office_renew
from tests.organization.factories import make_body
from tests.people.factories import PersonFactory

MANAGEMENT = {"seat-INITIAL_FORMS": "0", "seat-MIN_NUM_FORMS": "0", "seat-MAX_NUM_FORMS": "1000"}


@pytest.fixture(autouse=True)
def language_left_as_found():
    """The pages activate the reader's language in this thread; the next test file finds the default again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def positions(party):
    return {p.key: p for p in PositionType.objects.all()}


@pytest.fixture
def world(party, positions):
    region = make_body("regional_office", "01", status=BodyStatus.CONSTITUTED)
    province = make_body("provincial_office", "01.571", parent=region)
    branch = make_body("local_office", "01.571.01.11", parent=province)
    secretary = PersonFactory(first_name_ar="نادية", last_name_ar="الطريس", first_name_latin="Nadia")
    regional = PersonFactory(first_name_ar="إدريس", last_name_ar="الجهوي", last_name_latin="Jihaoui")
    office_renew(acting_user=None, body=region, held_on=dt.date(2024, 1, 1), seats=[Seat(positions["head"], regional)])
    office_renew(
        acting_user=None,
        body=province,
        held_on=dt.date(2024, 6, 1),
        seats=[Seat(positions["head"], secretary), Seat(positions["treasurer"], PersonFactory())],
    )
    head = PersonFactory(first_name_ar="محمد", last_name_ar="الزكاري", first_name_latin="Mohamed")
    treasurer = PersonFactory(first_name_ar="كريمة", last_name_ar="أحكان", gender="f")
    advisor = PersonFactory(first_name_ar="محمد", last_name_ar="حنين")
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2025, 1, 19),
        seats=[
            Seat(positions["head"], head),
            Seat(positions["treasurer"], treasurer),
            Seat(positions["advisor"], advisor),
        ],
        supervised_by=province,
    )
    user = get_user_model().objects.create_user("tetouan-secretary", password="a-long-test-password")
    Account.objects.create(user=user, person=secretary)
    branch_user = get_user_model().objects.create_user("branch-head", password="a-long-test-password")
    Account.objects.create(user=branch_user, person=head)
    return {
        "region": region,
        "province": province,
        "branch": branch,
        "secretary": secretary,
        "regional": regional,
        "head": head,
        "treasurer": treasurer,
        "advisor": advisor,
        "user": user,
        "branch_user": branch_user,
    }


@pytest.fixture
def secretary(world, login):
    def signed_in(language="ar"):
        return login(world["user"], language=language)

    return signed_in


def rows_of(html: str) -> list[str]:
    """The rows of the page's office (not the <template> of a new row)."""
    page = html.split("<template", 1)[0]
    return re.findall(r'<li class="seat-row[^"]*"[^>]*>(.*?)</li>', page, flags=re.S)


def row_with(html: str, name: str) -> str:
    return next(r for r in rows_of(html) if f'name="{name}"' in r)


def selected(html: str, name: str) -> str:
    """What a row's field holds as the page comes back: the option selected in a <select> (a position), or the
    value a picker keeps in its hidden input (a person)."""
    select = re.search(rf'<select name="{re.escape(name)}".*?</select>', html, flags=re.S)
    if select:
        found = re.search(r'<option value="(\d+)" selected>', select.group(0))
        return found.group(1) if found else ""
    picked = re.search(rf'<input type="hidden" name="{re.escape(name)}" value="(\d*)"', html)
    assert picked, f"no field {name} on the page"
    return picked.group(1)


def renewal_post(world, positions, rows, **fields):
    data = {"held_on": "2026-01-10", "supervised_by": "", "notes": "", "seat-TOTAL_FORMS": str(len(rows))}
    data.update(MANAGEMENT)
    for i, (key, person) in enumerate(rows):
        data[f"seat-{i}-position_type"] = str(positions[key].pk) if key else ""
        data[f"seat-{i}-person"] = str(person.pk) if person else ""
    data.update(fields)
    return data


# --- the renewal page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_renewal_page_carries_its_rows_a_template_for_more_and_the_script(world, secretary, language):
    client = secretary(language)
    html = client.get(reverse("organization:renew", args=[world["branch"].pk])).content.decode()

    assert len(rows_of(html)) == 3 + 4  # the current office and four empty rows
    template = html.split("<template data-row-template>", 1)[1].split("</template>", 1)[0]
    assert 'name="seat-__prefix__-position_type"' in template and 'name="seat-__prefix__-person"' in template
    assert 'class="seat-row' in template and "data-remove-row" in template
    assert re.search(r'<script src="/static/tanzim/rows\.js" defer></script>', html)
    assert "<script>" not in html and " onclick=" not in html and " style=" not in html
    words = {
        "ar": ("إضافة سطر", "حذف", "أطّره", "المكتب الجديد"),
        "fr": ("Ajouter une ligne", "Retirer", "Encadré par", "Le nouveau bureau"),
    }[language]
    assert all(w in html for w in words)
    # Who may have framed it: the provincial secretary, by her title and body; nobody the reader cannot see.
    framers = html.split('class="framers"', 1)[1].split("</fieldset>", 1)[0]
    assert {"ar": "نادية الطريس", "fr": "Nadia"}[language] in framers and {
        "ar": "الكتابة الإقليمية — تطوان",
        "fr": "Tétouan",
    }[language] in framers
    assert "الجهوي" not in framers and "Jihaoui" not in framers


def test_without_javascript_adding_rows_keeps_what_was_typed_and_records_nothing(world, secretary, positions):
    client = secretary()
    newcomer = PersonFactory()
    data = renewal_post(
        world,
        positions,
        [("head", world["head"]), ("treasurer", newcomer), (None, None)],
        notes="محضر الجمع العام",
        add_rows="1",
    )

    answer = client.post(reverse("organization:renew", args=[world["branch"].pk]), data)

    html = answer.content.decode()
    assert answer.status_code == 200 and Renewal.objects.filter(body=world["branch"]).count() == 1
    assert len(rows_of(html)) == 3 + 4
    assert selected(html, "seat-1-person") == str(newcomer.pk)
    assert 'value="2026-01-10"' in html and "محضر الجمع العام" in html
    assert 'role="alert"' not in html  # nothing was refused: nothing was sent to be recorded


def test_without_javascript_removing_a_row_takes_out_that_row_only(world, secretary, positions):
    client = secretary()
    data = renewal_post(
        world,
        positions,
        [("head", world["head"]), ("treasurer", world["treasurer"]), ("advisor", world["advisor"])],
        remove_row="1",
    )

    html = client.post(reverse("organization:renew", args=[world["branch"].pk]), data).content.decode()

    assert len(rows_of(html)) == 2
    assert selected(html, "seat-0-person") == str(world["head"].pk)
    assert selected(html, "seat-1-person") == str(world["advisor"].pk)
    assert str(world["treasurer"].pk) not in {selected(html, "seat-0-person"), selected(html, "seat-1-person")}


def test_rows_removed_in_the_page_are_no_seats(world, secretary, positions):
    """rows.js takes a removed row out of the page without renumbering: its index is missing from the post."""
    client = secretary()
    data = renewal_post(
        world,
        positions,
        [("head", world["head"]), ("treasurer", world["treasurer"]), ("advisor", world["advisor"])],
    )
    del data["seat-1-position_type"], data["seat-1-person"]

    answer = client.post(reverse("organization:renew", args=[world["branch"].pk]), data)

    assert answer.status_code == 302
    current = Mandate.objects.filter(body=world["branch"], end_date__isnull=True)
    assert sorted(current.values_list("position_type__key", flat=True)) == ["advisor", "head"]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_refused_renewal_keeps_every_row_and_puts_the_reason_beside_the_row(world, secretary, positions, language):
    client = secretary(language)
    second = PersonFactory(first_name_ar="بلال", last_name_ar="سلوان")
    rows = [
        ("head", world["head"]),
        ("treasurer", world["treasurer"]),
        (None, None),
        ("advisor", world["advisor"]),
        ("treasurer", second),  # a second treasurer: this row is refused
    ]
    data = renewal_post(world, positions, rows, notes="محضر")

    answer = client.post(reverse("organization:renew", args=[world["branch"].pk]), data)

    html = answer.content.decode()
    assert answer.status_code == 200 and Renewal.objects.filter(body=world["branch"]).count() == 1
    reason = {"ar": "لا يشغلها إلا شخص واحد", "fr": "titulaire, mais le nouveau bureau"}[language]
    assert reason in row_with(html, "seat-4-position_type")
    assert all(reason not in row_with(html, f"seat-{i}-person") for i in (0, 1, 3))
    assert 'class="seat-row has-error"' in html and html.count("has-error") == 1
    for i, (_key, person) in enumerate(rows):
        if person:
            assert selected(html, f"seat-{i}-person") == str(person.pk)
    assert len(rows_of(html)) == 4  # the empty row is not brought back
    summary = {"ar": "لم يسجل التجديد", "fr": "Le renouvellement n’a pas été enregistré"}[language]
    assert summary in html and "محضر" in html
    # The summary above the form links to the row (the office may be long, on a phone screens long).
    alert = html.split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#row-seat-4">' in alert and reason in alert and 'id="row-seat-4"' in html


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_person_held_above_is_refused_beside_their_row(world, secretary, positions, language):
    client = secretary(language)
    rows = [("head", world["head"]), ("advisor", world["advisor"]), ("advisor", world["regional"])]

    answer = client.post(reverse("organization:renew", args=[world["branch"].pk]), renewal_post(world, positions, rows))

    html = answer.content.decode()
    reason = {"ar": "هيئة أعلى", "fr": "instance supérieure"}[language]
    assert answer.status_code == 200
    assert reason in row_with(html, "seat-2-person") and reason not in row_with(html, "seat-1-person")
    assert not Mandate.objects.filter(person=world["regional"], body=world["branch"]).exists()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_date_before_the_office_is_refused_beside_the_date(world, secretary, positions, language):
    client = secretary(language)
    data = renewal_post(world, positions, [("head", world["head"])], held_on="2020-01-01")

    html = client.post(reverse("organization:renew", args=[world["branch"].pk]), data).content.decode()

    date_block = html.split('name="held_on"', 1)[1].split("</div>", 1)[0]
    assert "19/01/2025" in date_block and 'class="error"' in date_block


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_who_framed_the_renewal_is_recorded_and_shown_in_the_history(world, secretary, positions, language):
    client = secretary(language)
    framer = Mandate.objects.get(person=world["secretary"], end_date__isnull=True)
    data = renewal_post(
        world,
        positions,
        [("head", world["head"]), ("advisor", world["advisor"])],
        supervised_by=str(world["province"].pk),
        framed_by=str(framer.pk),
    )

    answer = client.post(reverse("organization:renew", args=[world["branch"].pk]), data, follow=True)

    html = answer.content.decode()
    renewal = Renewal.objects.filter(body=world["branch"]).first()
    assert list(renewal.framed_by.all()) == [framer]
    history = html.split('class="card history"', 1)[1]
    first = history.split("</details>", 1)[0]
    words = {"ar": ("أطّره", "نادية الطريس", "تحت إشراف"), "fr": ("Encadré par", "Nadia", "sous la supervision de")}
    assert all(w in first for w in words[language]) and "10/01/2026" in first


def test_a_framer_the_reader_cannot_see_is_no_choice(world, secretary, positions):
    client = secretary()
    regional = Mandate.objects.get(person=world["regional"])
    data = renewal_post(world, positions, [("head", world["head"])], framed_by=str(regional.pk))

    answer = client.post(reverse("organization:renew", args=[world["branch"].pk]), data)

    assert answer.status_code == 200 and Renewal.objects.filter(body=world["branch"]).count() == 1
    framers = answer.content.decode().split('class="framers"', 1)[1].split("</fieldset>", 1)[0]
    assert 'class="error"' in framers


# --- co-option and appointment -------------------------------------------------------------------------------------


def addition_post(positions, rows, **fields):
    data = {"held_on": "2025-03-02", "kind": "co_option", "note": "", "seat-TOTAL_FORMS": str(len(rows))}
    data.update(MANAGEMENT)
    for i, (key, person) in enumerate(rows):
        data[f"seat-{i}-position_type"] = str(positions[key].pk) if key else ""
        data[f"seat-{i}-person"] = str(person.pk) if person else ""
    data.update(fields)
    return data


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_secretary_co_opts_two_persons_without_touching_the_office(world, secretary, positions, language):
    client = secretary(language)
    branch = world["branch"]
    before = set(Mandate.objects.filter(body=branch, end_date__isnull=True).values_list("pk", "start_date"))
    detail = client.get(reverse("organization:detail", args=[branch.pk])).content.decode()
    assert reverse("organization:add", args=[branch.pk]) in detail
    page = client.get(reverse("organization:add", args=[branch.pk])).content.decode()
    assert len(rows_of(page)) == 4 and "<template data-row-template>" in page
    cadres = [
        PersonFactory(first_name_ar="فاطمة", last_name_ar="اطنين", first_name_latin="Fatima", last_name_latin="Atnine"),
        PersonFactory(last_name_ar="الأمراني"),
    ]
    data = addition_post(
        positions, [("advisor", cadres[0]), (None, None), ("advisor", cadres[1])], note="لتعزيز أداء الجهاز"
    )

    answer = client.post(reverse("organization:add", args=[branch.pk]), data, follow=True)

    html = answer.content.decode()
    after = set(Mandate.objects.filter(body=branch, end_date__isnull=True).values_list("pk", "start_date"))
    assert before < after and len(after - before) == 2
    assert {d for _pk, d in after - before} == {dt.date(2025, 3, 2)}
    done = {"ar": "أضيف شخصان (2) إلى", "fr": "2 personnes ont été ajoutées à"}[language]
    kind = {"ar": "إلحاق", "fr": "Cooptation"}[language]
    history = html.split('class="card history"', 1)[1]
    name = {"ar": "فاطمة اطنين", "fr": "Fatima Atnine"}[language]
    assert done in html and kind in history.split("</details>", 1)[0] and name in history
    assert "لتعزيز أداء الجهاز" in history


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_co_opting_into_a_taken_single_position_is_refused_beside_the_row(world, secretary, positions, language):
    client = secretary(language)
    newcomer = PersonFactory()
    data = addition_post(positions, [("advisor", PersonFactory()), ("treasurer", newcomer)], kind="appointment")

    answer = client.post(reverse("organization:add", args=[world["branch"].pk]), data)

    html = answer.content.decode()
    reason = {"ar": "يشغلها حاليا شخص آخر", "fr": "a déjà un titulaire"}[language]
    assert answer.status_code == 200 and reason in row_with(html, "seat-1-position_type")
    assert selected(html, "seat-1-person") == str(newcomer.pk)
    assert 'value="appointment" id="id_kind_1" checked' in html or re.search(r'value="appointment"[^>]*checked', html)
    assert not OfficeChange.objects.exists()


def test_without_javascript_the_addition_page_adds_rows_too(world, secretary, positions):
    client = secretary()
    cadre = PersonFactory()
    data = addition_post(positions, [("advisor", cadre)], add_rows="1")

    html = client.post(reverse("organization:add", args=[world["branch"].pk]), data).content.decode()

    assert len(rows_of(html)) == 5 and selected(html, "seat-0-person") == str(cadre.pk)
    assert not OfficeChange.objects.exists()


# --- ending a mandate ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_secretary_ends_a_mandate_for_a_resignation(world, secretary, language):
    client = secretary(language)
    branch = world["branch"]
    mandate = Mandate.objects.get(person=world["treasurer"], end_date__isnull=True)
    page = client.get(reverse("organization:end", args=[branch.pk]) + f"?mandate={mandate.pk}").content.decode()
    assert f'<option value="{mandate.pk}" selected>' in page
    assert {"ar": "استقالة", "fr": "Démission"}[language] in page

    answer = client.post(
        reverse("organization:end", args=[branch.pk]),
        {"end-mandate": mandate.pk, "end-end_date": "2025-04-01", "end-reason": "resigned", "end-note": "رسالة"},
        follow=True,
    )

    mandate.refresh_from_db()
    assert (mandate.end_date, mandate.end_reason) == (dt.date(2025, 4, 1), "resigned")
    assert Mandate.objects.filter(body=branch, end_date__isnull=True).count() == 2
    html = answer.content.decode()
    history = html.split('class="card history"', 1)[1].split("</details>", 1)[0]
    words = {"ar": ("انتهاء مهمة", "كريمة أحكان", "مستقيل"), "fr": ("Fin d’un mandat", "Démissionnaire", "01/04/2025")}
    assert all(w in history for w in words[language]), history
    office = html.split('class="table office"', 1)[1].split("</table>", 1)[0]
    assert "كريمة أحكان" not in office


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_end_before_the_mandate_began_is_refused_beside_the_date(world, secretary, language):
    client = secretary(language)
    mandate = Mandate.objects.get(person=world["treasurer"], end_date__isnull=True)

    answer = client.post(
        reverse("organization:end", args=[world["branch"].pk]),
        {"end-mandate": mandate.pk, "end-end_date": "2024-12-01", "end-reason": "dismissed"},
    )

    html = answer.content.decode()
    date_block = html.split('name="end-end_date"', 1)[1].split("</div>", 1)[0]
    assert answer.status_code == 200 and "19/01/2025" in date_block and "01/12/2024" in date_block
    mandate.refresh_from_db()
    assert mandate.end_date is None
    assert re.search(r'value="dismissed"[^>]*checked', html)  # the reason as chosen


def test_a_mandate_of_another_body_is_no_choice(world, secretary):
    client = secretary()
    regional = Mandate.objects.get(person=world["regional"])

    answer = client.post(
        reverse("organization:end", args=[world["branch"].pk]),
        {"end-mandate": regional.pk, "end-end_date": "2025-04-01", "end-reason": "other"},
    )

    assert answer.status_code == 200 and 'class="error"' in answer.content.decode()
    regional.refresh_from_db()
    assert regional.end_date is None


def test_the_branchs_own_head_neither_adds_to_nor_ends_mandates_of_the_branch(world, login, positions):
    client = login(world["branch_user"])
    branch = world["branch"]
    mandate = Mandate.objects.get(person=world["treasurer"], end_date__isnull=True)

    detail = client.get(reverse("organization:detail", args=[branch.pk])).content.decode()
    added = client.post(
        reverse("organization:add", args=[branch.pk]), addition_post(positions, [("advisor", PersonFactory())])
    )
    ended = client.post(
        reverse("organization:end", args=[branch.pk]),
        {"end-mandate": mandate.pk, "end-end_date": "2025-04-01", "end-reason": "dismissed"},
    )

    assert reverse("organization:add", args=[branch.pk]) not in detail
    assert reverse("organization:end", args=[branch.pk]) not in detail
    assert added.status_code == 403 and ended.status_code == 403
    mandate.refresh_from_db()
    assert mandate.end_date is None and not OfficeChange.objects.exists()


def test_the_api_names_the_seat_a_renewal_refuses_too(world, secretary, positions):
    client = secretary("fr")
    seats = [
        {"position": "head", "person_id": world["head"].pk},
        {"position": "treasurer", "person_id": world["treasurer"].pk},
        {"position": "treasurer", "person_id": world["advisor"].pk},
    ]

    answer = client.post(
        f"/api/v1/bodies/{world['branch'].pk}/renewals",
        json.dumps({"held_on": "2026-01-10", "seats": seats}),
        content_type="application/json",
    )

    assert answer.status_code == 422
    assert answer.json()["code"] == "single_position_twice" and answer.json()["field"] == "seats.2.position"
