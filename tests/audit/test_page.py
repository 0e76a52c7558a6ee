"""The audit page reads as officials speak: field and value labels, names instead of ids and codes (only those the
reader may see), list reads grouped, pages that follow each other by the last row shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from tanzim.access.capabilities import Capability as C
from tanzim.audit.models import AuditEntry
from tanzim.audit.services import audit_record
from tanzim.organization.models import BodyStatus, PositionType
from tanzim.organization.services import Seat, body_create, office_renew
from tanzim.people.services import person_create
from tanzim.territory.models import Territory
from tests.access.test_enforcement import TAOUNATE, TETOUAN, login, page, user_with
from tests.members.factories import make_member
from tests.organization.factories import make_body


def cells(html: str) -> list[list[str]]:
    """The audit table's rows as lists of cell texts (tags removed, spaces collapsed)."""
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]


@pytest.fixture
def auditor(party):
    return user_with("auditor", [C.AUDIT_READ], TETOUAN)


def test_fields_are_named_as_officials_call_them_not_by_their_keys(party, auditor):
    commune = Territory.objects.get(code="01.571.01.11")
    person_create(acting_user=None, first_name_ar="سلمى", last_name_ar="الإدريسي", gender="f", commune=commune)

    html = page(login(auditor, "ar"), "audit:index", action="person.create")

    assert "الاسم بالعربية" in html and "سلمى الإدريسي" in html
    assert "name_ar" not in html and "name_latin" not in html


def test_a_body_is_named_not_numbered_and_its_choices_and_codes_read_as_words(party, auditor):
    province = make_body("provincial_office", TETOUAN)
    branch = body_create(
        acting_user=None,
        organization=province.organization,
        body_type=province.body_type.__class__.objects.get(key="local_office"),
        territory=Territory.objects.get(code="01.571.01.11"),
        parent=province,
        status=BodyStatus.NOT_CONSTITUTED,
    )

    html = page(login(auditor, "fr"), "audit:index", action="body.create")
    row = next(r for r in cells(html) if branch.name in r[3])

    assert row[2] == "Instance créée"
    assert "Non constituée" in row[5]  # the status, by its label
    assert branch.territory.name_fr in row[5] and "01.571.01.11" not in row[5]  # the territory, not its code
    assert branch.body_type.name_fr in row[5]  # the type, not its key
    assert "not_constituted" not in html and "local_office" not in html
    assert f"#{branch.pk}" not in html


def test_a_renewal_reads_as_positions_and_the_persons_who_took_them(party, auditor):
    branch = make_body("local_office", "01.571.01.11", parent=make_body("provincial_office", TETOUAN))
    head = make_member("R-1", first_ar="ياسين", last_ar="الفاسي").person
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2025, 3, 2),
        seats=[Seat(PositionType.objects.get(key="head"), head)],
    )

    html = page(login(auditor, "fr"), "audit:index", action="office.renew")
    row = cells(html)[0]

    assert branch.name in row[3] and branch.name in row[5]  # the renewal and its body, by name
    assert "ياسين الفاسي" in row[5] and "Non constituée → Constituée" in row[5]
    assert "not_constituted" not in html and f"[{head.pk}" not in html


def test_a_record_the_reader_may_not_see_is_never_named_nor_numbered(party, auditor):
    # A row of Tétouan (the auditor's) that names a member of Taounate (beyond the auditor's reading scope).
    far = make_member("FAR-1", first_ar="كناري", last_ar="البعيد", commune="03.531.01.05")
    near = make_member("NEAR-1", first_ar="سعاد", last_ar="القريبة")
    audit_record(
        acting_user=None,
        action="member.verify",
        target_type="members.member",
        territory_path=Territory.objects.get(code=TETOUAN).path,
        changes={"members": [near.pk, far.pk], "on": "2025-01-02"},
    )

    html = page(login(auditor, "ar"), "audit:index", action="member.verify")
    row = cells(html)[0]

    assert "سعاد القريبة" in row[5] and "•••" in row[5]  # the one the auditor may see, the other hidden
    assert "كناري" not in html
    assert str(far.pk) not in re.findall(r"(?<![\d/])\d+(?![\d/])", row[5])  # nor its id
    # A reader who may read Taounate too sees both names.
    wider = user_with("wider", [C.AUDIT_READ], TETOUAN, TAOUNATE)
    assert "كناري البعيد" in page(login(wider, "ar"), "audit:index", action="member.verify")


