"""Attacks on the dues app that it withstood (kept so that they keep being withstood)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tanzim.dues.models import LedgerEntry, Rate, Transfer
from tanzim.dues.services import payment_record, transfer_record
from tests.meetings.factories import TETOUAN_COMMUNE
from tests.members.factories import make_member
from tests.review.world import EVERYTHING, TAOUNATE_COMMUNE, signed_in, standard_rate

TODAY = timezone.localdate()
DAY = TODAY.strftime("%d/%m/%Y")


def _payment(year=None):
    return {"amount": "100", "year_from": str(year or TODAY.year), "method": "cash", "entry_date": DAY}


def test_no_payment_for_a_tetouan_member_through_a_taounate_body(world):
    standard_rate()
    stranger = make_member("TET-0500", first_ar="أمين", last_ar="الطنجي", commune=TETOUAN_COMMUNE)
    treasurer = signed_in(world["treasurer_user"])
    response = treasurer.post(reverse("dues:pay", args=[world["province"].pk, stranger.pk]), _payment())
    assert response.status_code == 404
    batch = treasurer.post(
        reverse("dues:batch", args=[world["province"].pk]),
        {"entry_date": DAY, "method": "cash", "year_from": str(TODAY.year), "cards": "TET-0500"},
    )
    assert "TET-0500" in batch.content.decode()
    assert not LedgerEntry.objects.exists()


def test_the_rapporteur_records_no_payment(world):
    standard_rate()
    member = make_member("TAO-0500", first_ar="سميرة", last_ar="التازي", commune=TAOUNATE_COMMUNE)
    response = signed_in(world["rapporteur_user"]).post(
        reverse("dues:pay", args=[world["province"].pk, member.pk]), _payment()
    )
    assert response.status_code == 403
    assert not LedgerEntry.objects.exists()


def test_a_negative_batch_amount_and_an_impossible_date_write_nothing(world):
    standard_rate()
    make_member("TAO-0500", first_ar="سميرة", last_ar="التازي", commune=TAOUNATE_COMMUNE)
    treasurer = signed_in(world["treasurer_user"])
    batch = reverse("dues:batch", args=[world["province"].pk])
    for amount, day in (("-50", DAY), ("100", "31/02/2026"), ("1e9", DAY)):
        response = treasurer.post(
            batch,
            {"entry_date": day, "method": "cash", "year_from": str(TODAY.year), "amount": amount, "cards": "TAO-0500"},
        )
        assert response.status_code == 200 and "TAO-0500" in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_no_transfer_with_tetouan_nor_on_the_region_side(world):
    tetouan = transfer_record(
        acting_user=None, scope=EVERYTHING, body=world["tetouan"], side="sent", amount=Decimal("10"), on=TODAY
    )
    region = transfer_record(
        acting_user=None, scope=EVERYTHING, body=world["region"], side="sent", amount=Decimal("10"), on=TODAY
    )
    treasurer = signed_in(world["treasurer_user"])
    money = reverse("dues:money", args=[world["province"].pk])
    attempts = (
        {"side": "received", "counterpart": str(world["tetouan"].pk), "amount": "5", "on": DAY},
        {"side": "received", "transfer": str(tetouan.pk), "amount": "5", "on": DAY},
        {"side": "sent", "transfer": str(region.pk), "amount": "5", "on": DAY},
        {"side": "sent", "amount": "999999999999", "on": DAY},
        {"side": "sent", "amount": "5", "on": "31/02/2026"},
    )
    for data in attempts:
        assert treasurer.post(money, data).status_code in (200, 404)
    assert Transfer.objects.count() == 2
    assert not Transfer.objects.filter(received_amount__isnull=False).exists()


def test_an_entry_of_the_region_is_not_reversed_from_taounate(world):
    member = make_member("TAO-0500", first_ar="سميرة", last_ar="التازي", commune=TAOUNATE_COMMUNE)
    entry = payment_record(
        acting_user=None,
        scope=EVERYTHING,
        body=world["region"],
        member=member,
        amount=Decimal("100"),
        entry_date=TODAY,
        year_from=TODAY.year,
    )
    response = signed_in(world["treasurer_user"]).post(reverse("dues:reverse", args=[entry.pk]), {"reason": "خطأ"})
    assert response.status_code == 400
    assert LedgerEntry.objects.count() == 1


def test_only_the_national_treasury_sets_rates_and_junk_queries_are_no_error(world):
    treasurer = signed_in(world["treasurer_user"])
    response = treasurer.post(
        reverse("dues:rates"), {"category": "standard", "amount": "1", "applies_from": "01/01/2026"}
    )
    assert response.status_code == 403 and not Rate.objects.exists()
    assert treasurer.get(reverse("dues:money", args=[world["province"].pk]), {"year": "1e9"}).status_code == 200
    body = reverse("dues:body", args=[world["province"].pk])
    assert treasurer.get(body, {"after": "z" * 40, "q": "ك" * 200}).status_code == 200
    assert treasurer.get(reverse("dues:body", args=[world["tetouan"].pk])).status_code == 404
