"""The party's kinds of meeting and the default quorum rule, written beside the nomenclature (see
`declarations._defaults_for_body_type`) and edited afterwards in the administration."""

from __future__ import annotations

from .models import MeetingKind, QuorumRule

# key → (Arabic, French, order): the kinds the seed reports name.
MEETING_KINDS: dict[str, tuple[str, str, int]] = {
    "ordinary": ("اجتماع عادي", "Réunion ordinaire", 10),
    "extraordinary": ("اجتماع استثنائي", "Réunion extraordinaire", 20),
    "council_session": ("دورة المجلس", "Session du conseil", 30),
    "general_assembly": ("جمع عام", "Assemblée générale", 40),
    "congress": ("مؤتمر", "Congrès", 50),
    "organizational": ("اجتماع تنظيمي وتواصلي", "Réunion organisationnelle et de communication", 60),
}


def defaults_ensure(*, body_type) -> None:
    """The kinds of meeting (those missing only) and the body type's quorum rule: more than half of its office."""
    existing = set(MeetingKind.objects.values_list("key", flat=True))
    for key, (ar, fr, order) in MEETING_KINDS.items():
        if key not in existing:
            MeetingKind.objects.create(key=key, name_ar=ar, name_fr=fr, order=order)
    QuorumRule.objects.get_or_create(body_type=body_type, defaults={"share_percent": 50, "strictly_more": True})