def test_consecutive_list_reads_of_one_reader_are_one_line_with_a_count(party, auditor):
    reader = login(user_with("reader", [C.READ], TETOUAN), "fr")
    for _ in range(12):
        reader.get(reverse("members:index"))
    other = login(user_with("other-reader", [C.READ], TETOUAN), "fr")
    other.get(reverse("members:index"))
    for _ in range(3):
        reader.get(reverse("members:index"))

    html = page(login(auditor, "fr"), "audit:index", action="member.list")
    rows = cells(html)

    # Newest first: the reader's last three reads, the other reader's one, the reader's first twelve.
    assert [(r[1], r[2]) for r in rows] == [("reader", "Liste des adhérents consultée")] + [
        ("other-reader", "Liste des adhérents consultée"),
        ("reader", "Liste des adhérents consultée"),
    ]
    assert "3 fois depuis" in rows[0][0] and "12 fois depuis" in rows[2][0] and "fois" not in rows[1][0]
    assert AuditEntry.objects.filter(action="member.list").count() == 16  # every read is still a row
    assert html.count("<details>") == 2  # each read is listed under its line


def test_the_log_is_paged_by_fifty_lines_and_the_next_page_follows_the_last_row(party, auditor):
    member = make_member("P-1", first_ar="نادية", last_ar="الصغير")
    viewer = login(user_with("viewer", [C.READ], TETOUAN))
    for _ in range(55):
        viewer.get(reverse("members:detail", args=[member.pk]))  # a page read is not a list read: not grouped
    auditor_client = login(auditor, "fr")

    first = page(auditor_client, "audit:index", action="member.view")
    older = re.search(r'href="\?action=member.view&amp;before=(\d+)"', first)
    second = page(auditor_client, "audit:index", action="member.view", before=older[1])

    assert len(cells(first)) == 50 and len(cells(second)) == 5
    assert "before=" not in second.split("</table>")[1].split("Entrées les plus récentes")[-1]
    seen = {int(n) for n in re.findall(r"before=(\d+)", first)}
    assert seen == {AuditEntry.objects.filter(action="member.view").order_by("-at", "-id")[49].pk}
    # An id no row has, or one past a 64-bit column: nothing to show, never a server error.
    assert auditor_client.get(reverse("audit:index"), {"before": "9" * 30}).status_code == 404
    assert auditor_client.get(reverse("audit:index"), {"before": "999999999"}).status_code == 404
    assert auditor_client.get(reverse("audit:index"), {"before": "²"}).status_code == 200


def test_a_user_is_named_by_login_and_a_consent_by_its_purpose_and_member(party, auditor):
    from tanzim.privacy.services import consent_record
    from tanzim.territory.scope import Scope

    member = make_member("C-1", first_ar="هند", last_ar="العلوي")
    consent_record(
        acting_user=None,
        scope=Scope.everything(),
        member=member,
        purpose="communication",
        channel="paper",
        given_on=dt.date(2025, 1, 5),
    )

    html = page(login(auditor, "fr"), "audit:index", action="consent.record")
    row = cells(html)[0]

    assert "Être contacté" in row[3] or "هند العلوي" in row[3]
    assert "هند العلوي" in row[5] and "Formulaire papier" in row[5] and "05/01/2025" in row[5]
    assert "communication" not in row[5] and "paper" not in row[5]
