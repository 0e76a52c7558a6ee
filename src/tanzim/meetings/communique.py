"""The communiqué (بلاغ) of a meeting, written from its record by fixed templates — never by a language model.

It follows the genre of the party's press reports: a title, the date in words (the day of the week, the Moroccan
month names), the place, who chaired and who framed the meeting with their capacities, who attended (the invited
categories and the body's office), what was discussed item by item, the decisions, and the directives sent down.
Arabic and French; the text is then edited by an official before it is published (communique_services).
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from .documents_read import MeetingRecord, local

MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]
DAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
DAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")

# The invited categories as a communiqué names them, when the app that defines them does not say.
CATEGORY_WORDS: dict[str, tuple[str, str]] = {
    "local_heads": ("المسؤولون المحليون للحزب", "les responsables locaux du parti"),
    "local_secretaries": ("الكتاب المحليون", "les secrétaires locaux"),
    "provincial_heads": ("المسؤولون الإقليميون للحزب", "les responsables provinciaux du parti"),
    "provincial_secretaries": ("كتاب الأقاليم", "les secrétaires provinciaux"),
    "council_presidents": ("رؤساء المجالس الترابية", "les présidents des conseils territoriaux"),
    "territorial_council_presidents": ("رؤساء المجالس الترابية", "les présidents des conseils territoriaux"),
    "parliamentarians": ("برلمانيو الإقليم", "les parlementaires de la province"),
    "members_of_parliament": ("برلمانيو الإقليم", "les parlementaires de la province"),
    "national_council": ("أعضاء المجلس الوطني", "les membres du conseil national"),
    "national_council_members": ("أعضاء المجلس الوطني", "les membres du conseil national"),
    "national_committee": ("أعضاء اللجنة الإدارية", "les membres du comité administratif"),
    "elected": ("منتخبو الحزب", "les élus du parti"),
    "youth": ("ممثلو منظمة الشباب", "des représentants de l'organisation de jeunesse"),
    "women": ("ممثلات منظمة النساء", "des représentantes de l'organisation des femmes"),
}


def date_in_words(moment: dt.datetime | dt.date, language: str) -> str:
    """ "السبت 17 يناير 2026" / "samedi 17 janvier 2026": the day of the week, the day, the month's name, the year."""
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    if language == "fr":
        return f"{DAYS_FR[day.weekday()]} {day.day}{'er' if day.day == 1 else ''} {MONTHS_FR[day.month - 1]} {day.year}"
    return f"{DAYS_AR[day.weekday()]} {day.day} {MONTHS_AR[day.month - 1]} {day.year}"


def _time_words(moment: dt.datetime, language: str) -> str:
    if moment.hour == 0 and moment.minute == 0:
        return ""
    if language == "fr":
        return f"à {moment.hour} h {moment.minute:02d}"
    part = "صباحاً" if moment.hour < 12 else ("زوالاً" if moment.hour < 16 else "مساءً")
    hour = moment.hour if moment.hour <= 12 else moment.hour - 12
    return f"على الساعة {hour}:{moment.minute:02d} {part}"


def _joined(items: list[str], language: str) -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if language == "fr":
        return ", ".join(items[:-1]) + " et " + items[-1]
    return "، ".join(items[:-1]) + "، و" + items[-1]


def _li(name: str) -> str:
    """Arabic "of": ل before a name, لل before its article."""
    return "لل" + name[2:] if name.startswith("ال") else "ل" + name


def _feminine(phrase: str) -> bool:
    first = phrase.split(" ", 1)[0] if phrase else ""
    return first.endswith("ة")


def category_words(key: str, record: MeetingRecord, language: str) -> str:
    """How the communiqué names an invited category: the body's own office, the app's label, or ours."""
    if key == "office":
        with translation.override(language):
            type_name = record.meeting.body.type_name
        return f"les membres de l'instance ({type_name})" if language == "fr" else f"أعضاء {type_name}"
    label = _app_label(key, language)
    if label:
        return label
    words = CATEGORY_WORDS.get(key)
    if words is not None:
        return words[1] if language == "fr" else words[0]
    return key.replace("_", " ")


