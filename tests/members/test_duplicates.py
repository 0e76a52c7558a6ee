"""The duplicates page: every open flag of the reader's territory, the two entries side by side, merge and dismiss
in place — within the reader's scope, audited, in Arabic and French."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from tanzim.access.models import Account
from tanzim.access.services import grant_create
from tanzim.audit.models import AuditEntry
from tanzim.members.models import DuplicateFlag, Member
from tanzim.organization.models import PositionType
from tanzim.organization.services import Seat, office_renew
from tanzim.territory.capability import Capability
from tanzim.territory.models import Territory
from tests.members.factories import make_member
from tests.organization.factories import make_body

TETOUAN = "01.571.01.11"
TAOUNATE = "03.531.01.05"


@pytest.fixture(autouse=True)
def language_left_as_found():
    """The pages activate the reader's language in this thread; the next test file finds the default again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(party):
    """Two probable duplicates in Tétouan (same identity card), one pair across Tétouan and Taounate (same phone)
    and one pair inside Taounate."""
    souad = make_member(
        "T-0001",
        first_ar="سعاد",
        last_ar="البحراوي",
        first_latin="Souad",
        last_latin="Bahraoui",
        gender="f",
        cin="L123456",
        phone="+212661223344",
        birth_date=dt.date(1984, 3, 9),
        join_date=dt.date(2019, 11, 2),
    )
    souad_again = make_member("T-0002", first_ar="سعاد", last_ar="البحراوى", gender="f", cin="L123456")
    karim = make_member("T-0003", first_ar="كريم", last_ar="الصقلي", phone="+212661998877")
    far = make_member("F-0001", first_ar="زمردة", last_ar="الكناريكي", phone="+212661998877", commune=TAOUNATE)
    far_twin = make_member("F-0002", first_ar="زمردة", last_ar="الكناريكي", cin="ZK998877", commune=TAOUNATE)
    far_first = Member.objects.get(pk=far.pk)
    make_member("F-0003", first_ar="زمردة", last_ar="الكناريكي", cin="ZK998877", commune=TAOUNATE)
    bureau = make_body("national_executive")
    branch = make_body("local_office", TETOUAN, parent=make_body("provincial_office", "01.571", parent=bureau))
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2024, 2, 1),
        seats=[Seat(PositionType.objects.get(key="head"), souad.person)],
    )
    flags = {
        "tetouan": DuplicateFlag.objects.get(first=souad, second=souad_again),
        "across": DuplicateFlag.objects.get(first=karim, second=far),
        "taounate": DuplicateFlag.objects.filter(first=far_twin).get(),
    }
    return {"souad": souad, "again": souad_again, "karim": karim, "far": far_first, "flags": flags}


def reader(login, *, capabilities, language="ar", code="01.571"):
    """A user with a grant over a province (Tétouan unless told), signed in."""
    user = get_user_model().objects.create_user(f"reader-{code}-{len(capabilities)}", password="a-long-test-password")
    person = make_member(f"R-{code}-{len(capabilities)}", first_ar="قارئ", commune=TETOUAN).person
    Account.objects.create(user=user, person=person)
    grant_create(
        acting_user=None,
        user=user,
        territory=Territory.objects.get(code=code),
        capabilities=capabilities,
        starts_on=dt.date(2024, 1, 1),
        reason="test",
    )
    return login(user, language=language)


ALL = ["read", "personal_data", "members_write", "export"]
EVERY = list(Capability.values)


