"""/api/v1/dues as the branch treasurer of Tétouan uses it: a member's standing and ledger, the body's members with
their standing by pages, the receipts, a payment recorded with its receipt number; and the refusals — another
province is not found and stays untouched, a bad amount or date is refused with its code, in the reader's
language."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from tanzim.audit.models import AuditEntry
from tanzim.dues.models import LedgerEntry, ReceiptCounter
from tanzim.dues.services import entry_reverse
from tests.members.factories import make_member
from tests.organization.factories import make_body

from .factories import EVERYTHING, officials, pay, rates, tetouan

TODAY = timezone.localdate()
THIS_YEAR = TODAY.year


@pytest.fixture
def world(party, login):
    _bureau, province, branch = tetouan()
    rates()
    users = officials(branch, ["head", "treasurer", "rapporteur"])
    paid = make_member("M-0001", first_ar="سعاد", last_ar="البحراوي", join_date=dt.date(THIS_YEAR - 3, 1, 1))
    late = make_member("M-0002", first_ar="كريم", last_ar="الصقلي")
    never = make_member("M-0003", first_ar="ليلى", last_ar="العلمي")
    pay(branch, paid, THIS_YEAR - 3, on=dt.date(THIS_YEAR - 3, 2, 1))
    pay(branch, paid, THIS_YEAR - 1, on=dt.date(THIS_YEAR, 1, 5))  # a lapse before, paid late
    pay(branch, paid, THIS_YEAR, on=TODAY)
    pay(branch, late, THIS_YEAR - 2, on=dt.date(THIS_YEAR - 2, 3, 1))
    taounate = make_body("local_office", "03.531.01.05", parent=make_body("provincial_office", "03.531"))
    stranger = make_member("X-0001", first_ar="زمردة", last_ar="الكناريكي", commune="03.531.01.05")
    pay(taounate, stranger, THIS_YEAR - 1, on=dt.date(THIS_YEAR - 1, 3, 1))
    return {
        "province": province,
        "branch": branch,
        "users": users,
        "paid": paid,
        "late": late,
        "never": never,
        "taounate": taounate,
        "stranger": stranger,
        "client": login(users["treasurer"], language="ar"),
    }


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def payment(member, **kw):
    return {
        "member_id": member.pk,
        "amount": "120",
        "entry_date": TODAY.isoformat(),
        "year_from": THIS_YEAR,
        "method": "cash",
    } | kw


def test_a_members_dues_say_the_standing_the_lapse_the_late_payment_and_the_ledger(world):
    answer = world["client"].get(f"/api/v1/dues/members/{world['paid'].pk}")
    assert answer.status_code == 200
    data = answer.json()
    assert data["standing"] == {"status": "up_to_date", "since": None, "through": THIS_YEAR}
    assert data["category"] == "standard" and data["card_number"] == "M-0001"
    assert [(y["year"], y["state"]) for y in data["years"]] == [
        (THIS_YEAR, "paid"),
        (THIS_YEAR - 1, "paid_late"),
        (THIS_YEAR - 2, "lapse"),
        (THIS_YEAR - 3, "paid"),
    ]
    receipts = [e["receipt"] for e in data["entries"]]
    assert receipts == [f"{THIS_YEAR}/0002", f"{THIS_YEAR}/0001", f"{THIS_YEAR - 3}/0001"]
    assert data["entries"][0]["amount"] == "100.00" and data["entries"][0]["method"] == "cash"

    late = world["client"].get(f"/api/v1/dues/members/{world['late'].pk}").json()
    assert late["standing"] == {"status": "arrears", "since": f"{THIS_YEAR - 1}-01-01", "through": THIS_YEAR - 2}
    asked = world["client"].get(f"/api/v1/dues/members/{world['late'].pk}", {"year": THIS_YEAR - 2}).json()
    assert asked["standing"]["status"] == "up_to_date"


def test_the_body_overview_pages_filters_and_is_audited(world):
    client, branch = world["client"], world["branch"]
    url = f"/api/v1/dues/bodies/{branch.pk}/members"
    everyone = client.get(url).json()
    statuses = {m["card_number"]: m["standing"]["status"] for m in everyone["members"]}
    assert statuses["M-0001"] == "up_to_date" and statuses["M-0002"] == "arrears"
    assert statuses["M-0003"] == "never_paid"
    assert "X-0001" not in statuses and everyone["next_after"] is None
    arrears = client.get(url, {"status": "arrears"}).json()["members"]
    assert [m["card_number"] for m in arrears] == ["M-0002"] and arrears[0]["name"]
    assert [m["card_number"] for m in client.get(url, {"q": "العلمي"}).json()["members"]] == ["M-0003"]
    assert AuditEntry.objects.filter(action="dues.list", actor=world["users"]["treasurer"]).count() == 3
    bad = client.get(url, {"status": "rich"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid" and bad.json()["field"] == "status"


def test_the_overview_goes_page_by_page(world):
    for i in range(55):
        make_member(f"P-{i:04d}", first_ar="عضو", last_ar=f"رقم {i}")
    client, url = world["client"], f"/api/v1/dues/bodies/{world['branch'].pk}/members"
    first = client.get(url).json()
    assert len(first["members"]) == 50 and first["next_after"] == first["members"][-1]["card_number"]
    second = client.get(url, {"after": first["next_after"]}).json()
    cards = [m["card_number"] for m in first["members"] + second["members"]]
    assert second["next_after"] is None and len(cards) == len(set(cards)) == 55 + 3 + 3  # and the officials


def test_a_filtered_overview_goes_page_by_page_past_many_members_who_do_not_match(world):
    """The filtered page is read in batches of members by card number: every match is on one page or the next,
    in order, none twice, however far apart they lie."""
    branch = world["branch"]
    arrears = []
    for i in range(260):
        member = make_member(f"Q-{i:04d}", first_ar="عضو", last_ar=f"رقم {i}")
        if i % 4 == 3:
            pay(branch, member, THIS_YEAR - 3, on=dt.date(THIS_YEAR - 3, 5, 1))
            arrears.append(member.card_number)
    client, url = world["client"], f"/api/v1/dues/bodies/{branch.pk}/members"
    seen, after = [], ""
    for _ in range(5):
        page = client.get(url, {"status": "arrears", "after": after}).json()
        seen += [m["card_number"] for m in page["members"]]
        assert all(m["standing"]["status"] == "arrears" for m in page["members"])
        if page["next_after"] is None:
            break
        after = page["next_after"]
    assert seen == sorted(arrears + ["M-0002"])


def test_a_payment_by_the_api_takes_the_next_receipt_number_and_is_audited(world):
    client, branch, late = world["client"], world["branch"], world["late"]
    answer = post(client, f"/api/v1/dues/bodies/{branch.pk}/payments", payment(late, year_to=THIS_YEAR + 1))
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["receipt"] == f"{THIS_YEAR}/0003" and data["amount"] == "120.00"
    assert data["year_from"] == THIS_YEAR and data["year_to"] == THIS_YEAR + 1
    entry = LedgerEntry.objects.get(pk=data["id"])
    assert entry.recorded_by == world["users"]["treasurer"] and entry.body == branch
    assert AuditEntry.objects.filter(action="dues.pay", target_id=str(entry.pk)).exists()
    standing = client.get(f"/api/v1/dues/members/{late.pk}").json()["standing"]
    assert standing == {"status": "up_to_date", "since": None, "through": THIS_YEAR + 1}

    receipts = client.get(f"/api/v1/dues/bodies/{branch.pk}/receipts").json()
    assert [r["receipt"] for r in receipts] == [f"{THIS_YEAR}/0001", f"{THIS_YEAR}/0002", f"{THIS_YEAR}/0003"]
    assert receipts[-1]["payer_name"] == "كريم الصقلي" and not receipts[-1]["cancelled"]
    entry_reverse(acting_user=None, scope=EVERYTHING, entry=entry, reason="خطأ")
    receipts = client.get(f"/api/v1/dues/bodies/{branch.pk}/receipts").json()
    assert receipts[-1]["cancelled"] and receipts[-1]["receipt"] == f"{THIS_YEAR}/0003"


@pytest.mark.parametrize(
    ("change", "code", "field", "message"),
    [
        ({"amount": "0"}, "bad_amount", "amount", "المبلغ"),
        ({"amount": "-5"}, "bad_amount", "amount", "المبلغ"),
        ({"amount": "12.345"}, "bad_amount", "amount", "المبلغ"),
        ({"amount": "99999999999"}, "bad_amount", "amount", "المبلغ"),
        ({"entry_date": (TODAY + dt.timedelta(days=2)).isoformat()}, "future", "entry_date", "المستقبل"),
        ({"entry_date": "31/12/2025"}, "invalid", "entry_date", "غير صالحة"),
        ({"year_from": THIS_YEAR, "year_to": THIS_YEAR - 1}, "bad_period", "year_to", "الفترة"),
        ({"method": "bitcoin"}, "unknown_choice", "method", "طريقة"),
    ],
)
def test_a_bad_payment_is_refused_with_its_code_and_nothing_is_written(world, change, code, field, message):
    client, branch = world["client"], world["branch"]
    before = LedgerEntry.objects.count(), list(ReceiptCounter.objects.values_list("year", "last"))
    answer = post(client, f"/api/v1/dues/bodies/{branch.pk}/payments", payment(world["never"], **change))
    assert answer.status_code == 422
    assert answer.json()["code"] == code and answer.json()["field"] == field
    assert message in answer.json()["message"]
    assert (LedgerEntry.objects.count(), list(ReceiptCounter.objects.values_list("year", "last"))) == before


def test_the_refusal_speaks_french_to_a_french_reader(world, login):
    client = login(world["users"]["treasurer"], language="fr")
    answer = post(client, f"/api/v1/dues/bodies/{world['branch'].pk}/payments", payment(world["never"], amount="0"))
    assert answer.json()["code"] == "bad_amount" and "montant" in answer.json()["message"]


def test_a_tetouan_treasurer_finds_nothing_in_taounate_and_changes_nothing_there(world):
    client, branch, taounate, stranger = world["client"], world["branch"], world["taounate"], world["stranger"]
    before = list(LedgerEntry.objects.filter(member=stranger).values_list("pk", "amount", "receipt_number"))
    counters = list(ReceiptCounter.objects.filter(body=taounate).values_list("year", "last"))
    for url in (
        f"/api/v1/dues/members/{stranger.pk}",
        f"/api/v1/dues/bodies/{taounate.pk}/members",
        f"/api/v1/dues/bodies/{taounate.pk}/receipts",
    ):
        answer = client.get(url)
        assert answer.status_code == 404 and answer.json()["code"] == "not_found", url
        assert "الكناريكي" not in answer.content.decode()
    for body in (branch, taounate):
        answer = post(client, f"/api/v1/dues/bodies/{body.pk}/payments", payment(stranger))
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    assert list(LedgerEntry.objects.filter(member=stranger).values_list("pk", "amount", "receipt_number")) == before
    assert list(ReceiptCounter.objects.filter(body=taounate).values_list("year", "last")) == counters
    # Her own members on the body of another province: the body is not found either.
    answer = post(client, f"/api/v1/dues/bodies/{taounate.pk}/payments", payment(world["never"]))
    assert answer.status_code == 404
    assert not LedgerEntry.objects.filter(member=world["never"]).exists()


def test_who_neither_keeps_nor_audits_the_dues_is_refused_and_the_head_records(world, login):
    rapporteur = login(world["users"]["rapporteur"])
    branch = world["branch"]
    assert rapporteur.get(f"/api/v1/dues/bodies/{branch.pk}/members").status_code == 403
    assert rapporteur.get(f"/api/v1/dues/members/{world['paid'].pk}").status_code == 403
    refused = post(rapporteur, f"/api/v1/dues/bodies/{branch.pk}/payments", payment(world["never"]))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert not LedgerEntry.objects.filter(member=world["never"]).exists()
    head = login(world["users"]["head"])
    assert post(head, f"/api/v1/dues/bodies/{branch.pk}/payments", payment(world["never"])).status_code == 201
    assert LedgerEntry.objects.get(member=world["never"]).amount == Decimal("120")


def test_a_member_of_the_province_outside_the_branch_is_refused_by_the_branch(world, login):
    """The province's treasurer keeps the dues of the whole province, but the branch collects only from its own
    commune: a member of another commune is refused with its code, nothing written."""
    elsewhere = make_member("M-0099", first_ar="هند", last_ar="المرابط", commune="01.571.01.07")
    client = login(officials(world["province"], ["treasurer"])["treasurer"], language="fr")
    answer = post(client, f"/api/v1/dues/bodies/{world['branch'].pk}/payments", payment(elsewhere))
    assert answer.status_code == 422 and answer.json()["code"] == "not_in_body"
    assert answer.json()["field"] == "member_id"
    assert not LedgerEntry.objects.filter(member=elsewhere).exists()
    ok = post(client, f"/api/v1/dues/bodies/{world['province'].pk}/payments", payment(elsewhere))
    assert ok.status_code == 201 and ok.json()["receipt"] == f"{THIS_YEAR}/0001"