def _app_label(key: str, language: str) -> str:
    """The label the meetings app gives the category (`meetings.invitations.CATEGORIES`, a mapping of keys to
    labels or to objects with a `label`, or a list of objects with a `key`), when that module exists."""
    try:
        invitations = importlib.import_module("tanzim.meetings.invitations")
    except ImportError:
        return ""
    categories = getattr(invitations, "CATEGORIES", None)
    if isinstance(categories, Mapping):
        found = categories.get(key)
    elif categories is not None:
        found = next((c for c in categories if getattr(c, "key", None) == key), None)
    else:
        found = None
    label = getattr(found, "label", found)
    if label is None or callable(label):
        return ""
    with translation.override(language):
        return str(label)


@dataclass(frozen=True)
class Draft:
    title: str
    text: str


class _Words:
    """The parts of the record a communiqué names, in one language."""

    def __init__(self, record: MeetingRecord, language: str):
        self.record = record
        self.language = language
        self.s = record.snapshot
        meeting = record.meeting
        body = meeting.body
        with translation.override(language):
            self.body_type = body.type_name
            self.place = body.territory.titled_name if body.territory is not None else ""
            self.commune = meeting.commune.titled_name if meeting.commune is not None else ""
            self.commune_bare = meeting.commune.name if meeting.commune is not None else ""
        self.party = record.pick(record.party, language)
        self.kind = record.pick(self.s.get("kind"), language)
        self.starts = local(self.s.get("starts_at"))
        # Decisions that sent directives are said once, as directives, at the end.
        self.sent = {f.decision_id for f in record.followups if f.decision_id is not None}

    def person(self, role: dict[str, Any], *, capacity_first: bool) -> str:
        name = self.record.pick(role.get("name"), self.language)
        capacity = role.get("capacity") or ""
        from_body = self.record.pick(role.get("from_body"), self.language) if role.get("from_body") else ""
        if self.language == "fr" and ARABIC_LETTER.search(capacity):
            capacity = f"au nom de l'instance « {from_body} »" if from_body else ""
        if not capacity and from_body:
            capacity = f"au nom de l'instance « {from_body} »" if self.language == "fr" else f"عن {from_body}"
        if not capacity:
            return name
        if self.language == "fr":
            return f"{name}, {capacity}"
        return f"{capacity} {name}" if capacity_first else f"{name}، {capacity}"

    def roles(self, kind: str) -> list[dict[str, Any]]:
        return [r for r in self.s.get("roles", []) if r.get("role") == kind]


def generate(record: MeetingRecord, language: str) -> Draft:
    """The communiqué of the meeting in `language` ("ar" or "fr"), from its record and its directives."""
    if language == "fr":
        return _french(_Words(record, "fr"))
    return _arabic(_Words(record, "ar"))


def _first_paragraph(text: str) -> str:
    for block in re.split(r"\n\s*\n", text or ""):
        lines = [line.strip().lstrip("-•").strip() for line in block.splitlines() if line.strip()]
        if lines:
            return " ".join(lines)
    return ""


def _end(sentence: str, stop: str = ".") -> str:
    sentence = sentence.rstrip()
    return sentence if sentence.endswith((".", "!", "؟", "?", ":")) else sentence + stop


