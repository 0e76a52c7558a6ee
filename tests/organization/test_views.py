import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tanzim.organization.models import BodyStatus, Mandate, PositionType, Renewal
from tanzim.organization.services import Seat, office_add, office_renew
from tanzim.people.models import Gender
from tests.organization.factories import make_body
from tests.people.factories import PersonFactory


@pytest.fixture
def positions(party):
    return {p.key: p for p in PositionType.objects.all()}


@pytest.fixture
def structure(party, positions):
    bureau = make_body("national_executive", status=BodyStatus.CONSTITUTED)
    region = make_body("regional_office", "01", parent=bureau)
    province = make_body("provincial_office", "01.571", parent=region)
    branch = make_body("local_office", "01.571.01.11", parent=province)
    old = [Seat(positions["head"], PersonFactory(first_name_ar="حسن", last_name_ar="الوزاني"))]
    office_renew(acting_user=None, body=branch, held_on=dt.date(2021, 5, 16), seats=old, supervised_by=province)
    new = [
        Seat(positions["advisor"], PersonFactory(first_name_ar="رجاء", last_name_ar="الكتاني", gender=Gender.FEMALE)),
        Seat(positions["treasurer"], PersonFactory(first_name_ar="كريمة", last_name_ar="بناني", gender=Gender.FEMALE)),
        Seat(positions["advisor"], PersonFactory(first_name_ar="سعيد", last_name_ar="الجبلي")),
        Seat(positions["deputy_head"], PersonFactory(first_name_ar="أمين", last_name_ar="الحداد")),
        Seat(positions["head"], PersonFactory(first_name_ar="محمد", last_name_ar="العمراني")),
    ]
    office_renew(acting_user=None, body=branch, held_on=dt.date(2025, 1, 19), seats=new, supervised_by=province)
    return {"bureau": bureau, "region": region, "province": province, "branch": branch}


def test_the_office_is_shown_in_statutory_order(client_ar, structure):
    html = client_ar.get(reverse("organization:detail", args=[structure["branch"].pk])).content.decode()
    start = html.index('class="table office"')
    office = html[start : html.index("</table>", start)]
    order = [
        office.index(w)
        for w in (
            "كاتب الفرع",
            "محمد العمراني",
            "نائب الكاتب",
            "أمين الحداد",
            "أمينة المال",
            "كريمة بناني",
            "المستشارون",
        )
    ]
    assert order == sorted(order)
    # the advisors share one line, in the order they were named
    assert "رجاء الكتاني" in office and "سعيد الجبلي" in office


def test_the_history_keeps_the_previous_office(client_ar, structure):
    html = client_ar.get(reverse("organization:detail", args=[structure["branch"].pk])).content.decode()
    assert "16/05/2021" in html and "حسن الوزاني" in html
    assert "19/01/2025" in html
    assert "الكتابة الإقليمية — تطوان" in html  # supervised by


def test_the_tree_opens_level_by_level(client_ar, structure):
    html = client_ar.get(reverse("organization:tree")).content.decode()
    assert "المكتب السياسي" in html
    assert reverse("organization:children", args=[structure["bureau"].pk]) in html
    part = client_ar.get(reverse("organization:children", args=[structure["region"].pk])).content.decode()
    assert "الكتابة الإقليمية — تطوان" in part
    assert "الفرع — تطوان" not in part  # one level at a time


def test_a_body_on_a_territory_shows_on_the_territory_page(client_ar, structure):
    part = client_ar.get(reverse("organization:on_territory", args=["01.571"])).content.decode()
    assert "الكتابة الإقليمية — تطوان" in part
    assert part.count('href="/territory/01.571.') == 22  # every commune of the province is listed
    assert part.count(f'href="/bodies/{structure["branch"].pk}/"') == 1  # Tétouan's branch, on its commune


def test_the_renewal_form_starts_from_the_current_office(client_ar, structure, positions):
    html = client_ar.get(reverse("organization:renew", args=[structure["branch"].pk])).content.decode()
    head = Mandate.objects.get(body=structure["branch"], position_type__key="head", end_date__isnull=True)
    # The head's row: the picker's hidden id, and the name (with the commune) in its box, not a list of everyone.
    assert f'name="seat-0-person" value="{head.person_id}"' in html
    assert 'name="seat-0-person_q" value="محمد العمراني — تطوان"' in html
    assert '<select name="seat-0-person"' not in html
    assert 'name="seat-TOTAL_FORMS" value="9"' in html  # five current seats and four empty rows