def test_the_page_shows_each_pair_side_by_side_in_arabic(world, login):
    client = reader(login, capabilities=ALL)
    html = client.get(reverse("members:duplicates")).content.decode()
    flag = world["flags"]["tetouan"]
    assert f'id="flag-{flag.pk}"' in html
    assert "نفس رقم البطاقة الوطنية" in html  # the reason heads its group
    # Both entries: names in both scripts, card, identity card, phone, birth date as dd/mm/yyyy, commune, status,
    # the position the first one holds.
    assert "سعاد البحراوي" in html and "سعاد البحراوى" in html and "Souad Bahraoui" in html
    assert "<bdi>T-0001</bdi>" in html and "<bdi>T-0002</bdi>" in html
    assert "L123456" in html and "+212661223344" in html and "09/03/1984" in html and "02/11/2019" in html
    assert 'تطوان <span class="muted">(إقليم تطوان)</span>' in html  # the commune, its province named type first
    assert html.count("نشيط</span>") == 2
    assert "كاتبة الفرع — الفرع — تطوان" in html  # the position the first entry holds, in the feminine
    # One pair to review in Tétouan: the pairs reaching Taounate are not there, nor their names.
    assert "زمردة" not in html and "F-0001" not in html and "F-0002" not in html
    assert f'id="flag-{world["flags"]["across"].pk}"' not in html
    assert "زوج واحد من القيود" in html  # the count in its Arabic singular form
    # Dismiss in place; merge keeping the entry that holds the branch's position only: keeping the other would move
    # that mandate, which needs recording the branch's offices and holding what its head holds.
    assert html.count(reverse("members:duplicate_merge", args=[flag.pk])) == 1
    assert f'name="keep" value="{world["souad"].pk}"' in html
    assert reverse("members:duplicate_dismiss", args=[flag.pk]) in html
    # Whoever holds all of that merges either way.
    html = reader(login, capabilities=EVERY).get(reverse("members:duplicates")).content.decode()
    assert html.count(reverse("members:duplicate_merge", args=[flag.pk])) == 2


def test_the_pairs_are_grouped_under_their_reason(world, login):
    """Each reason heads the pairs flagged for it, and only those: a CIN's pair under the CIN, a phone's under the
    phone, a close name's under the name."""
    phone = make_member("T-0004", first_ar="حسن", last_ar="العلمي", phone="+212662000111")
    phone_again = make_member("T-0005", first_ar="حسين", last_ar="العلمي", phone="+212662000111")
    name = make_member("T-0006", first_ar="نادية", last_ar="الوزاني", birth_date=dt.date(1990, 1, 2))
    name_again = make_member("T-0007", first_ar="ناديه", last_ar="الوزانى", birth_date=dt.date(1990, 1, 2))
    by_phone = DuplicateFlag.objects.get(first=phone, second=phone_again)
    by_name = DuplicateFlag.objects.get(first=name, second=name_again)
    html = reader(login, capabilities=ALL).get(reverse("members:duplicates")).content.decode()
    groups = {
        section.split("</h2>", 1)[0].split("<h2>", 1)[1]: section
        for section in html.split('<section class="duplicates-group">')[1:]
    }
    # One section a reason (the flags are read ordered by it, so a page never splits one).
    assert list(groups) == ["اسم متقارب ونفس تاريخ الازدياد", "نفس رقم البطاقة الوطنية", "نفس رقم الهاتف"]
    flagged = {heading: section.count('id="flag-') for heading, section in groups.items()}
    assert flagged == {"نفس رقم البطاقة الوطنية": 1, "نفس رقم الهاتف": 1, "اسم متقارب ونفس تاريخ الازدياد": 1}
    assert f'id="flag-{world["flags"]["tetouan"].pk}"' in groups["نفس رقم البطاقة الوطنية"]
    assert f'id="flag-{by_phone.pk}"' in groups["نفس رقم الهاتف"]
    assert f'id="flag-{by_name.pk}"' in groups["اسم متقارب ونفس تاريخ الازدياد"]
    assert "3 أزواج من القيود للمراجعة" in html


def test_the_page_in_french_and_the_link_from_the_members_page(world, login):
    client = reader(login, capabilities=ALL, language="fr")
    html = client.get(reverse("members:duplicates")).content.decode()
    assert "Même carte nationale d&#x27;identité" in html
    assert "1 paire d’entrées à examiner" in html
    assert "Garder la carte <bdi>T-0001</bdi> et y fusionner l’autre" in html
    assert "Pas la même personne" in html
    index = client.get(reverse("members:index")).content.decode()
    assert f'href="{reverse("members:duplicates")}"' in index and "Doublons probables" in index


def test_without_personal_data_the_identity_values_are_not_shown(world, login):
    client = reader(login, capabilities=["read", "members_write"])
    html = client.get(reverse("members:duplicates")).content.decode()
    assert "سعاد البحراوي" in html
    assert "L123456" not in html and "+212661223344" not in html and "09/03/1984" not in html
    assert "غير معروض" in html


