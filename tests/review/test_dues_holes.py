"""Holes in the dues app, each a test that fails today and passes once it is closed."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tanzim.dues.models import LedgerEntry, ReceiptCounter
from tanzim.dues.services import payment_record, waiver_record
from tests.members.factories import make_member
from tests.review.world import EVERYTHING, TAOUNATE_COMMUNE, signed_in, standard_rate

TODAY = timezone.localdate()


def test_a_collection_evening_with_an_amount_of_zero_is_refused_not_recorded_at_the_full_rate(world):
    """The treasurer types 0 in the batch's amount (nothing was collected: the evening was for the lists). Today
    the zero is read as "empty" and every card is recorded as paid at the full rate (100 MAD each) with a receipt
    number taken: money the province never received appears in its books. She expects the amount refused, as the
    payment form of a row refuses it, and nothing written."""
    standard_rate("100")
    make_member("TAO-0500", first_ar="سميرة", last_ar="التازي", commune=TAOUNATE_COMMUNE)
    make_member("TAO-0501", first_ar="حميد", last_ar="الريفي", commune=TAOUNATE_COMMUNE)
    treasurer = signed_in(world["treasurer_user"])
    response = treasurer.post(
        reverse("dues:batch", args=[world["province"].pk]),
        {
            "entry_date": TODAY.strftime("%d/%m/%Y"),
            "method": "cash",
            "year_from": str(TODAY.year),
            "amount": "0",
            "cards": "TAO-0500\nTAO-0501",
        },
    )
    assert response.status_code in (200, 400)
    assert 'name="amount"' in response.content.decode() and "TAO-0501" in response.content.decode()
    assert not LedgerEntry.objects.exists()
    assert not ReceiptCounter.objects.filter(last__gt=0).exists()


def test_the_member_page_shows_no_dues_to_the_rapporteur_the_dues_pages_refuse(world):
    """The dues pages are closed to who neither keeps nor audits the dues ("Your responsibilities do not include
    the dues here"), yet the member page's dues card shows the rapporteur every amount, receipt and waiver reason —
    here a chronic illness, health data she may not even read as personal data."""
    member = make_member("TAO-0500", first_ar="سميرة", last_ar="التازي", commune=TAOUNATE_COMMUNE)
    payment_record(
        acting_user=None,
        scope=EVERYTHING,
        body=world["province"],
        member=member,
        amount=Decimal("137"),
        entry_date=TODAY,
        year_from=TODAY.year - 1,
    )
    waiver_record(
        acting_user=None,
        scope=EVERYTHING,
        body=None,
        member=member,
        entry_date=TODAY,
        year_from=TODAY.year,
        year_to=TODAY.year,
        reason="مرض مزمن",
    )
    rapporteur = signed_in(world["rapporteur_user"])
    assert rapporteur.get(reverse("dues:body", args=[world["province"].pk])).status_code == 403
    page = rapporteur.get(reverse("members:detail", args=[member.pk]))
    assert page.status_code == 200 and "سميرة" in page.content.decode()
    assert "مرض مزمن" not in page.content.decode()
    assert "137" not in page.content.decode()
