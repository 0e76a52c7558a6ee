"""A provincial official of Tétouan, in Chromium, tries the two writes that would rewrite a record of her region: she
erases a member named in the region's approved minutes, and merges away an entry named there from the duplicates
page. In Arabic and French, at a desktop's and a phone's size, on a real server: each page says why it was refused
and who must do it, keeps what she typed, and nothing changes (the member keeps their name, both entries stay).
Screenshots go to `screenshots/` for a person to look at."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.browser.conftest import visiting
from tests.live import live_site

PASSWORD = "a-long-browser-password-7"
RUNS = [("ar", "desktop"), ("fr", "desktop"), ("ar", "phone"), ("fr", "phone")]
REASON = "طلب المعني بالأمر بتاريخ 02/11/2026"

SETUP = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from django.utils import timezone
from tanzim.access.services import grant_create
from tanzim.meetings.models import MeetingKind
from tanzim.meetings.services import attendance_add, meeting_create, meeting_mark_held, minutes_approve
from tanzim.members.models import Member
from tanzim.members.services import member_save
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Body
from tanzim.territory.capability import Capability
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

demo_load()
user = get_user_model().objects.create_user("browser-beyond", password="{PASSWORD}")
grant_create(
    acting_user=None, user=user, territory=Territory.objects.get(code="01.571"),
    capabilities=[Capability.READ, Capability.PERSONAL_DATA, Capability.MEMBERS_WRITE, Capability.DATA_PROTECTION],
    starts_on=dt.date(2020, 1, 1),
)
tetouan = Territory.objects.get(code="01.571.01.11")

def member(card, first_ar, last_ar, **personal):
    return member_save(
        acting_user=None, scope=Scope.everything(), member=None, local_body=None,
        person_data={{"first_name_ar": first_ar, "last_name_ar": last_ar, "gender": "m", "commune": tetouan,
                     **personal}},
        member_data={{"card_number": card}},
    )

named = member("R-1001", "منير", "الريسوني")
twice = member("R-2001", "حمزة", "البقيوي", phone="+212661230077")
member("R-2002", "حمزة", "البقيوي", phone="+212661230077", birth_date=dt.date(1991, 4, 9))

region = Body.objects.get(organization__key="party", body_type__key="regional_office", territory__code="01")
scope = Scope.of(region.path)
meeting = meeting_create(
    acting_user=None, scope=scope, body=region, kind=MeetingKind.objects.get(key="ordinary"),
    starts_at=timezone.now() - dt.timedelta(days=30),
)
for person in (named.person, twice.person):
    attendance_add(acting_user=None, scope=scope, meeting=meeting, person=person, capacity="عضو المجلس الجهوي")
meeting_mark_held(acting_user=None, scope=scope, meeting=meeting)
minutes_approve(acting_user=None, scope=scope, meeting=meeting)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("beyond"), "sqlite", SETUP) as url:
        yield url


Visit = visiting("beyond-", username="browser-beyond", password=PASSWORD)


def said(language: str, english: str) -> str:
    """The message as the catalogue gives it in `language` (a translation, never the English text)."""
    with translation.override(language):
        text = translation.gettext(english)
    assert text != english
    return text


ERASE_REFUSED = (
    "This member is named in records kept by offices beyond your territory (meetings, activities or candidacies of a "
    "higher body): an official of the office whose territory covers them must erase the data."
)
MERGE_REFUSED = (
    "These entries are named in records kept by offices beyond your territory (meetings, activities or candidacies "
    "of a higher body): an official of the office whose territory covers them must merge them."
)


@pytest.mark.parametrize(("language", "size"), RUNS)
def test_an_erasure_and_a_merge_reaching_the_regions_minutes_are_refused(site, browser, language, size):
    visit = Visit(site, browser, language, size)
    page = visit.page
    try:
        # The erasure: from the member's page, the reason and the card typed, refused with the reason kept.
        page.goto(f"{site}/members/?q=R-1001")
        page.locator("main table tbody tr", has_text="R-1001").locator("a").first.click()
        page.wait_for_load_state("networkidle")
        page.click(f"main a:has-text('{said(language, 'Erase the personal data…')}')")
        page.wait_for_load_state("networkidle")
        page.fill("textarea[name=reason]", REASON)
        page.fill("input[name=card_number]", "R-1001")
        page.click(f"main form button:has-text('{said(language, 'Erase')}')")
        page.wait_for_load_state("networkidle")
        alert = page.locator("main form [role=alert]").inner_text()
        assert said(language, ERASE_REFUSED) in alert
        assert page.input_value("textarea[name=reason]") == REASON  # what she typed is still there
        visit.fits()
        visit.shot("erase")
        page.goto(f"{site}/members/?q=R-1001")
        assert "الريسوني" in page.locator("main table tbody").inner_text()  # nothing was erased

        # The merge: keeping the entry not named at the region would merge away the one named there.
        page.goto(f"{site}/members/duplicates/")
        pair = page.locator("article.duplicate", has_text="R-2001")
        pair.locator("form", has=page.locator("bdi:text-is('R-2002')")).locator("button").click()
        page.wait_for_load_state("networkidle")
        assert said(language, MERGE_REFUSED) in page.locator(".messages").inner_text()
        assert page.locator("article.duplicate", has_text="R-2001").count() == 1  # the pair is still to decide
        visit.fits()
        visit.shot("merge")
        page.goto(f"{site}/members/?q=R-2001")
        assert page.locator("main table tbody tr", has_text="R-2001").count() == 1  # both entries stay
        assert visit.problems == []
    finally:
        visit.context.close()