def _arabic(w: _Words) -> Draft:
    s, record = w.s, w.record
    of_body = f"{_li(w.body_type)} {_li(w.party)}" if w.party else _li(w.body_type)
    where_body = f" ب{w.place}" if w.place else ""
    title = f"بلاغ: انعقاد {w.kind} {of_body}{where_body}"
    paragraphs = []

    when = f"يوم {date_in_words(w.starts, 'ar')}" if w.starts else ""
    at = _time_words(w.starts, "ar") if w.starts else ""
    venue = s.get("venue") or ""
    place_words = ""
    if venue and w.commune_bare and w.commune_bare not in venue:
        place_words = f"ب{venue} ب{w.commune_bare}" if not venue.startswith("ب") else f"{venue} ب{w.commune_bare}"
    elif venue:
        place_words = venue if venue.startswith("ب") else f"ب{venue}"
    elif w.commune:
        place_words = f"ب{w.commune}"
    verb = "انعقدت" if _feminine(w.kind) else "انعقد"
    opening = "، ".join(p for p in (f"{verb} {when}".strip(), at, place_words) if p)
    paragraphs.append(_end(f"{opening}، {w.kind} {of_body}{where_body}"))

    chairs = [w.person(r, capacity_first=True) for r in w.roles("chair")]
    if len(chairs) == 1:
        paragraphs.append(_end(f"وترأس أشغال الاجتماع {chairs[0]}"))
    elif chairs:
        paragraphs.append(_end(f"وترأس أشغال الاجتماع كل من {_joined(chairs, 'ar')}"))
    framers = [w.person(r, capacity_first=False) for r in w.roles("framer")]
    if len(framers) == 1:
        paragraphs.append(_end(f"وأطّر الاجتماع {framers[0]}"))
    elif framers:
        paragraphs.append(_end(f"وأطّر الاجتماع كل من {_joined(framers, 'ar')}"))

    categories = [category_words(key, record, "ar") for key in s.get("categories", [])]
    if "office" not in s.get("categories", []) and any(a.get("category") == "office" for a in s["attendance"]):
        categories.insert(0, category_words("office", record, "ar"))
    if categories:
        paragraphs.append(_end(f"وحضر الاجتماع {_joined(categories, 'ar')}"))
    quorum = s.get("quorum") or {}
    if quorum.get("entitled"):
        reached = quorum["present"] >= quorum["required"]
        paragraphs.append(
            _end(
                f"وسُجّل حضور {quorum['present']} من أصل {quorum['entitled']} من أعضاء {w.body_type}"
                + ("، وهو ما استوفى النصاب القانوني" if reached else "")
            )
        )
    if s.get("opening"):
        paragraphs.append(_end(s["opening"].strip()))

    agenda = s.get("agenda", [])
    if agenda:
        titles = _joined(["«" + i["title"] + "»" for i in agenda], "ar")
        paragraphs.append(_end(f"وتداول المجتمعون في النقاط المدرجة في جدول الأعمال: {titles}"))
    for i, item in enumerate(agenda):
        summary = _first_paragraph(item.get("minutes", ""))
        lead = "ففي" if i == 0 else "وفي"
        if summary:
            paragraphs.append(_end(f"{lead} نقطة «{item['title']}»، {summary}"))
        decisions = _decisions_ar([d for d in item.get("decisions", []) if d.get("id") not in w.sent])
        if decisions:
            paragraphs.append(_end(f"وبخصوص «{item['title']}»، {decisions}"))
    loose = _decisions_ar([d for d in s.get("decisions", []) if d.get("id") not in w.sent])
    if loose:
        paragraphs.append(_end(f"كما {loose}"))

    if record.followups:
        lines = ["وخلص الاجتماع إلى التوجيهات التالية:"]
        for f in record.followups:
            detail = [x for x in (f.recipients, f.due_words or (f"قبل {f.due:%d/%m/%Y}" if f.due else "")) if x]
            lines.append(f"- {f.text.rstrip('.')}" + (f" ({'، '.join(detail)})" if detail else "") + ".")
        paragraphs.append("\n".join(lines))

    paragraphs.append(
        "وفي ختام الاجتماع، تم التأكيد على تتبع تنفيذ هذه المقررات والتوجيهات على مختلف المستويات التنظيمية، "
        "وإشراك المناضلات والمناضلين في إنجازها."
    )
    signature = f"{w.body_type}{where_body}"
    if w.starts:
        signature += f"\n{w.commune_bare or w.place}، في {w.starts:%d/%m/%Y}".replace("\n، ", "\n")
    paragraphs.append(signature)
    return Draft(title=title[:300], text="\n\n".join(paragraphs))


def _decisions_ar(decisions: list[dict[str, Any]]) -> str:
    """The decisions of an item in one sentence, grouped by how they were taken."""
    consensus = [_text(d) for d in decisions if d.get("outcome") == "consensus" and _text(d)]
    parts = []
    if consensus:
        parts.append(f"صادق المجتمعون بالتوافق على {_joined(consensus, 'ar')}")
    for d in decisions:
        if not _text(d):
            continue
        if d.get("outcome") == "adopted":
            votes = f"({d.get('for') or 0} مع، {d.get('against') or 0} ضد، {d.get('abstain') or 0} امتناع)"
            parts.append(f"صادق المجتمعون بعد التصويت {votes} على {_text(d)}")
        elif d.get("outcome") == "postponed":
            parts.append(f"تقرر إرجاء البت في {_text(d)}")
    return "؛ و".join(parts)


