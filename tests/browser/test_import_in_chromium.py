"""A member file imported in Chromium as the Tétouan branch secretary does it: in Arabic and French, at a desktop's
and a phone's size, on a real server whose worker runs the import.

The file is messy as branch files are: a gender written `أ`, a phone in a range the phone library does not know,
a row with three problems at once, and a card number whose member in the registry is somebody else. The page shows
the counts, the problems by reason and the first rows with every problem; the conflict is listed with both
identities side by side, and she keeps the registry. Every request answers, no script or style is refused, and at
a phone's width no page is wider than the screen. Screenshots go to `screenshots/`.
"""

from __future__ import annotations

import csv

import pytest

from tests.browser.conftest import visiting
from tests.live import live_site

PASSWORD = "a-long-browser-password-9"
RUNS = [("ar", "desktop"), ("fr", "desktop"), ("ar", "phone"), ("fr", "phone")]
HEADER = ["رقم البطاقة", "النسب", "الاسم", "الجنس", "تاريخ الازدياد", "الهاتف", "الجماعة", "الوضعية"]

SETUP = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from tanzim.access.models import Account
from tanzim.members.services import member_save
from tanzim.organization.demo import demo_load
from tanzim.organization.models import Mandate
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope

demo_load()
head = Mandate.objects.filter(
    body__body_type__key="local_office", body__territory__code="01.571.01.11", position_type__key="head",
    end_date__isnull=True,
).select_related("person").first()
user = get_user_model().objects.create_user("browser-branch", password="{PASSWORD}")
Account.objects.create(user=user, person=head.person)
tetouan = Territory.objects.get(code="01.571.01.11")
for run in range(4):
    member_save(
        acting_user=None, scope=Scope.everything(), member=None,
        person_data={{"first_name_ar": "حسناء", "last_name_ar": "الريسوني", "gender": "f",
                      "birth_date": dt.date(1980, 4, 2), "commune": tetouan}},
        member_data={{"card_number": f"BRW-HELD-{{run}}"}}, local_body=None,
    )
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory.mktemp("browser-import"), "sqlite", SETUP) as url:
        yield url


def messy_file(folder, run: int):
    path = folder / f"branch-{run}.csv"
    rows = [
        [f"BRW-{run}-1", "أحكان", "كريمة", "أ", "05/05/1974", "0661234567", "تطوان", "نشيط"],
        [f"BRW-{run}-2", "المرابط", "يوسف", "ذ", "12/03/1990", "0683123456", "Tétouan", ""],
        [f"BRW-{run}-3", "العلوي", "سعاد", "؟", "31/02/1980", "", "مدينة الأحلام", ""],
        [f"BRW-HELD-{run}", "بناني", "محمد", "ذكر", "01/01/1960", "", "تطوان", ""],
    ]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


Visit = visiting("", username="browser-branch", password=PASSWORD)


@pytest.mark.parametrize(("language", "size"), RUNS, ids=[f"{lang}-{size}" for lang, size in RUNS])
def test_the_branch_secretary_imports_a_messy_file_and_decides_its_conflict(site, browser, tmp_path, language, size):
    run = RUNS.index((language, size))
    v = Visit(site, browser, language, size)
    page = v.page
    try:
        page.goto(f"{site}/members/import/")
        page.wait_for_load_state("networkidle")
        v.fits()
        rules = page.locator("#import-rules").inner_text()
        assert "الجنس" in rules and "Sexe" in rules  # the headers read, in both languages
        assert page.locator("a[href$='/members/import/template.xlsx']").count() == 1
        v.shot("import-page")

        page.set_input_files("input[type=file]", str(messy_file(tmp_path, run)))
        page.click("main form button.primary")
        page.wait_for_load_state("networkidle")
        page.wait_for_selector("#import-counts", timeout=60000)  # the worker ran it; the page stopped polling
        v.fits()
        v.shot("import-report")
        counts = page.locator("#import-counts").inner_text()
        # 4 read: 2 new (one with a phone to check), 1 refused, 1 held
        numbers = [int(cell) for cell in page.locator("#import-counts td").all_inner_texts()]
        assert numbers[:5] == [4, 2, 0, 0, 1] and numbers[5] == 1 and numbers[6] == 1, counts
        reasons = page.locator("#import-reasons").inner_text()
        assert "الجنس" in reasons and "الجماعة" in reasons and "الهاتف" in reasons
        refused = page.locator("#import-refused").inner_text()
        assert "31/02/1980" in refused and "مدينة الأحلام" in refused  # every problem of the row, with its value
        assert "0683123456" in page.locator("#import-warned").inner_text()

        page.click("main a.button.primary[href*='/members/import/conflicts/']")
        page.wait_for_load_state("networkidle")
        v.fits()
        section = page.locator("section.conflict", has_text=f"BRW-HELD-{run}")
        assert section.count() == 1
        side = section.locator("table").inner_text()
        assert "حسناء" in side and "محمد" in side  # the two identities, side by side
        v.shot("import-conflict")
        section.locator("button[value=keep]").click()
        page.wait_for_load_state("networkidle")
        v.fits()
        v.shot("import-conflict-decided")
        assert page.locator("section.conflict", has_text=f"BRW-HELD-{run}").count() == 0
        kept = {"ar": "أبقي على السجل كما هو", "fr": "Le registre est conservé tel quel"}[language]
        assert kept in page.locator(".messages").inner_text()
        assert v.problems == []
    finally:
        v.context.close()
