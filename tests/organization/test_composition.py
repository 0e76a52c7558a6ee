"""Paste a composition: an office read out of a press text, pair by pair, and nothing read out of prose."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from hypothesis import given
from hypothesis import strategies as st

from tanzim.organization import selectors
from tanzim.organization.composition import extract_office, extract_office_for_party
from tanzim.organization.models import PositionType
from tanzim.organization.nomenclature import PRESETS, Words


def pairs(text, **kw):
    return [(f.line, f.name, f.position_text, f.position_key) for f in extract_office(text, **kw).positions]


TETOUAN_OFFICE = [
    (4, "محمد الزكاري العمراني", "كاتبا للفرع", "head"),
    (5, "الأمين مشبال", "نائبه", "deputy_head"),
    (6, "كريمة أحكان", "أمينة المال", "treasurer"),
    (6, "بلال سلوان", "نائبها", "deputy_treasurer"),
    (7, "مروان المرابط", "المقرر", "rapporteur"),
    (7, "طارق وكيلي عسراوي", "نائبه", "deputy_rapporteur"),
    (8, "فادي وكيلي عسراوي", "المكلف بالإعلام والتواصل", "media_officer"),
    (9, "عز الدين الشطاطبي", "لجنة التنسيق مع القطاعات الموازية", "parallel_sectors_committee_chair"),
    (10, "احرادة رشيد", "لجنة العمل الجمعوي", "associative_committee_chair"),
    (11, "محمد حنين", "المستشارون", "advisor"),
    (11, "فاطمة اطنين", "المستشارون", "advisor"),
    (11, "عبد المالك الحطري", "المستشارون", "advisor"),
    (11, "عبد الإلاه الخليفي", "المستشارون", "advisor"),
    (11, "رجاء الشيخي", "المستشارون", "advisor"),
    (11, "سهيلة السعيدي", "المستشارون", "advisor"),
    (11, "عبد العزيز حيوش", "المستشارون", "advisor"),
]


# --- the seeds --------------------------------------------------------------------------------------------------


def test_the_tetouan_branch_office_is_read_pair_by_pair_and_the_coopted_cadres_are_not(corpus):
    text = (corpus / "seeds" / "tetouan-branch-renewal.txt").read_text(encoding="utf-8")
    result = extract_office(text)
    assert pairs(text) == TETOUAN_OFFICE
    assert result.unmatched_lines == []
    # Line 2 profiles ten co-opted cadres ("محمد كمال مهدي: محام ومستشار جماعي…"): none of it is an office.
    profiles = text.splitlines()[1]
    assert "محمد كمال مهدي" in profiles and "مستشار جماعي" in profiles
    assert all(f.line >= 4 for f in result.positions)
    assert not {"محمد كمال مهدي", "محمد أرحو", "خليل الحضري", "أنس اليملاحي"} & {f.name for f in result.positions}


def test_the_cadres_profiles_one_per_line_are_still_not_positions(corpus):
    text = (corpus / "seeds" / "tetouan-branch-renewal.txt").read_text(encoding="utf-8")
    profiles = text.splitlines()[1].replace(". ", ".\n")
    assert len(profiles.splitlines()) > 5
    assert extract_office(profiles).positions == []


@pytest.mark.parametrize("seed", ["taounate-provincial-meeting.txt", "rabat-sale-kenitra-regional-meeting.txt"])
def test_reports_without_a_composition_give_nothing(corpus, seed):
    """Meeting reports: leaders named in sentences ("وترأس الاجتماع الأمين الجهوي…") are prose, not an office."""
    result = extract_office((corpus / "seeds" / seed).read_text(encoding="utf-8"))
    assert result.positions == []
    assert result.unmatched_lines == []


# --- texts in the same genre ------------------------------------------------------------------------------------


def test_a_local_secretariat_with_bullets_honorifics_and_a_list_joined_by_waw():
    text = """أسفر الجمع العام عن انتخاب الأمانة المحلية لجماعة عين عائشة على الشكل التالي:
