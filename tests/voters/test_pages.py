"""The drive's pages as officials use them: the drive of my territory, the call list with its one-tap record (htmx
and without JavaScript), its export, the member page's card and form, the target; and Taounate out of reach of
Tétouan in every page, count, export and answer of the API."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tanzim.audit.models import AuditEntry
from tanzim.voters.models import Registration, Statement, Status, Target
from tests.members.factories import make_member

from .factories import OUED_LAOU, TAOUNATE_COMMUNE, record, world

HTMX = {"HX-Request": "true"}


@pytest.fixture
def pages(party):
    w = world()
    m = {
        "a": make_member("P-A", first_ar="أمينة", last_ar="العلوي", birth_date=dt.date(1980, 1, 1)),
        "c": make_member("P-C", first_ar="جمال", last_ar="الفاسي", phone="+212661000003"),
        "e": make_member("P-E", first_ar="إدريس", last_ar="الريفي", phone="+212661000005"),
        "oued": make_member("P-H", first_ar="هشام", last_ar="الوادي", commune=OUED_LAOU),
        "q": make_member("P-Q", first_ar="قاسم", last_ar="التاوناتي", commune=TAOUNATE_COMMUNE, phone="+212661999999"),
    }
    record(m["a"], Status.REGISTERED)
    record(m["c"], Status.NOT_REGISTERED)
    record(m["q"], Status.NOT_REGISTERED)
    return w | {"m": m}


def test_the_drive_page_of_my_province_shows_each_commune(pages, login):
    client = login(pages["tetouan_head"], language="fr")
    page = client.get(reverse("voters:index")).content.decode()
    # The reader's one territory by default: the province of Tétouan, its communes below.
    assert "Campagne d’inscription sur les listes électorales" in page and "Tétouan" in page
    assert 'data-code="01.571.01.11"' in page and 'data-code="01.571.01.07"' in page
    assert "Taounate" not in page and "03.531" not in page
    # a registered, of a, c, e, the two heads and Oued Laou's member: 1 / 6.
    assert '<bdi class="drive-registered">1</bdi>' in page and '<bdi class="drive-eligible">6</bdi>' in page
    assert "jours pour s’inscrire (demandes jusqu’au 31/12/2026)" in page
    assert client.get(reverse("voters:index"), {"place": "03.531"}).status_code == 404
    assert client.get(reverse("voters:index"), {"place": "01.571.01.11"}).status_code == 200


def test_a_target_set_on_the_drive_page_shows_against_the_progress(pages, login):
    client = login(pages["branch_head"], language="ar")
    url = reverse("voters:target", args=[pages["branch"].pk])
    refused = client.post(url, {"share": "150", "deadline": "31/12/2026"})
    assert refused.status_code == 200 and 'value="150"' in refused.content.decode()
    assert not Target.objects.exists()
    answer = client.post(url, {"share": "80", "deadline": "31/12/2026"})
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "الهدف: 80% من الأعضاء مسجلون قبل 31/12/2026." in page
    # The branch head cannot set the province's target, nor Taounate's.
    assert client.post(reverse("voters:target", args=[pages["tetouan"].pk]), {"share": "80"}).status_code in (403, 404)
    assert client.post(reverse("voters:target", args=[pages["taounate_branch"].pk]), {"share": "80"}).status_code == 404


def test_the_call_list_records_in_one_tap_and_the_progress_changes(pages, login):
    client = login(pages["branch_head"], language="ar")
    m = pages["m"]
    page = client.get(reverse("voters:calls")).content.decode()
    assert "الأعضاء المطلوب الاتصال بهم" in page
    assert "الفاسي" in page and "الريفي" in page and "+212661000005" in page
    assert "العلوي" not in page  # registered already
    assert "الوادي" not in page  # another commune: not the branch's
    assert AuditEntry.objects.filter(action="voters.calls").count() == 1
    # htmx: the row answers what was recorded, and the progress above the list changes with it.
    answer = client.post(
        reverse("voters:quick", args=[m["e"].pk]), {"status": "registered", "place": "01.571.01.11"}, headers=HTMX
    ).content.decode()
    assert 'id="call-' in answer and "تم التسجيل: مسجل." in answer
    assert 'hx-swap-oob="true"' in answer and '<bdi class="drive-registered">2</bdi>' in answer
    assert Registration.objects.get(member=m["e"]).status == Status.REGISTERED
    # Without JavaScript: the list again, with a message.
    plain = client.post(reverse("voters:quick", args=[m["c"].pk]), {"status": "registered"})
    assert plain.status_code == 302
    again = client.get(plain["Location"]).content.decode()
    assert "الفاسي" not in again.split('class="call-list')[1]
    assert Statement.objects.filter(member=m["c"]).count() == 2  # the old statement stays
    # A status the quick form does not offer is refused, nothing written.
    bad = client.post(reverse("voters:quick", args=[m["c"].pk]), {"status": "maybe"}, headers=HTMX)
    assert "اختر مسجل أو غير مسجل." in bad.content.decode()
    assert Statement.objects.filter(member=m["c"]).count() == 2


def test_the_call_list_exported_as_a_member_export(pages, login):
    client = login(pages["tetouan_head"], language="fr")
    answer = client.get(reverse("voters:export", args=["csv"]))
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Numéro de carte", "Nom (arabe)"] or rows[0][0] == "Numéro de carte"
    assert "Téléphone" in rows[0]
    cards = {r[0] for r in rows[1:]}
    assert {"P-C", "P-E", "P-H"} <= cards and "P-A" not in cards and "P-Q" not in cards
    assert "+212661000003" in answer.content.decode()
    assert AuditEntry.objects.filter(action="member.export", changes__format="csv").exists()
    xlsx = client.get(reverse("voters:export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("voters:export", args=["pdf"])).status_code == 404
    assert client.get(reverse("voters:export", args=["csv"]), {"place": "03.531.01.05"}).status_code == 404


def test_the_member_page_card_and_its_form_keep_what_was_typed(pages, login):
    client = login(pages["branch_head"], language="fr")
    a = pages["m"]["a"]
    card = client.get(reverse("members:detail", args=[a.pk])).content.decode()
    assert "Inscription sur les listes électorales" in card and "Inscrit" in card
    assert reverse("voters:record", args=[a.pk]) in card
    url = reverse("voters:record", args=[a.pk])
    typed = {"voters-status": "registered", "voters-source": "branch", "voters-checked_on": "31/12/2099"}
    bad = client.post(url, typed)
    text = bad.content.decode()
    assert bad.status_code == 200 and "La date de vérification ne peut pas être dans le futur." in text
    assert 'value="31/12/2099"' in text
    good = client.post(
        url,
        {
            "voters-status": "registered",
            "voters-source": "member",
            "voters-checked_on": "01/12/2026",
            "voters-commune": OUED_LAOU,
        },
    )
    assert good.status_code == 302
    assert Statement.objects.filter(member=a).first().commune.code == OUED_LAOU
    again = client.get(reverse("members:detail", args=[a.pk])).content.decode()
    assert "Oued Laou" in again and "Déclaré par le membre" in again


def test_tetouan_sees_nothing_of_taounate_and_writes_nothing_there(pages, login):
    q = pages["m"]["q"]
    client = login(pages["tetouan_head"], language="ar")
    national = client.get(reverse("voters:calls")).content.decode()
    assert "التاوناتي" not in national and "+212661999999" not in national
    assert client.get(reverse("voters:calls"), {"place": "03.531"}).status_code == 404
    assert client.get(reverse("voters:record", args=[q.pk])).status_code == 404
    assert client.post(reverse("voters:quick", args=[q.pk]), {"status": "registered"}).status_code == 404
    assert client.post(reverse("voters:record", args=[q.pk]), {"voters-status": "registered"}).status_code == 404
    assert Registration.objects.get(member=q).status == Status.NOT_REGISTERED
    api = client.get(f"/api/v1/voters/members/{q.pk}")
    assert api.status_code == 404
    progress = client.get("/api/v1/voters/progress").json()
    # The reader's province by default, its communes below: none of Taounate's.
    codes = [c["code"] for c in progress["children"]]
    assert "01.571.01.11" in codes and all(code.startswith("01.571.") for code in codes)
    assert progress["total"]["not_registered"] == 1  # c, not Taounate's member
    assert client.get("/api/v1/voters/progress", {"place": "03.531"}).status_code == 404


def test_the_api_reads_progress_and_a_members_status(pages, login):
    client = login(pages["tetouan_head"], language="fr")
    a = pages["m"]["a"]
    status = client.get(f"/api/v1/voters/members/{a.pk}").json()
    assert status["status"] == "registered" and status["checked_on"] == "2026-11-01"
    assert [h["status"] for h in status["history"]] == ["registered"]
    progress = client.get("/api/v1/voters/progress", {"place": "01.571"}).json()
    tetouan = next(c for c in progress["children"] if c["code"] == "01.571.01.11")
    assert (tetouan["registered"], tetouan["not_registered"], tetouan["unknown"]) == (1, 1, 3)
    assert progress["revision"]["requests_until"] == "2026-12-31"


def test_the_demo_drive_has_progress_and_a_31_december_target_in_tetouan_and_taounate(party):
    from tanzim.members.demo import demo_members_load
    from tanzim.organization.demo import DemoBuilder
    from tanzim.territory.models import Territory
    from tanzim.territory.scope import Scope
    from tanzim.voters.demo import voters_demo_load
    from tanzim.voters.selectors import progress

    DemoBuilder(acting_user=None).build()
    demo_members_load()
    today = dt.date(2026, 12, 7)
    assert voters_demo_load(today=today) > 0
    for code in ("01.571", "03.531"):
        line = progress(scope=Scope.everything(), place=Territory.objects.get(code=code), today=today).total
        assert 0 < line.registered < line.eligible
        assert line.target.share == 100 and line.target.deadline == dt.date(2026, 12, 31)
        assert line.days_left == 24
    assert voters_demo_load(today=today) == 0  # once
