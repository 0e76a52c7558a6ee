"""A meeting's documents as PDF: the minutes, the attendance sheet, the communiqué.

Drawn by WeasyPrint from templates (meetings/documents/*_pdf.html) with their CSS inline and the system's DejaVu
Sans (Debian's fonts-dejavu-core, which has Arabic), as the right-of-access copy is: every URL is refused, so
rendering never reaches the network or the file system. Right to left in Arabic, left to right in French; the
party's name and the body on top of every document, the page number at the foot of every page.
"""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from tanzim.privacy.documents import _refusing_fetcher

from .communique import category_words, date_in_words
from .documents_read import MeetingRecord, local
from .models import AttendanceStatus, Communique, DecisionOutcome, MajorityBase, MeetingRoleKind

GROUP_ORDER = [
    AttendanceStatus.PRESENT,
    AttendanceStatus.REPRESENTED,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
    AttendanceStatus.INVITED,
]


STRONG = re.compile(r"[A-Za-z\u00C0-\u024F\u0590-\u08FF]")


def direction(text: str) -> str:
    """The direction of typed text, from its first strong letter (what dir="auto" would decide)."""
    first = STRONG.search(text or "")
    return "rtl" if first is not None and first.group() >= "\u0590" else "ltr"


def text_blocks(text: str) -> list[dict[str, Any]]:
    """Minutes as typed → paragraphs and lists: a blank line between paragraphs, "- " at the start of a list line.
    The template escapes every piece, so nothing typed becomes markup."""
    blocks: list[dict[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.rstrip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        current: dict[str, Any] | None = None
        for line in lines:
            item = re.match(r"^\s*[-•*]\s+(.*)$", line)
            if item:
                if current is None or current["kind"] != "list":
                    current = {"kind": "list", "items": [], "dir": direction(chunk)}
                    blocks.append(current)
                current["items"].append(item.group(1))
            else:
                if current is None or current["kind"] != "paragraph":
                    current = {"kind": "paragraph", "lines": [], "dir": direction(chunk)}
                    blocks.append(current)
                current["lines"].append(line.strip())
    return blocks


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _decision(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": d.get("text", ""),
        "dir": direction(d.get("text", "")),
        "outcome": _label(DecisionOutcome, d.get("outcome", "")),
        "voted": d.get("outcome") in ("adopted", "rejected") and d.get("for") is not None,
        "for": d.get("for"),
        "against": d.get("against"),
        "abstain": d.get("abstain"),
        "base": _label(MajorityBase, d.get("base", "")) if d.get("base") else "",
    }


def _category(key: str, record: MeetingRecord, language: str) -> str:
    """A register line's capacity when none was typed: the body itself for its office, else the category."""
    if not key:
        return ""
    if key == "office":
        with translation.override(language):
            return record.meeting.body.type_name
    words = category_words(key, record, language)
    return words[:1].upper() + words[1:]


def document_context(record: MeetingRecord) -> dict[str, Any]:
    """Everything a document template shows, in the active language, as plain strings."""
    language = translation.get_language() or "ar"
    s = record.snapshot
    starts = local(s.get("starts_at"))
    ends = local(s.get("ends_at"))
    meeting = record.meeting
    roles: dict[str, list[dict[str, str]]] = {key: [] for key in MeetingRoleKind.values}
    for r in s.get("roles", []):
        capacity = r.get("capacity") or (record.pick(r.get("from_body")) if r.get("from_body") else "")
        roles.setdefault(r["role"], []).append({"name": record.pick(r.get("name")), "capacity": capacity})
    lines = []
    for i, a in enumerate(s.get("attendance", []), start=1):
        lines.append(
            {
                "number": i,
                "name": record.pick(a.get("name")),
                "capacity": a.get("capacity") or _category(a.get("category", ""), record, language),
                "status": a.get("status"),
                "status_label": _label(AttendanceStatus, a.get("status", "")),
                "entitled": a.get("entitled"),
                "represented_by": record.pick(a.get("represented_by")) if a.get("represented_by") else "",
            }
        )
    counts: dict[str, int] = {
        status: sum(1 for line in lines if line["status"] == status)
        for status in (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT)
    }
    counts["represented"] = sum(1 for line in lines if line["status"] == AttendanceStatus.REPRESENTED)
    commune = record.pick(s.get("commune")) if s.get("commune") else ""
    signers = roles.get(MeetingRoleKind.CHAIR, []) + roles.get(MeetingRoleKind.RAPPORTEUR, [])
    groups = [
        {"label": _label(AttendanceStatus, status), "lines": [line for line in lines if line["status"] == status]}
        for status in GROUP_ORDER
    ]
    return {
        "rtl": translation.get_language_bidi(),
        "language": language,
        "party": record.pick(record.party),
        "body": record.pick(record.body_names),
        "kind": record.pick(s.get("kind")),
        "title": s.get("title") or "",
        "date_words": date_in_words(starts, language) if starts else "",
        "date": f"{starts:%d/%m/%Y}" if starts else "",
        "time": f"{starts:%H:%M}" if starts else "",
        "end_time": f"{ends:%H:%M}" if ends else "",
        "venue": s.get("venue") or "",
        "commune": commune,
        "draft": record.draft,
        "version": record.version,
        "approved_on": f"{local(record.approved_at.isoformat()):%d/%m/%Y}" if record.approved_at else "",
        "chairs": roles.get(MeetingRoleKind.CHAIR, []),
        "framers": roles.get(MeetingRoleKind.FRAMER, []),
        "rapporteurs": roles.get(MeetingRoleKind.RAPPORTEUR, []),
        "signers": signers,
        "attendance": lines,
        "groups": [g for g in groups if g["lines"]],
        "counts": counts,
        "quorum": s.get("quorum") or {},
        "quorum_reached": (s.get("quorum") or {}).get("present", 0) >= (s.get("quorum") or {}).get("required", 0),
        "opening": text_blocks(s.get("opening", "")),
        "agenda": [
            {
                "number": i,
                "title": item.get("title", ""),
                "dir": direction(item.get("title", "")),
                "minutes": text_blocks(item.get("minutes", "")),
                "decisions": [_decision(d) for d in item.get("decisions", [])],
            }
            for i, item in enumerate(s.get("agenda", []), start=1)
        ],
        "other_decisions": [_decision(d) for d in s.get("decisions", [])],
        "followups": _followups(record),
        "meeting_id": meeting.pk,
    }


def _followups(record: MeetingRecord) -> list[dict[str, Any]]:
    return [
        {
            "text": f.text,
            "dir": direction(f.text),
            "recipients": f.recipients,
            "due": f.due_words or (f"{f.due:%d/%m/%Y}" if f.due else ""),
        }
        for f in record.followups
    ]


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only the PDF exports need.
    from weasyprint import CSS, HTML

    html = render_to_string(template, context)
    style = CSS(string=render_to_string("meetings/documents/pdf.css"), url_fetcher=_refusing_fetcher())
    return HTML(string=html, base_url=None, url_fetcher=_refusing_fetcher()).write_pdf(stylesheets=[style])


def minutes_pdf(record: MeetingRecord) -> bytes:
    return _pdf("meetings/documents/minutes_pdf.html", document_context(record))


def attendance_pdf(record: MeetingRecord) -> bytes:
    return _pdf("meetings/documents/attendance_pdf.html", document_context(record))


def communique_pdf(record: MeetingRecord, communique: Communique) -> bytes:
    with translation.override(communique.language):
        context = document_context(record)
        context.update(
            {
                "communique": communique,
                "paragraphs": [text_blocks(p) for p in re.split(r"\n\s*\n", communique.text.strip())],
                "published_on": f"{local(communique.published_at.isoformat()):%d/%m/%Y}"
                if communique.published_at
                else "",
            }
        )
        return _pdf("meetings/documents/communique_pdf.html", context)


def communique_text(communique: Communique) -> bytes:
    return f"{communique.title}\n\n{communique.text.strip()}\n".encode()
