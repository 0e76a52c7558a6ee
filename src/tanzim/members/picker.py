"""What a person picker shows and finds through the registry: card numbers (in the reader's scope), and the card
number of a person just added from a picker."""

from __future__ import annotations

from tanzim.people.picker import PickRefused, enrolment, facts_provider, number_lookup

from .models import Member
from .services import MemberError, member_enrol


@facts_provider("card")
def card_numbers(person_ids, scope):
    rows = (
        Member.objects.visible_to(scope).filter(person_id__in=list(person_ids)).values_list("person_id", "card_number")
    )
    return {pk: {"card": card} for pk, card in rows}


@number_lookup("card")
def persons_with_card(text, scope):
    card = text.strip().upper()
    if not card or len(card) > 32:
        return []
    return Member.objects.visible_to(scope).filter(card_number=card).values_list("person_id", flat=True)


@enrolment("member")
def enrol_member(*, acting_user, scope, person, card_number):
    try:
        member_enrol(acting_user=acting_user, scope=scope, person=person, card_number=card_number)
    except MemberError as error:
        raise PickRefused(error.message) from None