- الأمين المحلي: السيد محمد بنعلي
- نائب الأمين: الأخ رشيد الفاسي
- أمين المال: ذ. سعاد العلمي
- نائبة أمين المال: حنان الإدريسي
- المقررة: نادية الخطيب
- الأعضاء: يوسف التازي، مريم بناني وعمر السلاوي"""
    assert pairs(text) == [
        (2, "محمد بنعلي", "الأمين المحلي", "head"),
        (3, "رشيد الفاسي", "نائب الأمين", "deputy_head"),
        (4, "سعاد العلمي", "أمين المال", "treasurer"),
        (5, "حنان الإدريسي", "نائبة أمين المال", "deputy_treasurer"),
        (6, "نادية الخطيب", "المقررة", "rapporteur"),
        (7, "يوسف التازي", "الأعضاء", "member"),
        (7, "مريم بناني", "الأعضاء", "member"),
        (7, "عمر السلاوي", "الأعضاء", "member"),
    ]
    assert extract_office(text).unmatched_lines == []


def test_a_coordination_numbered_in_every_style_with_feminine_and_accusative_forms():
    text = """1. المنسقة المحلية : فاطمة الزهراء الكتاني
2. منسقا محليا مساعدا: خالد بوزيد
3) المسؤول المالي : عبد الرحيم المنصوري
٤- المكلف بالتواصل : هشام الطاهري
5- المستشارات: سلمى الناصري، ليلى الغماري"""
    assert pairs(text) == [
        (1, "فاطمة الزهراء الكتاني", "المنسقة المحلية", "head"),
        (2, "خالد بوزيد", "منسقا محليا مساعدا", "deputy_head"),
        (3, "عبد الرحيم المنصوري", "المسؤول المالي", "treasurer"),
        (4, "هشام الطاهري", "المكلف بالتواصل", "media_officer"),
        (5, "سلمى الناصري", "المستشارات", "advisor"),
        (5, "ليلى الغماري", "المستشارات", "advisor"),
    ]


def test_a_whole_office_on_one_line_position_first():
    text = (
        "كاتب الفرع: أحمد الحداد، نائبه: سعيد النجار، أمين المال: إدريس الشاوي، المقرر: مصطفى الهواري، "
        "المستشارون: عمر القادري وكريم الطويل"
    )
    assert pairs(text) == [
        (1, "أحمد الحداد", "كاتب الفرع", "head"),
        (1, "سعيد النجار", "نائبه", "deputy_head"),
        (1, "إدريس الشاوي", "أمين المال", "treasurer"),
        (1, "مصطفى الهواري", "المقرر", "rapporteur"),
        (1, "عمر القادري", "المستشارون", "advisor"),
        (1, "كريم الطويل", "المستشارون", "advisor"),
    ]


def test_pairs_without_colons_position_before_or_after_the_name():
    text = """محمد العثماني كاتبا للفرع، وعبد الله الرحماني نائبا له
خديجة الأنصاري أمينة للمال ونائبتها زينب بنعيسى
الكاتب الإقليمي محمد الحجيرة
نائبه الأول عبد اللطيف التازي
الكاتب المحلي محمد العلوي، النائب أحمد الناصري، أمين المال السيدة نجاة بنعلي، مستشاران: عمر التازي و هشام الفاسي"""
    assert pairs(text) == [
        (1, "محمد العثماني", "كاتبا للفرع", "head"),
        (1, "عبد الله الرحماني", "نائبا له", "deputy_head"),
        (2, "خديجة الأنصاري", "أمينة للمال", "treasurer"),
        (2, "زينب بنعيسى", "نائبتها", "deputy_treasurer"),
        (3, "محمد الحجيرة", "الكاتب الإقليمي", "head"),
        (4, "عبد اللطيف التازي", "نائبه الأول", "deputy_head"),
        (5, "محمد العلوي", "الكاتب المحلي", "head"),
        (5, "أحمد الناصري", "النائب", "deputy_head"),
        (5, "نجاة بنعلي", "أمين المال", "treasurer"),
        (5, "عمر التازي", "مستشاران", "advisor"),
        (5, "هشام الفاسي", "مستشاران", "advisor"),
    ]


def test_several_pairs_on_a_line_with_colons_only():
    assert pairs("الكاتب: محمد العلوي النائب: أحمد الناصري المقرر: سعيد التازي") == [
        (1, "محمد العلوي", "الكاتب", "head"),
        (1, "أحمد الناصري", "النائب", "deputy_head"),
        (1, "سعيد التازي", "المقرر", "rapporteur"),
    ]
    assert pairs("محمد العلوي: الكاتب أحمد الناصري: النائب") == [
        (1, "محمد العلوي", "الكاتب", "head"),
        (1, "أحمد الناصري", "النائب", "deputy_head"),
    ]


def test_an_association_style_office_headed_by_a_president():
    """Under a president, "الكاتب العام" is the secretary who keeps the minutes: the rapporteur."""
    text = """الرئيسة: سميرة السوسي