def _text(d: dict[str, Any]) -> str:
    return d.get("text", "").strip().rstrip(".")


def _french(w: _Words) -> Draft:
    s, record = w.s, w.record
    body = w.body_type + (f" — {w.place}" if w.place else "")
    party = f" ({w.party})" if w.party else ""
    kind = w.kind[:1].lower() + w.kind[1:] if w.kind else ""
    title = f"Communiqué : {w.kind} — {body}"
    paragraphs = []
    when = f"Le {date_in_words(w.starts, 'fr')}" if w.starts else ""
    at = _time_words(w.starts, "fr") if w.starts else ""
    venue = s.get("venue") or ""
    where = ", ".join(x for x in (venue, w.commune) if x)
    opening = ", ".join(x for x in (when, at, f"à {where}" if where else "") if x)
    paragraphs.append(_end(f"{opening}, l'instance « {body} »{party} a tenu une séance de travail ({kind})"))

    chairs = [w.person(r, capacity_first=True) for r in w.roles("chair")]
    if chairs:
        paragraphs.append(_end(f"La séance a été présidée par {_joined(chairs, 'fr')}"))
    framers = [w.person(r, capacity_first=False) for r in w.roles("framer")]
    if framers:
        paragraphs.append(_end(f"Elle a été encadrée par {_joined(framers, 'fr')}"))
    categories = [category_words(key, record, "fr") for key in s.get("categories", [])]
    if "office" not in s.get("categories", []) and any(a.get("category") == "office" for a in s["attendance"]):
        categories.insert(0, category_words("office", record, "fr"))
    if categories:
        paragraphs.append(_end(f"Y ont pris part {_joined(categories, 'fr')}"))
    quorum = s.get("quorum") or {}
    if quorum.get("entitled"):
        reached = quorum["present"] >= quorum["required"]
        paragraphs.append(
            _end(
                f"{quorum['present']} membres sur {quorum['entitled']} étaient présents"
                + (", le quorum étant atteint" if reached else "")
            )
        )
    agenda = s.get("agenda", [])
    if agenda:
        titles = _joined(["« " + i["title"] + " »" for i in agenda], "fr")
        paragraphs.append(_end(f"L'ordre du jour portait sur les points suivants : {titles}"))
    for item in agenda:
        summary = _first_paragraph(item.get("minutes", ""))
        if summary:
            paragraphs.append(_end(f"Au point « {item['title']} » : {summary}"))
        for d in item.get("decisions", []):
            line = _decision_fr(d) if d.get("id") not in w.sent else ""
            if line:
                paragraphs.append(_end(line))
    for d in s.get("decisions", []):
        line = _decision_fr(d) if d.get("id") not in w.sent else ""
        if line:
            paragraphs.append(_end(line))
    if record.followups:
        lines = ["La réunion a arrêté les orientations suivantes :"]
        for f in record.followups:
            detail = [x for x in (f.recipients, f.due_words or (f"avant le {f.due:%d/%m/%Y}" if f.due else "")) if x]
            lines.append(f"- {f.text.rstrip('.')}" + (f" ({', '.join(detail)})" if detail else "") + ".")
        paragraphs.append("\n".join(lines))
    paragraphs.append(
        "La réunion s'est conclue sur l'engagement de suivre la mise en œuvre de ces décisions et orientations "
        "à tous les niveaux de l'organisation, avec les militantes et les militants."
    )
    signature = body
    if w.starts:
        signature += f"\n{w.commune_bare or w.place}, le {w.starts:%d/%m/%Y}".replace("\n, ", "\n")
    paragraphs.append(signature)
    return Draft(title=title[:300], text="\n\n".join(paragraphs))


def _decision_fr(d: dict[str, Any]) -> str:
    text = d.get("text", "").strip().rstrip(".")
    if not text:
        return ""
    outcome = d.get("outcome")
    if outcome == "consensus":
        return f"Adopté par consensus : {text}"
    if outcome == "adopted":
        return (
            f"Adopté par vote ({d.get('for') or 0} pour, {d.get('against') or 0} contre, "
            f"{d.get('abstain') or 0} abstentions) : {text}"
        )
    if outcome == "postponed":
        return f"Reporté : {text}"
    return ""
