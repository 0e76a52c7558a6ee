"""The treasurer's pages as the branch treasurer of Tétouan sees them: the list with standing and filters, a payment
in two taps (htmx), the receipt PDF, the collection evening, the member page's card, the money passed up, the
export; and what an official of another territory, or without the capability, gets."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tanzim.audit.models import AuditEntry
from tanzim.dues.models import LedgerEntry, Transfer
from tanzim.dues.services import transfer_record
from tests.members.factories import make_member
from tests.organization.factories import make_body

from .factories import EVERYTHING, officials, pay, rates, tetouan

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def world(party, login):
    _bureau, province, branch = tetouan()
    rates()
    users = officials(branch, ["head", "treasurer", "rapporteur"])
    treasurer = users["treasurer"]
    paid = make_member("M-0001", first_ar="سعاد", last_ar="البحراوي", join_date=dt.date(2022, 1, 1))
    late = make_member("M-0002", first_ar="كريم", last_ar="الصقلي")
    never = make_member("M-0003", first_ar="ليلى", last_ar="العلمي")
    pay(branch, paid, THIS_YEAR, on=timezone.localdate())
    pay(branch, late, THIS_YEAR - 2)
    return {
        "province": province,
        "branch": branch,
        "treasurer": treasurer,
        "paid": paid,
        "late": late,
        "never": never,
        "users": users,
        "client": login(treasurer, language="ar"),
    }


def test_the_treasurer_sees_the_members_with_their_standing_and_filters_them(world):
    client, branch = world["client"], world["branch"]
    html = client.get(reverse("dues:body", args=[branch.pk])).content.decode()
    assert "سعاد البحراوي" in html and "كريم الصقلي" in html and "ليلى العلمي" in html
    assert f"متأخر عن الأداء منذ 01/01/{THIS_YEAR - 1}" in html
    assert "لم يؤد قط" in html and f"في وضعية قانونية (إلى غاية {THIS_YEAR})" in html
    arrears = client.get(reverse("dues:body", args=[branch.pk]), {"standing": "arrears"}).content.decode()
    assert "كريم الصقلي" in arrears and "سعاد البحراوي" not in arrears and "ليلى العلمي" not in arrears
    never = client.get(reverse("dues:body", args=[branch.pk]), {"standing": "never_paid"}).content.decode()
    assert "ليلى العلمي" in never and "كريم الصقلي" not in never
    # The index leads the treasurer straight to her body.
    assert client.get(reverse("dues:index")).url == reverse("dues:body", args=[branch.pk])
    assert AuditEntry.objects.filter(action="dues.list", actor=world["treasurer"]).exists()


def test_a_payment_in_two_taps_answers_the_row_with_its_receipt(world):
    client, branch, late = world["client"], world["branch"], world["late"]
    url = reverse("dues:pay", args=[branch.pk, late.pk])
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    # Filled ahead: this year's standard rate (120 since 2025), this year, cash, today.
    assert 'value="120' in form and f'value="{THIS_YEAR}"' in form and 'value="cash" selected' in form
    row = client.post(
        url,
        {
            "amount": "120",
            "year_from": THIS_YEAR,
            "method": "cash",
            "entry_date": timezone.localdate().strftime("%d/%m/%Y"),
        },
        headers={"HX-Request": "true"},
    ).content.decode()
    entry = LedgerEntry.objects.get(member=late, year_from=THIS_YEAR)
    assert entry.receipt == f"{THIS_YEAR}/0002" and entry.recorded_by == world["treasurer"]
    assert reverse("dues:receipt", args=[entry.pk]) in row and f"في وضعية قانونية (إلى غاية {THIS_YEAR})" in row
    assert AuditEntry.objects.filter(action="dues.pay", target_id=str(entry.pk)).exists()


def test_a_refused_payment_keeps_what_was_typed_and_says_why(world):
    client, branch, late = world["client"], world["branch"], world["late"]
    html = client.post(
        reverse("dues:pay", args=[branch.pk, late.pk]),
        {
            "amount": "77",
            "year_from": THIS_YEAR,
            "year_to": THIS_YEAR - 1,
            "method": "cash",
            "entry_date": "01/01/2025",
        },
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "الفترة تنتهي قبل أن تبدأ." in html and 'value="77"' in html
    assert not LedgerEntry.objects.filter(member=late, year_from=THIS_YEAR).exists()


def test_the_receipt_is_an_arabic_pdf_with_its_number(world):
    entry = LedgerEntry.objects.get(member=world["paid"])
    response = world["client"].get(reverse("dues:receipt", args=[entry.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert f"{THIS_YEAR}/0001" in text and "M-0001" in text and "100,00" in text and "وصل أداء الاشتراك" in text


def test_a_collection_evening_records_every_card_or_none(world):
    client, branch = world["client"], world["branch"]
    url = reverse("dues:batch", args=[branch.pk])
    typed = {"entry_date": "05/01/2025", "method": "cash", "year_from": "2025", "amount": "", "cards": "M-0002\nNOPE-1"}
    refused = client.post(url, typed).content.decode()
    assert "NOPE-1" in refused and "M-0002" in refused  # named, and the typed cards kept
    assert not LedgerEntry.objects.filter(year_from=2025).exists()
    done = client.post(url, typed | {"cards": "M-0002\nM-0003"}).content.decode()
    assert "سُجل أداءان" in done
    entries = LedgerEntry.objects.filter(year_from=2025, entry_date=dt.date(2025, 1, 5)).order_by("receipt_number")
    assert [(e.member.card_number, e.amount, e.receipt) for e in entries] == [
        ("M-0002", Decimal("120.00"), "2025/0001"),
        ("M-0003", Decimal("120.00"), "2025/0002"),
    ]


def test_the_member_page_shows_the_standing_year_by_year(world):
    html = world["client"].get(reverse("members:detail", args=[world["late"].pk])).content.decode()
    assert 'id="dues"' in html and f"متأخر عن الأداء منذ 01/01/{THIS_YEAR - 1}" in html
    assert "year-lapse" in html and "year-paid" in html


def test_reversal_from_the_member_page_cancels_the_receipt(world):
    client, paid = world["client"], world["paid"]
    entry = LedgerEntry.objects.get(member=paid)
    response = client.post(reverse("dues:reverse", args=[entry.pk]), {"reason": "خطأ"})
    assert response.status_code == 302
    html = client.get(reverse("members:detail", args=[paid.pk])).content.decode()
    assert "لم يؤد قط" in html and "ملغى" in html


def test_money_passed_up_is_shown_by_both_sides_with_the_difference(world):
    branch, province = world["branch"], world["province"]
    client = world["client"]
    client.post(
        reverse("dues:money", args=[branch.pk]),
        {"side": "sent", "amount": "300", "on": "01/02/2025", "reference": "VIR-1"},
    )
    sent = Transfer.objects.get(reference="VIR-1")
    assert sent.state == "awaiting_receiver" and sent.receiver == province
    transfer_record(
        acting_user=None,
        scope=EVERYTHING,
        body=province,
        side="received",
        amount=Decimal("280"),
        on=dt.date(2025, 2, 3),
        transfer=sent,
    )
    transfer_record(
        acting_user=None,
        scope=EVERYTHING,
        body=province,
        side="received",
        amount=Decimal("50"),
        on=dt.date(2025, 2, 3),
        counterpart=branch,
        reference="CASH-2",
    )
    html = client.get(reverse("dues:money", args=[branch.pk]), {"year": 2025}).content.decode()
    assert "فرق: -20,00 درهم" in html and "لم يسجله المرسل بعد" in html
    assert "300,00" in html
    # The branch confirms the second as the province received it: matched.
    second = Transfer.objects.get(reference="CASH-2")
    client.post(
        reverse("dues:money", args=[branch.pk]),
        {"side": "sent", "transfer": second.pk, "amount": "50", "on": "03/02/2025"},
    )
    second.refresh_from_db()
    assert second.state == "matched"


def test_the_export_names_columns_and_values_in_the_readers_language(world):
    response = world["client"].get(reverse("dues:export", args=[world["branch"].pk, "csv"]), {"year": THIS_YEAR})
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("التاريخ,الوصل,البطاقة,الاسم,النوع")
    assert "أداء" in text and "نقدا" in text and "payment" not in text and "cash" not in text
    xlsx = world["client"].get(reverse("dues:export", args=[world["branch"].pk, "xlsx"]), {"year": THIS_YEAR})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_another_territory_is_a_404_and_a_reader_without_the_capability_a_403(world, login):
    branch = world["branch"]
    other = make_body("local_office", "03.531.01.05", parent=make_body("provincial_office", "03.531"))
    stranger = make_member("X-0001", first_ar="زمردة", last_ar="الكناريكي", commune="03.531.01.05")
    client = world["client"]
    assert client.get(reverse("dues:body", args=[other.pk])).status_code == 404
    assert client.get(reverse("dues:pay", args=[branch.pk, stranger.pk])).status_code == 404
    assert (
        client.post(
            reverse("dues:pay", args=[other.pk, stranger.pk]),
            {"amount": "100", "year_from": 2025, "method": "cash", "entry_date": "01/01/2025"},
        ).status_code
        == 404
    )
    assert not LedgerEntry.objects.filter(member=stranger).exists()
    rapporteur = login(world["users"]["rapporteur"])
    assert rapporteur.get(reverse("dues:body", args=[branch.pk])).status_code == 403
    assert (
        rapporteur.post(
            reverse("dues:pay", args=[branch.pk, world["late"].pk]),
            {"amount": "100", "year_from": 2025, "method": "cash", "entry_date": "01/01/2025"},
        ).status_code
        == 403
    )
    # The deputy treasurer keeps the dues but, as for the member lists, does not export names.
    deputy = login(officials(world["province"], ["deputy_treasurer"])["deputy_treasurer"])
    assert deputy.get(reverse("dues:body", args=[branch.pk])).status_code == 200
    assert deputy.get(reverse("dues:export", args=[branch.pk, "csv"])).status_code == 403
    # The rates are set nationally only.
    assert (
        client.post(
            reverse("dues:rates"), {"category": "standard", "amount": "1", "applies_from": "01/01/2026"}
        ).status_code
        == 403
    )


def test_the_head_reads_and_records(world, login):
    head = login(world["users"]["head"], language="fr")
    html = head.get(reverse("dues:body", args=[world["branch"].pk])).content.decode()
    assert "Jamais payé" in html and "Payer" in html


def test_erasure_keeps_the_figures_and_blanks_the_name(world):
    from tanzim.people.dossier import erase_everywhere

    entry = LedgerEntry.objects.get(member=world["paid"])
    assert entry.payer_name
    assert erase_everywhere(person=world["paid"].person)["dues"] == {"ledger_entries_blanked": 1}
    entry.refresh_from_db()
    assert entry.payer_name == "" and entry.amount == Decimal("100") and entry.receipt == f"{THIS_YEAR}/0001"
