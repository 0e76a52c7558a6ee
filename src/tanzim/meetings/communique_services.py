"""Writes of a meeting's communiqué: generate a version from the record, save an edited version, publish.

Each save is a new `Communique` row (the versions are kept); a published communiqué is no longer edited. Every
write receives the writer's COMMUNIQUES scope and checks the meeting's body against it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tanzim.audit.services import audit_record
from tanzim.errors import CodedError
from tanzim.territory.scope import Scope

from .communique import generate
from .documents_read import communique_latest, meeting_record
from .models import Communique, CommuniqueLanguage, Meeting, MeetingStatus


class CommuniqueError(CodedError):
    def __init__(self, code: str, message, field: str | None = None):
        super().__init__(code, message)
        self.field = field


def _check(scope: Scope, meeting: Meeting, language: str) -> None:
    if not scope.covers(meeting.body.path):
        raise CommuniqueError("outside_scope", _("This meeting is outside your territory."))
    if language not in CommuniqueLanguage.values:
        raise CommuniqueError("unknown_choice", _("Unknown language."), "language")
    if meeting.status == MeetingStatus.CANCELLED:
        raise CommuniqueError("meeting_cancelled", _("This meeting was cancelled: it has no communiqué."))


def _refuse_if_published(meeting: Meeting, language: str) -> None:
    latest = communique_latest(meeting=meeting, language=language)
    if latest is not None and latest.published_at is not None:
        raise CommuniqueError("communique_published", _("This communiqué is published: it is no longer edited."))


def _next_version(meeting: Meeting, language: str) -> int:
    top = Communique.objects.filter(meeting=meeting, language=language).aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


def _add(*, acting_user, meeting: Meeting, language: str, title: str, text: str, generated: bool, action: str):
    version = Communique.objects.create(
        meeting=meeting,
        language=language,
        version=_next_version(meeting, language),
        title=title,
        text=text,
        generated=generated,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(
        acting_user=acting_user,
        action=action,
        target=version,
        territory_path=meeting.body.path,
        changes={"meeting": meeting.pk, "language": language, "version": version.version},
    )
    return version


def communique_generate(*, acting_user, scope: Scope, meeting: Meeting, language: str) -> Communique:
    """A new version written from the meeting's record (its approved minutes when approved) and directives."""
    _check(scope, meeting, language)
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        _refuse_if_published(meeting, language)
        draft = generate(meeting_record(meeting, scope=scope), language)
        return _add(
            acting_user=acting_user,
            meeting=meeting,
            language=language,
            title=draft.title,
            text=draft.text,
            generated=True,
            action="communique.generate",
        )


def communique_save(*, acting_user, scope: Scope, meeting: Meeting, language: str, title: str, text: str) -> Communique:
    """Save the edited communiqué as a new version (the earlier ones are kept)."""
    _check(scope, meeting, language)
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise CommuniqueError("communique_empty", _("The communiqué needs a title."), "title")
    if not text:
        raise CommuniqueError("communique_empty", _("The communiqué has no text."), "text")
    if len(title) > 300:
        raise CommuniqueError("too_long", _("The title is too long (300 characters at most)."), "title")
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        _refuse_if_published(meeting, language)
        latest = communique_latest(meeting=meeting, language=language)
        if latest is not None and latest.title == title and latest.text == text:
            return latest
        return _add(
            acting_user=acting_user,
            meeting=meeting,
            language=language,
            title=title,
            text=text,
            generated=False,
            action="communique.save",
        )


def communique_publish(*, acting_user, scope: Scope, meeting: Meeting, language: str) -> Communique:
    """Publish the last version: it is the meeting's communiqué from now on, and no longer edited. A communiqué
    says the meeting was held and what it decided: it may be drafted ahead, and goes out once the meeting is held."""
    _check(scope, meeting, language)
    if meeting.status == MeetingStatus.PLANNED:
        raise CommuniqueError(
            "meeting_not_held", _("The meeting is not marked held yet: its communiqué is published after it.")
        )
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        latest = communique_latest(meeting=meeting, language=language)
        if latest is None:
            raise CommuniqueError("communique_missing", _("Write the communiqué before publishing it."))
        if latest.published_at is not None:
            raise CommuniqueError("communique_published", _("This communiqué is already published."))
        latest.published_at = timezone.now()
        latest.save(update_fields=["published_at"])
        audit_record(
            acting_user=acting_user,
            action="communique.publish",
            target=latest,
            territory_path=meeting.body.path,
            changes={"meeting": meeting.pk, "language": language, "version": latest.version},
        )
        return latest