نائب الرئيسة: جمال الدكالي
الكاتب العام: ياسين الحداد
نائب الكاتب العام: أنس الطاهري
أمينة المال: هند بوعزة"""
    assert pairs(text) == [
        (1, "سميرة السوسي", "الرئيسة", "head"),
        (2, "جمال الدكالي", "نائب الرئيسة", "deputy_head"),
        (3, "ياسين الحداد", "الكاتب العام", "rapporteur"),
        (4, "أنس الطاهري", "نائب الكاتب العام", "deputy_rapporteur"),
        (5, "هند بوعزة", "أمينة المال", "treasurer"),
    ]
    # Without a president the general secretary heads the office.
    assert pairs("الكاتب العام: ياسين الحداد\nنائبه: أنس الطاهري") == [
        (1, "ياسين الحداد", "الكاتب العام", "head"),
        (2, "أنس الطاهري", "نائبه", "deputy_head"),
    ]


def test_a_french_composition():
    text = """Composition du bureau de la section :
Secrétaire : Mohamed Alaoui
Karim Bennani : secrétaire adjoint
Trésorière : Mme Salma Idrissi
Rapporteur: Youssef Tazi ; son adjoint : Omar Fassi
Chargée de la communication - Leila Aït-Ali
Conseillers : Amine Chraibi, Nadia Berrada et Hamza Kettani"""
    assert pairs(text) == [
        (2, "Mohamed Alaoui", "Secrétaire", "head"),
        (3, "Karim Bennani", "secrétaire adjoint", "deputy_head"),
        (4, "Salma Idrissi", "Trésorière", "treasurer"),
        (5, "Youssef Tazi", "Rapporteur", "rapporteur"),
        (5, "Omar Fassi", "son adjoint", "deputy_rapporteur"),
        (6, "Leila Aït-Ali", "Chargée de la communication", "media_officer"),
        (7, "Amine Chraibi", "Conseillers", "advisor"),
        (7, "Nadia Berrada", "Conseillers", "advisor"),
        (7, "Hamza Kettani", "Conseillers", "advisor"),
    ]


def test_a_position_alone_on_its_line_takes_the_names_below_it():
    text = """المستشارون:
محمد حنين
فاطمة اطنين

عبد العزيز حيوش
وجرى اللقاء في جو من المسؤولية والحماس."""
    assert pairs(text) == [
        (2, "محمد حنين", "المستشارون", "advisor"),
        (3, "فاطمة اطنين", "المستشارون", "advisor"),
        (5, "عبد العزيز حيوش", "المستشارون", "advisor"),
    ]
    assert extract_office(text).unmatched_lines == []


def test_diacritics_tatweel_spaces_dashes_and_parentheses():
    text = """مُحَمَّد  الـعـلـوي  :  الكاتـب المحلـي
