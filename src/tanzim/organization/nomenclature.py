"""Nomenclature presets: each party's own words for the same structure.

The structure (which body types exist, their level and parent, which positions exist and their statutory
order) is one model for every party, declared in STRUCTURE_* below. A preset only gives words: body names, the
title of each body's head, position names in both genders, and the parallel organizations' names, in Arabic
and French. `nomenclature_apply` (services) writes a preset into the BodyType, PositionType and Organization
rows; from then on the party edits those rows, and every page, PDF and API answer reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Body types: key → (level, category, parent type key, order)
STRUCTURE_BODY_TYPES: dict[str, tuple[str, str, str | None, int]] = {
    "national_executive": ("national", "executive", None, 10),
    "national_committee": ("national", "council", "national_executive", 20),
    "national_council": ("national", "council", "national_executive", 30),
    "regional_office": ("regional", "executive", "national_executive", 40),
    "provincial_office": ("provincial", "executive", "regional_office", 50),
    "provincial_council": ("provincial", "council", "provincial_office", 60),
    "local_office": ("local", "executive", "provincial_office", 70),
    "sectoral_body": ("national", "sectoral", "national_executive", 80),
    "forum": ("national", "forum", "national_executive", 90),
    "parliamentary_group": ("national", "parliamentary", "national_executive", 100),
}

# Position types: key → (rank, is_head, multi_holder, committee key)
STRUCTURE_POSITIONS: dict[str, tuple[int, bool, bool, str]] = {
    "head": (10, True, False, ""),
    "deputy_head": (20, False, False, ""),
    "treasurer": (30, False, False, ""),
    "deputy_treasurer": (40, False, False, ""),
    "rapporteur": (50, False, False, ""),
    "deputy_rapporteur": (60, False, False, ""),
    "media_officer": (70, False, False, ""),
    "parallel_sectors_committee_chair": (80, False, False, "parallel_sectors"),
    "parallel_sectors_committee_member": (81, False, True, "parallel_sectors"),
    "associative_committee_chair": (90, False, False, "associative_work"),
    "associative_committee_member": (91, False, True, "associative_work"),
    "advisor": (100, False, True, ""),
    "member": (110, False, True, ""),
}


@dataclass(frozen=True)
class Words:
    ar: str
    fr: str
    ar_f: str = ""
    fr_f: str = ""
    plural_ar: str = ""
    plural_fr: str = ""


@dataclass(frozen=True)
class BodyWords:
    name: Words
    head: Words


@dataclass(frozen=True)
class Preset:
    key: str
    title: Words
    body_types: dict[str, BodyWords]
    positions: dict[str, Words]
    organizations: dict[str, Words] = field(default_factory=dict)


# Positions whose words do not change from one party to the next.
_COMMON_POSITIONS: dict[str, Words] = {
    "treasurer": Words("أمين المال", "Trésorier", "أمينة المال", "Trésorière"),
    "deputy_treasurer": Words("نائب أمين المال", "Trésorier adjoint", "نائبة أمين المال", "Trésorière adjointe"),
    "rapporteur": Words("المقرر", "Rapporteur", "المقررة", "Rapporteuse"),
    "deputy_rapporteur": Words("نائب المقرر", "Rapporteur adjoint", "نائبة المقرر", "Rapporteuse adjointe"),
    "media_officer": Words(
        "المكلف بالإعلام والتواصل",
        "Chargé de l'information et de la communication",
        "المكلفة بالإعلام والتواصل",
        "Chargée de l'information et de la communication",
    ),
    "parallel_sectors_committee_chair": Words(
        "مسؤول لجنة التنسيق مع القطاعات الموازية",
        "Responsable de la commission de coordination avec les secteurs parallèles",
        "مسؤولة لجنة التنسيق مع القطاعات الموازية",
    ),
    "parallel_sectors_committee_member": Words(
        "عضو لجنة التنسيق مع القطاعات الموازية",
        "Membre de la commission de coordination avec les secteurs parallèles",
        "عضوة لجنة التنسيق مع القطاعات الموازية",
    ),
    "associative_committee_chair": Words(
        "مسؤول لجنة العمل الجمعوي",
        "Responsable de la commission de l'action associative",
        "مسؤولة لجنة العمل الجمعوي",
    ),
    "associative_committee_member": Words(
        "عضو لجنة العمل الجمعوي",
        "Membre de la commission de l'action associative",
        "عضوة لجنة العمل الجمعوي",
    ),
    "advisor": Words("مستشار", "Conseiller", "مستشارة", "Conseillère", plural_ar="المستشارون", plural_fr="Conseillers"),
    "member": Words("عضو", "Membre", "عضوة", "Membre", plural_ar="الأعضاء", plural_fr="Membres"),
}

# Bodies whose words do not change from one party to the next.
_COMMON_BODIES: dict[str, BodyWords] = {
    "national_council": BodyWords(
        Words("المجلس الوطني", "Conseil national"),
        Words(
            "رئيس المجلس الوطني",
            "Président du conseil national",
            "رئيسة المجلس الوطني",
            "Présidente du conseil national",
        ),
    ),
    "provincial_council": BodyWords(
        Words("المجلس الإقليمي", "Conseil provincial"),
        Words(
            "رئيس المجلس الإقليمي",
            "Président du conseil provincial",
            "رئيسة المجلس الإقليمي",
            "Présidente du conseil provincial",
        ),
    ),
    "sectoral_body": BodyWords(
        Words("القطاع", "Secteur"),
        Words("منسق القطاع", "Coordinateur du secteur", "منسقة القطاع", "Coordinatrice du secteur"),
    ),
    "forum": BodyWords(
        Words("المنتدى", "Forum"),
        Words("رئيس المنتدى", "Président du forum", "رئيسة المنتدى", "Présidente du forum"),
    ),
    "parliamentary_group": BodyWords(
        Words("الفريق البرلماني", "Groupe parlementaire"),
        Words("رئيس الفريق", "Président du groupe", "رئيسة الفريق", "Présidente du groupe"),
    ),
}


def _preset(key, title, bodies, positions, organizations) -> Preset:
    return Preset(
        key=key,
        title=title,
        body_types={**_COMMON_BODIES, **bodies},
        positions={**_COMMON_POSITIONS, **positions},
        organizations=organizations,
    )


KITABA = _preset(
    "kitaba",
    Words("كتابة / كاتب / فرع", "Secrétariat / secrétaire / section"),
    {
        "national_executive": BodyWords(
            Words("المكتب السياسي", "Bureau politique"),
            Words("الكاتب الأول", "Premier secrétaire", "الكاتبة الأولى", "Première secrétaire"),
        ),
        "national_committee": BodyWords(
            Words("اللجنة الإدارية", "Commission administrative"),
            Words(
                "رئيس اللجنة الإدارية",
                "Président de la commission administrative",
                "رئيسة اللجنة الإدارية",
                "Présidente de la commission administrative",
            ),
        ),
        "regional_office": BodyWords(
            Words("الكتابة الجهوية", "Secrétariat régional"),
            Words("الكاتب الجهوي", "Secrétaire régional", "الكاتبة الجهوية", "Secrétaire régionale"),
        ),
        "provincial_office": BodyWords(
            Words("الكتابة الإقليمية", "Secrétariat provincial"),
            Words("الكاتب الإقليمي", "Secrétaire provincial", "الكاتبة الإقليمية", "Secrétaire provinciale"),
        ),
        "local_office": BodyWords(
            Words("الفرع", "Section"),
            Words("كاتب الفرع", "Secrétaire de la section", "كاتبة الفرع", "Secrétaire de la section"),
        ),
    },
    {
        "head": Words("الكاتب", "Secrétaire", "الكاتبة", "Secrétaire"),
        "deputy_head": Words("نائب الكاتب", "Secrétaire adjoint", "نائبة الكاتب", "Secrétaire adjointe"),
    },
    {
        "party": Words("الحزب", "Le parti"),
        "youth": Words("الشبيبة", "Jeunesse"),
        "women": Words("القطاع النسائي", "Secteur féminin"),
    },
)

AMANA = _preset(
    "amana",
    Words("أمانة / أمين / أمانة محلية", "Secrétariat / secrétaire / secrétariat local"),
    {
        "national_executive": BodyWords(
            Words("المكتب السياسي", "Bureau politique"),
            Words("الأمين العام", "Secrétaire général", "الأمينة العامة", "Secrétaire générale"),
        ),
        "national_committee": BodyWords(
            Words("الأمانة العامة", "Secrétariat général"),
            Words("الأمين العام", "Secrétaire général", "الأمينة العامة", "Secrétaire générale"),
        ),
        "regional_office": BodyWords(
            Words("الأمانة الجهوية", "Secrétariat régional"),
            Words("الأمين الجهوي", "Secrétaire régional", "الأمينة الجهوية", "Secrétaire régionale"),
        ),
        "provincial_office": BodyWords(
            Words("الأمانة الإقليمية", "Secrétariat provincial"),
            Words("الأمين الإقليمي", "Secrétaire provincial", "الأمينة الإقليمية", "Secrétaire provinciale"),
        ),
        "local_office": BodyWords(
            Words("الأمانة المحلية", "Secrétariat local"),
            Words("الأمين المحلي", "Secrétaire local", "الأمينة المحلية", "Secrétaire locale"),
        ),
    },
    {
        "head": Words("الأمين", "Secrétaire", "الأمينة", "Secrétaire"),
        "deputy_head": Words("نائب الأمين", "Secrétaire adjoint", "نائبة الأمين", "Secrétaire adjointe"),
    },
    {
        "party": Words("الحزب", "Le parti"),
        "youth": Words("منظمة الشباب", "Organisation des jeunes"),
        "women": Words("منظمة النساء", "Organisation des femmes"),
    },
)

MUFATTISHIYA = _preset(
    "mufattishiya",
    Words("مفتشية / مفتش / فرع", "Inspection / inspecteur / section"),
    {
        "national_executive": BodyWords(
            Words("اللجنة التنفيذية", "Comité exécutif"),
            Words("الأمين العام", "Secrétaire général", "الأمينة العامة", "Secrétaire générale"),
        ),
        "national_committee": BodyWords(
            Words("اللجنة المركزية", "Comité central"),
            Words(
                "رئيس اللجنة المركزية",
                "Président du comité central",
                "رئيسة اللجنة المركزية",
                "Présidente du comité central",
            ),
        ),
        "regional_office": BodyWords(
            Words("المفتشية الجهوية", "Inspection régionale"),
            Words("المفتش الجهوي", "Inspecteur régional", "المفتشة الجهوية", "Inspectrice régionale"),
        ),
        "provincial_office": BodyWords(
            Words("المفتشية الإقليمية", "Inspection provinciale"),
            Words("المفتش الإقليمي", "Inspecteur provincial", "المفتشة الإقليمية", "Inspectrice provinciale"),
        ),
        "local_office": BodyWords(
            Words("الفرع", "Section"),
            Words("كاتب الفرع", "Secrétaire de la section", "كاتبة الفرع", "Secrétaire de la section"),
        ),
    },
    {
        "head": Words("المفتش", "Inspecteur", "المفتشة", "Inspectrice"),
        "deputy_head": Words("نائب المفتش", "Inspecteur adjoint", "نائبة المفتش", "Inspectrice adjointe"),
    },
    {
        "party": Words("الحزب", "Le parti"),
        "youth": Words("الشبيبة", "Jeunesse"),
        "women": Words("منظمة المرأة", "Organisation de la femme"),
    },
)

TANSIQIYA = _preset(
    "tansiqiya",
    Words("تنسيقية / منسق", "Coordination / coordinateur"),
    {
        "national_executive": BodyWords(
            Words("المكتب السياسي", "Bureau politique"),
            Words("الرئيس", "Président", "الرئيسة", "Présidente"),
        ),
        "national_committee": BodyWords(
            Words("اللجنة الوطنية للتنسيق", "Commission nationale de coordination"),
            Words("المنسق الوطني", "Coordinateur national", "المنسقة الوطنية", "Coordinatrice nationale"),
        ),
        "regional_office": BodyWords(
            Words("التنسيقية الجهوية", "Coordination régionale"),
            Words("المنسق الجهوي", "Coordinateur régional", "المنسقة الجهوية", "Coordinatrice régionale"),
        ),
        "provincial_office": BodyWords(
            Words("التنسيقية الإقليمية", "Coordination provinciale"),
            Words("المنسق الإقليمي", "Coordinateur provincial", "المنسقة الإقليمية", "Coordinatrice provinciale"),
        ),
        "local_office": BodyWords(
            Words("التنسيقية المحلية", "Coordination locale"),
            Words("المنسق المحلي", "Coordinateur local", "المنسقة المحلية", "Coordinatrice locale"),
        ),
    },
    {
        "head": Words("المنسق", "Coordinateur", "المنسقة", "Coordinatrice"),
        "deputy_head": Words("نائب المنسق", "Coordinateur adjoint", "نائبة المنسق", "Coordinatrice adjointe"),
    },
    {
        "party": Words("الحزب", "Le parti"),
        "youth": Words("شبيبة الحزب", "Jeunesse du parti"),
        "women": Words("منظمة المرأة", "Organisation de la femme"),
    },
)

PRESETS: dict[str, Preset] = {p.key: p for p in (KITABA, AMANA, MUFATTISHIYA, TANSIQIYA)}

ORGANIZATION_KINDS = {"party": ("party", 0), "youth": ("youth", 10), "women": ("women", 20)}


def preset_choices() -> list[tuple[str, str]]:
    return [(p.key, f"{p.title.ar} — {p.title.fr}") for p in PRESETS.values()]
