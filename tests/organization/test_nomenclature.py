"""A party's own words reach every page: the same structure, named by the preset chosen at set-up."""

import datetime as dt

import pytest
from django.urls import reverse

from tanzim.organization.errors import ErrorCode, OrganizationError
from tanzim.organization.models import BodyType, PositionType
from tanzim.organization.nomenclature import PRESETS, STRUCTURE_BODY_TYPES, STRUCTURE_POSITIONS
from tanzim.organization.services import Seat, nomenclature_apply, office_renew
from tanzim.people.models import Gender
from tests.organization.factories import make_body
from tests.people.factories import PersonFactory


def test_every_preset_names_every_body_type_and_position_in_both_languages():
    for preset in PRESETS.values():
        assert set(preset.body_types) == set(STRUCTURE_BODY_TYPES), preset.key
        assert set(preset.positions) == set(STRUCTURE_POSITIONS), preset.key
        for words in preset.body_types.values():
            assert words.name.ar and words.name.fr and words.head.ar and words.head.fr
        for words in preset.positions.values():
            assert words.ar and words.fr
        assert {"party", "youth", "women"} <= set(preset.organizations)


@pytest.fixture
def renewed_branch(party):
    province = make_body("provincial_office", "01.571")
    branch = make_body("local_office", "01.571.01.11", parent=province)
    positions = {p.key: p for p in PositionType.objects.all()}
    office_renew(
        acting_user=None,
        body=branch,
        held_on=dt.date(2025, 1, 19),
        seats=[
            Seat(positions["head"], PersonFactory(first_name_ar="يوسف", last_name_ar="المرابط")),
            Seat(
                positions["treasurer"], PersonFactory(first_name_ar="كريمة", last_name_ar="بناني", gender=Gender.FEMALE)
            ),
        ],
    )
    return branch


@pytest.mark.parametrize(
    ("preset", "ar_words", "fr_words"),
    [
        (
            "kitaba",
            ["الفرع — تطوان", "كاتب الفرع", "أمينة المال", "الكتابة الإقليمية"],
            ["Section — Tétouan", "Secrétaire de la section", "Trésorière"],
        ),
        (
            "amana",
            ["الأمانة المحلية — تطوان", "الأمين المحلي", "أمينة المال", "الأمانة الإقليمية"],
            ["Secrétariat local — Tétouan", "Secrétaire local", "Trésorière"],
        ),
        (
            "mufattishiya",
            ["الفرع — تطوان", "كاتب الفرع", "المفتشية الإقليمية"],
            ["Section — Tétouan", "Inspection provinciale"],
        ),
        (
            "tansiqiya",
            ["التنسيقية المحلية — تطوان", "المنسق المحلي", "التنسيقية الإقليمية"],
            ["Coordination locale — Tétouan", "Coordinateur local"],
        ),
    ],
)
def test_the_preset_reaches_the_rendered_body_page(client, admin_user, renewed_branch, preset, ar_words, fr_words):
    # when the party switches to this preset
    nomenclature_apply(acting_user=None, preset=preset)
    client.force_login(admin_user)
    url = reverse("organization:detail", args=[renewed_branch.pk])
    # then the Arabic page and the French page use its words
    client.cookies["django_language"] = "ar"
    html_ar = client.get(url).content.decode()
    for word in ar_words:
        assert word in html_ar, word
    client.cookies["django_language"] = "fr"
    html_fr = client.get(url).content.decode()
    for word in fr_words:
        assert word in html_fr, word


def test_switching_presets_renames_without_touching_the_structure(renewed_branch):
    types_before = list(BodyType.objects.values_list("pk", "key", "level"))
    nomenclature_apply(acting_user=None, preset="amana")
    assert list(BodyType.objects.values_list("pk", "key", "level")) == types_before
    renewed_branch.refresh_from_db()
    assert BodyType.objects.get(key="local_office").name_ar == "الأمانة المحلية"
    assert renewed_branch.mandates.filter(end_date__isnull=True).count() == 2


def test_an_edited_word_is_what_the_page_shows(client_ar, renewed_branch):
    BodyType.objects.filter(key="local_office").update(name_ar="مكتب الفرع", head_title_ar="الكاتب المحلي")
    html = client_ar.get(reverse("organization:detail", args=[renewed_branch.pk])).content.decode()
    assert "مكتب الفرع — تطوان" in html and "الكاتب المحلي" in html


def test_an_unknown_preset_is_refused(party):
    with pytest.raises(OrganizationError) as refused:
        nomenclature_apply(acting_user=None, preset="nope")
    assert refused.value.code == ErrorCode.UNKNOWN_PRESET


def test_the_seed_reports_speak_the_words_of_two_presets(corpus):
    """The two parties of the seeds: USFP-like words in Tétouan and Rabat, PAM-like words in Taounate."""
    tetouan = (corpus / "seeds" / "tetouan-branch-renewal.txt").read_text(encoding="utf-8")
    taounate = (corpus / "seeds" / "taounate-provincial-meeting.txt").read_text(encoding="utf-8")
    rabat = (corpus / "seeds" / "rabat-sale-kenitra-regional-meeting.txt").read_text(encoding="utf-8")
    kitaba, amana = PRESETS["kitaba"], PRESETS["amana"]
    assert kitaba.body_types["provincial_office"].name.ar in tetouan
    assert kitaba.body_types["regional_office"].name.ar in rabat
    assert kitaba.body_types["national_committee"].name.ar in rabat
    assert amana.body_types["provincial_office"].name.ar in taounate
    assert amana.body_types["regional_office"].head.ar in taounate
    assert amana.body_types["provincial_office"].head.ar in taounate


def test_every_position_of_the_tetouan_renewal_has_a_position_type(corpus):
    """Each line of the branch office the Tétouan report lists maps to a position of the kitaba preset."""
    text = (corpus / "seeds" / "tetouan-branch-renewal.txt").read_text(encoding="utf-8")
    office = text[text.index("كاتبا للفرع") - 40 :]
    words = PRESETS["kitaba"].positions
    expected = {
        "treasurer": words["treasurer"].ar_f,  # أمينة المال
        "rapporteur": words["rapporteur"].ar,  # المقرر
        "media_officer": words["media_officer"].ar,  # المكلف بالإعلام والتواصل
        "advisor": words["advisor"].plural_ar,  # المستشارون
    }
    for key, word in expected.items():
        assert word in office, key
    for committee in ("لجنة التنسيق مع القطاعات الموازية", "لجنة العمل الجمعوي"):
        assert committee in office
        assert any(committee in w.ar for w in words.values())