أمينةُ الإدريسي : أمينةُ المال
صلاح الدين بوزيد ـــ المقرر
حسن البقالي (المكلف بالإعلام)
عضوان: فاطمة الزهراء بنعلي وعبد الإله التازي"""
    assert pairs(text) == [
        (1, "مُحَمَّد الـعـلـوي", "الكاتـب المحلـي", "head"),
        (2, "أمينةُ الإدريسي", "أمينةُ المال", "treasurer"),
        (3, "صلاح الدين بوزيد", "المقرر", "rapporteur"),
        (4, "حسن البقالي", "المكلف بالإعلام", "media_officer"),
        (5, "فاطمة الزهراء بنعلي", "عضوان", "member"),
        (5, "عبد الإله التازي", "عضوان", "member"),
    ]


def test_names_joined_by_waw_split_only_between_whole_names():
    text = "المستشارون: محمد حنين، فاطمة اطنين، وعبد العزيز حيوش و سهيلة السعيدي، ووليد بنعلي، وليد التازي"
    assert [name for _line, name, _text, _key in pairs(text)] == [
        "محمد حنين",
        "فاطمة اطنين",
        "عبد العزيز حيوش",
        "سهيلة السعيدي",
        "وليد بنعلي",
        "وليد التازي",
    ]
    # A و inside a name is not a list: "طارق وكيلي عسراوي" is one person.
    assert pairs("الأعضاء: طارق وكيلي عسراوي") == [(1, "طارق وكيلي عسراوي", "الأعضاء", "member")]


def test_members_and_committees():
    text = """أعضاء المكتب: حسن الإدريسي، نبيل العمراني
سناء الفاسي: عضوة
كمال الشرقاوي: عضوا بالمكتب المحلي
المكلفة بالعمل الجمعوي: سارة الحسني
عضو لجنة العمل الجمعوي: ياسين العلوي
مسؤول لجنة التنسيق مع القطاعات الموازية: رضا الصنهاجي"""
    assert pairs(text) == [
        (1, "حسن الإدريسي", "أعضاء المكتب", "member"),
        (1, "نبيل العمراني", "أعضاء المكتب", "member"),
        (2, "سناء الفاسي", "عضوة", "member"),
        (3, "كمال الشرقاوي", "عضوا بالمكتب المحلي", "member"),
        (4, "سارة الحسني", "المكلفة بالعمل الجمعوي", "associative_committee_chair"),
        (5, "ياسين العلوي", "عضو لجنة العمل الجمعوي", "associative_committee_member"),
        (6, "رضا الصنهاجي", "مسؤول لجنة التنسيق مع القطاعات الموازية", "parallel_sectors_committee_chair"),
    ]


def test_a_first_name_that_is_also_a_position_word():
    """Amine, Amina and Lamine are names: beside a colon the position is the side that is all position."""
    assert pairs("أمينة العلوي: أمينة المال\nالأمين: أمين بوزيد\nالمستشارون: أمين التازي، أمينة") == [
        (1, "أمينة العلوي", "أمينة المال", "treasurer"),
        (2, "أمين بوزيد", "الأمين", "head"),
        (3, "أمين التازي", "المستشارون", "advisor"),
        (3, "أمينة", "المستشارون", "advisor"),
    ]


def test_a_secretariat_with_a_financial_secretary_and_members_introduced_by_kull_man():
    text = """وأسفرت عملية الانتخاب عن تشكيل الكتابة المحلية على النحو التالي:
الكاتب المحلي: الأخ عبد الرحيم الشيخي
نائب الكاتب المحلي: الأخ محمد أمين الإدريسي
الكاتب المالي: الأخ سعيد بوزيد
المكلف بالتنظيم: الأخ رضا العلوي
وعضوية كل من: الأخت نعيمة الشاوي، الأخ يونس الحداد والأخ حميد النجار"""
    result = extract_office(text)
    assert pairs(text) == [
        (2, "عبد الرحيم الشيخي", "الكاتب المحلي", "head"),
        (3, "محمد أمين الإدريسي", "نائب الكاتب المحلي", "deputy_head"),
        (4, "سعيد بوزيد", "الكاتب المالي", "treasurer"),
        (6, "نعيمة الشاوي", "وعضوية", "member"),
        (6, "يونس الحداد", "وعضوية", "member"),
        (6, "حميد النجار", "وعضوية", "member"),
    ]
    # The structure has no organisation officer: a person decides where he sits.
    assert result.unmatched_lines == ["المكلف بالتنظيم: الأخ رضا العلوي"]


def test_a_provincial_coordination_with_arabic_letter_bullets_and_an_assistant():
    text = """المنسق الإقليمي: عزيز الطاهري