def test_dismiss_in_place_closes_the_flag_audited(world, login):
    client = reader(login, capabilities=ALL)
    flag = world["flags"]["tetouan"]
    answer = client.post(
        reverse("members:duplicate_dismiss", args=[flag.pk]), {"from": "duplicates", "page": "1"}, follow=True
    )
    assert answer.redirect_chain[-1][0] == reverse("members:duplicates") + "?page=1"
    flag.refresh_from_db()
    assert flag.status == "dismissed"
    html = answer.content.decode()
    assert "شخصين مختلفين" in html  # the message says what was decided
    assert f'id="flag-{flag.pk}"' not in html
    assert "لا توجد أي" in html  # nothing left to review
    entry = AuditEntry.objects.get(action="member.duplicate_dismiss")
    assert entry.changes["first"] == world["souad"].pk and entry.territory_path.startswith("01/01.571/")
    # A second decision on a closed flag is a 404, not a change.
    assert client.post(reverse("members:duplicate_dismiss", args=[flag.pk])).status_code == 404


def test_merge_in_place_keeps_the_chosen_entry(world, login):
    client = reader(login, capabilities=EVERY, language="fr")  # the mandate moves: offices and a head's powers
    flag = world["flags"]["tetouan"]
    again = world["again"]
    answer = client.post(
        reverse("members:duplicate_merge", args=[flag.pk]), {"keep": str(again.pk), "page": "1"}, follow=True
    )
    html = answer.content.decode()
    assert "fusionnées" in html and "T-0002" in html
    assert not Member.objects.filter(pk=world["souad"].pk).exists()
    kept = Member.objects.get(pk=again.pk)
    assert kept.person.first_name_latin == "Souad"  # the gaps were filled from the merged entry
    assert kept.person.mandates.filter(end_date__isnull=True).exists()  # and the mandate moved
    assert AuditEntry.objects.filter(action="member.merge", target_id=str(again.pk)).exists()
    assert not DuplicateFlag.objects.filter(pk=flag.pk, status="open").exists()


def test_a_merge_without_a_choice_changes_nothing(world, login):
    client = reader(login, capabilities=ALL, language="fr")
    flag = world["flags"]["tetouan"]
    html = client.post(
        reverse("members:duplicate_merge", args=[flag.pk]), {"keep": str(world["far"].pk)}, follow=True
    ).content.decode()
    assert "Choisissez laquelle des deux entrées garder" in html
    assert Member.objects.filter(pk__in=[world["souad"].pk, world["again"].pk]).count() == 2
    flag.refresh_from_db()
    assert flag.status == "open"


def test_flags_reaching_outside_the_scope_are_neither_shown_nor_decided(world, login):
    client = reader(login, capabilities=ALL)
    for name in ("across", "taounate"):
        flag = world["flags"][name]
        assert client.post(reverse("members:duplicate_dismiss", args=[flag.pk])).status_code == 404
        merge = reverse("members:duplicate_merge", args=[flag.pk])
        assert client.post(merge, {"keep": str(world["karim"].pk)}).status_code == 404
        flag.refresh_from_db()
        assert flag.status == "open"
    assert Member.objects.filter(pk=world["far"].pk).exists()


def test_a_reader_without_writing_sees_the_pairs_but_cannot_decide(world, login):
    client = reader(login, capabilities=["read", "personal_data"])
    flag = world["flags"]["tetouan"]
    html = client.get(reverse("members:duplicates")).content.decode()
    assert f'id="flag-{flag.pk}"' in html
    assert reverse("members:duplicate_merge", args=[flag.pk]) not in html
    assert client.post(reverse("members:duplicate_dismiss", args=[flag.pk])).status_code == 403
    assert client.post(reverse("members:duplicate_merge", args=[flag.pk]), {"keep": "1"}).status_code == 403
    flag.refresh_from_db()
    assert flag.status == "open"


def test_the_national_reader_sees_every_pair(world, client_fr):
    html = client_fr.get(reverse("members:duplicates")).content.decode()
    for flag in world["flags"].values():
        assert f'id="flag-{flag.pk}"' in html
    assert "3 paires d’entrées à examiner" in html
    assert "(Province de Taounate)" in html  # the commune's province beside it, its type first