def test_a_refused_renewal_keeps_what_was_typed_and_says_why(client_ar, structure, positions):
    branch = structure["branch"]
    people = list(Mandate.objects.filter(body=branch, end_date__isnull=True).values_list("person_id", flat=True))
    data = {
        "held_on": "2020-01-01",  # before the current office started
        "supervised_by": structure["province"].pk,
        "notes": "محضر التجديد",
        "seat-TOTAL_FORMS": "2",
        "seat-INITIAL_FORMS": "0",
        "seat-MIN_NUM_FORMS": "0",
        "seat-MAX_NUM_FORMS": "1000",
        "seat-0-position_type": positions["head"].pk,
        "seat-0-person": people[0],
        "seat-1-position_type": positions["treasurer"].pk,
        "seat-1-person": people[1],
    }
    before = Renewal.objects.count()
    response = client_ar.post(reverse("organization:renew", args=[branch.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2020-01-01"' in html and "19/01/2025" in html and 'role="alert"' in html
    assert "محضر التجديد" in html
    assert f'name="seat-1-person" value="{people[1]}"' in html  # the row as it was sent, its person kept
    assert Renewal.objects.count() == before


def test_a_valid_renewal_from_the_form(client_ar, structure, positions):
    branch = structure["branch"]
    newcomer = PersonFactory(first_name_ar="زكرياء", last_name_ar="الأنصاري")
    data = {
        "held_on": "2026-01-10",
        "supervised_by": "",
        "notes": "",
        "seat-TOTAL_FORMS": "3",
        "seat-INITIAL_FORMS": "0",
        "seat-MIN_NUM_FORMS": "0",
        "seat-MAX_NUM_FORMS": "1000",
        "seat-0-position_type": positions["head"].pk,
        "seat-0-person": newcomer.pk,
        "seat-1-position_type": "",
        "seat-1-person": "",  # an empty row is ignored
        "seat-2-position_type": "",
        "seat-2-person": "",
    }
    response = client_ar.post(reverse("organization:renew", args=[branch.pk]), data, follow=True)
    html = response.content.decode()
    assert "زكرياء الأنصاري" in html
    assert list(Mandate.objects.filter(body=branch, end_date__isnull=True).values_list("person_id", flat=True)) == [
        newcomer.pk
    ]


def test_body_pages_do_not_query_per_row(client_ar, structure, positions):
    branch = structure["branch"]
    url = reverse("organization:detail", args=[branch.pk])
    # One renewal and one co-option already: a page with a history reads each kind of record once.
    office_renew(
        acting_user=None, body=branch, held_on=dt.date(2025, 2, 1), seats=[Seat(positions["head"], PersonFactory())]
    )
    office_add(
        acting_user=None,
        body=branch,
        held_on=dt.date(2025, 3, 1),
        kind="co_option",
        seats=[Seat(positions["advisor"], PersonFactory())],
    )
    client_ar.get(url)  # the first request after signing in winds the session's idle clock (a write)
    with CaptureQueriesContext(connection) as small:
        client_ar.get(url)
    extra = [Seat(positions["advisor"], PersonFactory()) for _ in range(12)]
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2026, 2, 1),
        seats=[Seat(positions["head"], PersonFactory()), *extra],
    )
    for code in ("01.571.01.07", "01.571.03.01", "01.571.03.03"):
        make_body("local_office", code, parent=structure["province"])
    with CaptureQueriesContext(connection) as large:
        client_ar.get(url)
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as tree_small:
        client_ar.get(reverse("organization:children", args=[structure["province"].pk]))
    for code in ("01.571.03.05", "01.571.03.07"):
        make_body("local_office", code, parent=structure["province"])
    with CaptureQueriesContext(connection) as tree_large:
        client_ar.get(reverse("organization:children", args=[structure["province"].pk]))
    assert len(tree_large) == len(tree_small)


def test_the_renewal_page_reads_the_positions_once_for_all_its_rows(client_ar, structure, positions):
    """Every row of an office offers the same positions: they are read once, not once per row (a provincial
    office of 16 seats made 17 queries for them), and each row still shows its own position chosen."""
    branch = structure["branch"]
    url = reverse("organization:renew", args=[branch.pk])
    office_renew(
        acting_user=None, body=branch, held_on=dt.date(2025, 2, 1), seats=[Seat(positions["head"], PersonFactory())]
    )
    client_ar.get(url)  # the first request after signing in winds the session's idle clock (a write)
    with CaptureQueriesContext(connection) as small:
        client_ar.get(url)
    advisors = [Seat(positions["advisor"], PersonFactory()) for _ in range(12)]
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2026, 2, 1),
        seats=[Seat(positions["head"], PersonFactory()), *advisors],
    )
    with CaptureQueriesContext(connection) as large:
        html = client_ar.get(url).content.decode()
    assert len(large) == len(small)
    assert html.count(f'<option value="{positions["advisor"].pk}" selected>') == 12
    assert html.count(f'<option value="{positions["head"].pk}" selected>') == 1