المنسق الإقليمي المساعد: محمد الحسني
أ- أمين المال: كمال الغماري
ب- نائبه: سمير الأنصاري"""
    assert pairs(text) == [
        (1, "عزيز الطاهري", "المنسق الإقليمي", "head"),
        (2, "محمد الحسني", "المنسق الإقليمي المساعد", "deputy_head"),
        (3, "كمال الغماري", "أمين المال", "treasurer"),
        (4, "سمير الأنصاري", "نائبه", "deputy_treasurer"),
    ]


def test_a_composition_inside_a_paragraph_after_its_introduction():
    text = (
        "وقد أسفرت أشغال الجمع العام عن انتخاب المكتب الجديد على الشكل التالي: محمد العلوي كاتبا للفرع، أحمد "
        "الناصري نائبا له، سعاد بناني أمينة للمال، يوسف التازي نائبا لها، نادية الخطيب مقررة، والمستشارون: عمر "
        "القادري، كريم الطويل."
    )
    assert pairs(text) == [
        (1, "محمد العلوي", "كاتبا للفرع", "head"),
        (1, "أحمد الناصري", "نائبا له", "deputy_head"),
        (1, "سعاد بناني", "أمينة للمال", "treasurer"),
        (1, "يوسف التازي", "نائبا لها", "deputy_treasurer"),
        (1, "نادية الخطيب", "مقررة", "rapporteur"),
        (1, "عمر القادري", "المستشارون", "advisor"),
        (1, "كريم الطويل", "المستشارون", "advisor"),
    ]
    assert extract_office(text).unmatched_lines == []


def test_a_table_pasted_with_tabs_and_pairs_run_together_with_waw():
    assert pairs("الاسم\tالمهمة\nمحمد العلوي\tالكاتب المحلي\nأحمد الناصري\tنائب الكاتب") == [
        (2, "محمد العلوي", "الكاتب المحلي", "head"),
        (3, "أحمد الناصري", "نائب الكاتب", "deputy_head"),
    ]
    assert pairs("محمد العلوي مستشارا وسعيد التازي مستشارا و هشام الفاسي عضوا") == [
        (1, "محمد العلوي", "مستشارا", "advisor"),
        (1, "سعيد التازي", "مستشارا", "advisor"),
        (1, "هشام الفاسي", "عضوا", "member"),
    ]
    # A position word ends a name only as a family name (الكاتب).
    assert pairs("محمد الكاتب: أمين المال") == [(1, "محمد الكاتب", "أمين المال", "treasurer")]


def test_a_long_paste_is_read_in_linear_time():
    """Pairs joined by و over thousands of words once overflowed the stack; prose is skipped quickly."""
    text = " و".join(["محمد العلوي مستشارا"] * 1500) + "\n" + " ".join(["كلمة"] * 20000)
    assert len(extract_office(text).positions) == 1500


# --- what is not read -------------------------------------------------------------------------------------------


def test_profiles_are_never_positions_and_short_ones_are_reported():
    text = """محمد كمال مهدي: محام ومستشار جماعي ووكيل لائحة الحزب بجماعة تطوان
سعيد البقالي: مستشار جماعي
رشيد العلمي: عضو المجلس الجماعي
أنس اليملاحي : كاتب جهوي للشبيبة الإتحادية
خالد الوزاني: رئيس جماعة مرتيل
"""
    text += "وترأس الاجتماع الأمين الجهوي للحزب الدكتور محمد الحجيرة والأمين الإقليمي للحزب الدكتور محمد النجاري."
    result = extract_office(text)
    assert result.positions == []
    # Short "name: …" lines look like composition lines, so a person checks them; the sentence does not.
    assert result.unmatched_lines == text.splitlines()[:5]


def test_unread_parts_of_a_composition_are_reported_with_their_line():
    text = """محمد العلوي: الكاتب المحلي
