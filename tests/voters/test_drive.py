"""The registration drive's figures: statements and their history, eligibility by age, progress per commune
against a target with the days left, the members to call, and the scope every read and write goes through."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from tanzim.audit.models import AuditEntry
from tanzim.members.models import MemberStatus
from tanzim.territory.models import Territory
from tanzim.territory.scope import Scope
from tanzim.voters.models import Registration, Revision, Statement, Status
from tanzim.voters.selectors import (
    call_list,
    current_revision,
    eligible,
    member_registration,
    progress,
    registered_member_ids,
)
from tanzim.voters.services import VotersError, revision_save, status_record, statuses_record, target_set
from tests.members.factories import make_member

from .factories import EVERYTHING, OUED_LAOU, TAOUNATE_COMMUNE, TETOUAN_COMMUNE, TODAY, record, world

TETOUAN = Scope.of("01/01.571/")
TAOUNATE = Scope.of("03/03.531/")


@pytest.fixture
def drive(party):
    w = world()
    m = {
        "a": make_member("V-A", first_ar="أمينة", birth_date=dt.date(1980, 1, 1)),
        "b": make_member("V-B", first_ar="بشرى", birth_date=dt.date(1990, 1, 1)),
        "c": make_member("V-C", first_ar="جمال", birth_date=dt.date(1985, 1, 1)),
        "d": make_member("V-D", first_ar="دنيا"),
        "e": make_member("V-E", first_ar="إدريس", phone="+212661000005"),
        "young": make_member("V-F", first_ar="فاطمة", birth_date=dt.date(2010, 1, 1)),
        "lapsed": make_member("V-G", first_ar="غيثة", status=MemberStatus.LAPSED),
        "oued": make_member("V-H", first_ar="هشام", commune=OUED_LAOU),
        "oued2": make_member("V-I", first_ar="إيمان", commune=OUED_LAOU),
        "q": make_member("V-Q", first_ar="قاسم", commune=TAOUNATE_COMMUNE),
    }
    record(m["a"], Status.NOT_REGISTERED, on=dt.date(2026, 10, 1))
    record(m["a"], Status.REGISTERED, on=dt.date(2026, 11, 15), commune=Territory.objects.get(code=TETOUAN_COMMUNE))
    record(m["b"], Status.REGISTERED)
    record(m["c"], Status.NOT_REGISTERED)
    record(m["d"], Status.UNKNOWN)
    record(m["lapsed"], Status.NOT_REGISTERED)
    record(m["oued"], Status.REGISTERED)
    record(m["q"], Status.REGISTERED)
    target_set(
        acting_user=None,
        scope=EVERYTHING,
        body=w["branch"],
        revision=w["revision"],
        share=80,
        deadline=dt.date(2026, 12, 31),
    )
    return w | {"m": m}


def _line(result, code):
    return next(line for line in result.children if line.place.code == code)


def test_the_revision_calendar_and_who_is_old_enough(drive):
    revision = drive["revision"]
    assert (revision.year, revision.requests_until, revision.closes_on) == (
        2027,
        dt.date(2026, 12, 31),
        dt.date(2027, 3, 31),
    )
    assert (revision.commissions_from, revision.commissions_until) == (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    assert revision.eligibility_cutoff == dt.date(2009, 3, 31)
    assert eligible(dt.date(2009, 3, 31), revision) is True  # 18 on the day the lists close
    assert eligible(dt.date(2009, 4, 1), revision) is False
    assert eligible(None, revision) is None
    assert current_revision(TODAY) == revision
    # The department changes a date: the calendar is data.
    revision_save(acting_user=None, scope=EVERYTHING, year=2027, requests_until=dt.date(2027, 1, 15))
    assert Revision.objects.get(year=2027).requests_until == dt.date(2027, 1, 15)
    with pytest.raises(VotersError) as refused:
        revision_save(acting_user=None, scope=TETOUAN, year=2028)
    assert refused.value.code == "outside_scope"


def test_a_new_statement_supersedes_and_the_old_one_stays(drive):
    a = drive["m"]["a"]
    current, history = member_registration(scope=EVERYTHING, member=a)
    assert current.status == Status.REGISTERED and current.commune.code == TETOUAN_COMMUNE
    assert [s.status for s in history] == [Status.REGISTERED, Status.NOT_REGISTERED]
    # A statement about an older check goes into the history without replacing today's status.
    record(a, Status.NOT_REGISTERED, on=dt.date(2026, 9, 1))
    current, history = member_registration(scope=EVERYTHING, member=a)
    assert current.status == Status.REGISTERED and len(history) == 3
    assert Registration.objects.get(member=a).status == Status.REGISTERED
    rows = AuditEntry.objects.filter(action="voters.record", target_id__in=[str(s.pk) for s in history])
    assert rows.count() == 3


def test_the_drive_per_commune_with_a_target_and_the_days_left(drive):
    result = progress(scope=EVERYTHING, place=Territory.objects.get(code="01.571"), today=TODAY)
    tetouan = _line(result, TETOUAN_COMMUNE)
    # a, b, c, d, e, young and the two heads (members of the commune); the lapsed member does not count.
    assert tetouan.members == 8
    assert tetouan.too_young == 1 and tetouan.eligible == 7
    assert (tetouan.registered, tetouan.not_registered, tetouan.unknown) == (2, 1, 4)
    assert tetouan.birth_unknown == 4  # d, e and the two heads
    assert tetouan.percent == 28  # 2 of 7
    assert tetouan.target.share == 80
    assert tetouan.target_count == 6 and tetouan.still_to_register == 4
    assert tetouan.days_left == 24  # 7 → 31 December
    assert tetouan.target_days_left == 24
    oued = _line(result, OUED_LAOU)
    assert (oued.members, oued.registered, oued.unknown, oued.target) == (2, 1, 1, None)
    assert (result.total.members, result.total.registered, result.total.not_registered) == (10, 3, 1)
    assert result.total.unknown == 5
    assert result.elsewhere is None
    # The whole country: one line per region, Taounate's member in Fès-Meknès.
    national = progress(scope=EVERYTHING, place=None, today=TODAY)
    assert len(national.children) == 12
    assert national.total.registered == 4
    assert _line(national, "03").registered == 1


def test_recording_changes_the_figures(drive):
    e = drive["m"]["e"]
    statuses_record(
        acting_user=None, scope=TETOUAN, members=[e, drive["m"]["d"]], status=Status.REGISTERED, checked_on=TODAY
    )
    tetouan = _line(progress(scope=TETOUAN, place=Territory.objects.get(code="01.571"), today=TODAY), TETOUAN_COMMUNE)
    assert (tetouan.registered, tetouan.unknown, tetouan.still_to_register) == (4, 2, 2)


def test_the_members_to_call(drive):
    place = Territory.objects.get(code=TETOUAN_COMMUNE)
    revision = drive["revision"]
    cards = list(call_list(scope=EVERYTHING, place=place, revision=revision).values_list("card_number", flat=True))
    # Not registered or unknown, old enough, active: c, d, e and the heads.
    assert cards == ["T-BRANCH", "T-HEAD", "V-C", "V-D", "V-E"]
    only_not = call_list(scope=EVERYTHING, place=place, revision=revision, status=Status.NOT_REGISTERED)
    assert [x.card_number for x in only_not] == ["V-C"]
    unknown = call_list(scope=EVERYTHING, place=place, revision=revision, status=Status.UNKNOWN)
    assert [x.card_number for x in unknown] == ["T-BRANCH", "T-HEAD", "V-D", "V-E"]


def test_registered_member_ids_for_the_elections_app(drive):
    m = drive["m"]
    ids = [x.pk for x in m.values()]
    assert registered_member_ids(scope=EVERYTHING, member_ids=ids) == {m["a"].pk, m["b"].pk, m["oued"].pk, m["q"].pk}
    assert registered_member_ids(scope=TETOUAN, member_ids=ids) == {m["a"].pk, m["b"].pk, m["oued"].pk}
    assert registered_member_ids(scope=TETOUAN, member_ids=[]) == set()


def test_bad_input_is_refused_with_a_reason_and_nothing_written(drive):
    e = drive["m"]["e"]
    before = Statement.objects.count()
    cases = [
        ({"status": "maybe"}, "unknown_choice"),
        ({"status": Status.REGISTERED, "source": "neighbour"}, "unknown_choice"),
        ({"status": Status.REGISTERED, "checked_on": timezone.localdate() + dt.timedelta(days=2)}, "future"),
        ({"status": Status.REGISTERED, "commune": Territory.objects.get(code="01.571")}, "not_a_commune"),
        ({"status": Status.NOT_REGISTERED, "commune": Territory.objects.get(code=OUED_LAOU)}, "commune_unregistered"),
    ]
    for kwargs, code in cases:
        with pytest.raises(VotersError) as refused:
            status_record(acting_user=None, scope=EVERYTHING, member=e, **kwargs)
        assert refused.value.code == code
    with pytest.raises(VotersError) as refused:
        target_set(
            acting_user=None,
            scope=EVERYTHING,
            body=drive["branch"],
            revision=drive["revision"],
            share=0,
            deadline=TODAY,
        )
    assert refused.value.code == "bad_share"
    with pytest.raises(VotersError) as refused:
        target_set(
            acting_user=None,
            scope=EVERYTHING,
            body=drive["branch"],
            revision=drive["revision"],
            share=50,
            deadline=dt.date(2027, 6, 1),
        )
    assert refused.value.code == "deadline_after_close"
    assert Statement.objects.count() == before


def test_tetouan_sees_and_writes_nothing_of_taounate(drive):
    q = drive["m"]["q"]
    national = progress(scope=TETOUAN, place=None, today=TODAY)
    assert [line.place.code for line in national.children] == ["01.571"]
    assert national.total.registered == 3  # a, b, oued: not Taounate's
    assert Territory.objects.get(code="03.531").path not in {line.place.path for line in national.children}
    assert not call_list(scope=TETOUAN, place=None, revision=drive["revision"]).filter(pk=q.pk).exists()
    assert member_registration(scope=TETOUAN, member=q) == (None, [])
    before = Statement.objects.filter(member=q).count()
    with pytest.raises(VotersError) as refused:
        status_record(acting_user=None, scope=TETOUAN, member=q, status=Status.NOT_REGISTERED)
    assert refused.value.code == "outside_scope"
    with pytest.raises(VotersError):
        statuses_record(acting_user=None, scope=TETOUAN, members=[drive["m"]["e"], q], status=Status.REGISTERED)
    with pytest.raises(VotersError):
        target_set(
            acting_user=None,
            scope=TETOUAN,
            body=drive["taounate_branch"],
            revision=drive["revision"],
            share=50,
            deadline=TODAY,
        )
    assert Statement.objects.filter(member=q).count() == before
    assert not Statement.objects.filter(member=drive["m"]["e"]).exists()  # the batch wrote none of its members
    assert Registration.objects.get(member=q).status == Status.REGISTERED


def test_the_copy_holds_the_statements_and_the_erasure_removes_them(drive):
    from tanzim.people.dossier import dossier_parts, erase_everywhere

    a = drive["m"]["a"]
    with translation.override("fr"):
        part = dossier_parts(person=a.person, scope=EVERYTHING)["voters"]
    assert [row["Situation d’inscription"] for row in part.rows] == ["Inscrit", "Non inscrit"]
    assert [row["Commune d’inscription"] for row in part.rows] == ["Tétouan", ""]
    assert "voters" not in dossier_parts(person=a.person, scope=TAOUNATE)  # read through the reader's scope
    assert erase_everywhere(person=a.person)["voters"] == {"registration_statements": 2}
    assert not Statement.objects.filter(member=a).exists() and not Registration.objects.filter(member=a).exists()