def test_an_unknown_body_is_404(client_ar, party):
    assert client_ar.get(reverse("organization:detail", args=[999999])).status_code == 404


class _FormReader:
    """The fields a browser would send for the page's first POST form: inputs with their values, selects with
    their selected option (or nothing), textareas with their text."""

    def __init__(self, html: str):
        from html.parser import HTMLParser

        fields: dict[str, str] = {}
        state = {"select": None, "textarea": None}

        class Reader(HTMLParser):
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
                    fields[a["name"]] = a.get("value") or ""
                elif tag == "select":
                    state["select"] = a.get("name")
                    fields.setdefault(a["name"], "")
                elif tag == "option" and state["select"] and "selected" in a:
                    fields[state["select"]] = a.get("value") or ""
                elif tag == "textarea":
                    state["textarea"] = a.get("name")
                    fields[a["name"]] = ""

            def handle_endtag(self, tag):
                if tag == "select":
                    state["select"] = None
                if tag == "textarea":
                    state["textarea"] = None

            def handle_data(self, data):
                if state["textarea"]:
                    fields[state["textarea"]] += data

        Reader().feed(html)
        self.fields = fields


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_renewal_page_goes_through_as_a_browser_sends_it_with_its_empty_rows(
    login, admin_user, structure, positions, language
):
    client = login(admin_user, language=language)
    branch = structure["branch"]
    url = reverse("organization:renew", args=[branch.pk])
    sent = _FormReader(client.get(url).content.decode()).fields
    # Five current rows and four empty ones, every one sent as an "initial" row: what the report saw refused.
    assert sent["seat-TOTAL_FORMS"] == "9" and sent["seat-INITIAL_FORMS"] == "9"
    sent["held_on"] = "2026-01-10"
    # The official empties one current row (the second advisor leaves) and fills one empty row.
    leaving = next(k for k, v in sent.items() if k.endswith("-position_type") and v == str(positions["advisor"].pk))
    sent[leaving] = ""
    sent[leaving.replace("position_type", "person")] = ""
    sent[leaving.replace("position_type", "person_q")] = ""  # the person picker's box, emptied
    newcomer = PersonFactory(first_name_ar="زكرياء", last_name_ar="الأنصاري")
    sent["seat-6-position_type"] = str(positions["advisor"].pk)
    sent["seat-6-person"] = str(newcomer.pk)  # the picker's choice: the id, and the name in its box
    sent["seat-6-person_q"] = "زكرياء الأنصاري"

    answer = client.post(url, sent)

    assert answer.status_code == 302, answer.content.decode()[-3000:]
    current = Mandate.objects.filter(body=branch, end_date__isnull=True)
    assert current.count() == 5 and current.filter(person=newcomer).exists()


def test_a_row_with_a_position_and_no_holder_is_refused_beside_it(client_ar, structure, positions):
    branch = structure["branch"]
    url = reverse("organization:renew", args=[branch.pk])
    sent = _FormReader(client_ar.get(url).content.decode()).fields
    sent["held_on"] = "2026-01-10"
    sent["seat-7-position_type"] = str(positions["treasurer"].pk)

    answer = client_ar.post(url, sent)

    assert answer.status_code == 200 and "اختر من يشغل هذا المنصب" in answer.content.decode()
    assert Renewal.objects.filter(body=branch).count() == 2