المكلف بالتنظيم: رشيد بناني
فادي وكيلي: المكلف بالإعلام والتواصل
طارق بنعلي: نائبه
- نوال الشاوي
المقرر: سعيد التازي، المكلف بالشباب: هشام العمراني
تجديد مكتب فرع الحزب بمرتيل"""
    result = extract_office(text)
    assert [(f.line, f.name, f.position_key) for f in result.positions] == [
        (1, "محمد العلوي", "head"),
        (3, "فادي وكيلي", "media_officer"),
        (6, "سعيد التازي", "rapporteur"),
    ]
    # A portfolio the structure has no position for, the deputy of a position that has none, a name alone
    # after a bullet, and a line read only in part; a title is not a composition line.
    assert result.unmatched_lines == [
        "المكلف بالتنظيم: رشيد بناني",
        "طارق بنعلي: نائبه",
        "- نوال الشاوي",
        "المقرر: سعيد التازي، المكلف بالشباب: هشام العمراني",
    ]


def test_as_json_is_exactly_the_documented_shape():
    result = extract_office("محمد العلوي: الكاتب\nنائبه: ??")
    assert result.as_json() == {
        "positions": [{"name": "محمد العلوي", "position_text": "الكاتب", "position_key": "head", "line": 1}],
        "unmatched_lines": ["نائبه: ??"],
    }


@given(st.text(alphabet=st.sampled_from(list("محمد الكاتب:،و-\n.نائبه() ـَAbc1٢")), max_size=200))
def test_no_text_breaks_the_reader(text):
    result = extract_office(text)
    assert all(f.name and f.position_key and f.line >= 1 for f in result.positions)
    json.dumps(result.as_json(), ensure_ascii=False)


# --- the party's own words --------------------------------------------------------------------------------------


def test_words_given_by_the_caller_are_read():
    text = "رضا الصنهاجي: مسؤول الدعاية والنشر"
    assert pairs(text) == []
    assert pairs(text, nomenclature={"media_officer": ["مسؤول الدعاية والنشر"]}) == [
        (1, "رضا الصنهاجي", "مسؤول الدعاية والنشر", "media_officer")
    ]
    assert pairs(text, nomenclature={"media_officer": Words("مسؤول الدعاية والنشر", "Propagande")}) == pairs(
        text, nomenclature={"media_officer": ["مسؤول الدعاية والنشر"]}
    )
    assert pairs("الكاتب: محمد العلوي", nomenclature=PRESETS["amana"]) == [(1, "محمد العلوي", "الكاتب", "head")]


def test_the_party_s_edited_position_names_are_read_from_the_database(party):
    media = PositionType.objects.get(key="media_officer")
    media.name_ar, media.name_ar_f = "مسؤول الدعاية والنشر", "مسؤولة الدعاية والنشر"
    media.save()
    text = "رضا الصنهاجي: مسؤولة الدعاية والنشر\nمحمد العلوي: كاتبا للفرع"
    assert [(f.name, f.position_key) for f in extract_office_for_party(text).positions] == [
        ("رضا الصنهاجي", "media_officer"),
        ("محمد العلوي", "head"),
    ]
    assert [f.position_key for f in extract_office(text).positions] == ["head"]


def test_without_a_database_the_presets_are_used(monkeypatch):
    def unavailable():
        raise OperationalError("no such table: organization_positiontype")

    monkeypatch.setattr(selectors, "position_type_list", unavailable)
    assert [f.position_key for f in extract_office_for_party("محمد العلوي: كاتبا للفرع").positions] == ["head"]


# --- the command ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_prints_the_json_object(corpus):
    out = io.StringIO()
    call_command("extract_office", str(corpus / "seeds" / "tetouan-branch-renewal.txt"), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"positions", "unmatched_lines"}
    assert [(p["line"], p["name"], p["position_text"], p["position_key"]) for p in data["positions"]] == TETOUAN_OFFICE
    assert data["unmatched_lines"] == []
    assert "محمد الزكاري العمراني" in out.getvalue()  # ensure_ascii=False: the Arabic is readable


@pytest.mark.django_db
def test_the_command_prints_a_table(tmp_path):
    path = tmp_path / "office.txt"
    path.write_text("\ufeffمحمد العلوي: الكاتب المحلي\nالمكلف بالتنظيم: رشيد بناني\n", encoding="utf-8")
    out = io.StringIO()
    call_command("extract_office", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert "محمد العلوي" in lines[1] and "head" in lines[1] and "الكاتب المحلي" in lines[1]
    assert "المكلف بالتنظيم: رشيد بناني" in lines[-1]


def test_the_command_refuses_a_missing_or_non_utf8_file(tmp_path):
    with pytest.raises(CommandError, match=r"missing\.txt"):
        call_command("extract_office", str(tmp_path / "missing.txt"))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Trésorière : Salma".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("extract_office", str(latin1))
