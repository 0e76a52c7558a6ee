"""Meetings of a body: kind, date, place, chairs and framers, invited categories, attendance, quorum, agenda,
minutes (versioned on approval) and decisions (with the entitled list snapshotted when each is taken).

A meeting is read where its body is read (`SCOPE_PATH = "body__path"`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tanzim.organization.models import NomenclatureItem
from tanzim.territory.scope import ScopedQuerySet


class MeetingKind(NomenclatureItem):
    """The party's kinds of meeting (ordinary, extraordinary, council session…): nomenclature, editable."""

    class Meta(NomenclatureItem.Meta):
        verbose_name = _("kind of meeting")
        verbose_name_plural = _("kinds of meeting")


class QuorumBasis(models.TextChoices):
    OFFICE = "office", _("The body's current office (its mandates at the meeting's date)")


class QuorumRule(models.Model):
    """How many of the entitled must be present for a body type's meetings to deliberate (editable)."""

    body_type = models.OneToOneField(
        "organization.BodyType", verbose_name=_("body type"), related_name="quorum_rule", on_delete=models.CASCADE
    )
    basis = models.CharField(_("counted on"), max_length=16, choices=QuorumBasis.choices, default=QuorumBasis.OFFICE)
    share_percent = models.PositiveSmallIntegerField(_("share (percent)"), default=50)
    # "More than half" (strictly above the share) or "at least half".
    strictly_more = models.BooleanField(_("strictly more than the share"), default=True)
    proxies_count = models.BooleanField(_("represented members count as present"), default=False)

    class Meta:
        verbose_name = _("quorum rule")
        verbose_name_plural = _("quorum rules")
        constraints = [
            models.CheckConstraint(condition=Q(share_percent__lte=100), name="quorum_share_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.body_type} {self.share_percent}%"

    def required(self, entitled: int) -> int:
        """Present needed out of `entitled`: more than (or at least) share_percent of them."""
        if entitled <= 0:
            return 0
        exact = entitled * self.share_percent
        if self.strictly_more:
            return exact // 100 + 1
        return -(-exact // 100)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    APPROVED = "approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    body = models.ForeignKey(
        "organization.Body", verbose_name=_("body"), related_name="meetings", on_delete=models.PROTECT
    )
    kind = models.ForeignKey(MeetingKind, verbose_name=_("kind"), related_name="meetings", on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("date and time"), db_index=True)
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, db_index=True
    )
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    # Opening words ("opened with a welcome…"), as the minutes' first paragraph.
    opening = models.TextField(_("opening"), blank=True)
    # The minutes' current version: 1 until a correction after approval opens version 2.
    minutes_version = models.PositiveSmallIntegerField(_("minutes version"), default=1)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    SCOPE_PATH = "body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["body", "-starts_at"], name="meeting_body_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.kind} {self.starts_at:%d/%m/%Y}"

    @property
    def locked(self) -> bool:
        """Approved minutes are not edited; a correction opens a new version."""
        return self.status in (MeetingStatus.APPROVED, MeetingStatus.CANCELLED)


class MeetingRoleKind(models.TextChoices):
    CHAIR = "chair", _("Chaired by")
    FRAMER = "framer", _("Framed by")
    RAPPORTEUR = "rapporteur", _("Rapporteur")


class MeetingRole(models.Model):
    """Who chaired, framed (أطّر) or reported the meeting, and in what capacity (from which body)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), related_name="roles", on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=16, choices=MeetingRoleKind.choices)
    # A person of the registry the writer may read, or, for an official of a higher body the writer's scope does
    # not reach (the regional secretary at a provincial meeting), the name as typed (`name`).
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        related_name="meeting_roles",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("name as typed"), max_length=200, blank=True)
    # "member of the national administrative committee", "envoy of the regional secretariat": as said in the report.
    capacity = models.CharField(_("capacity"), max_length=200, blank=True)
    from_body = models.ForeignKey(
        "organization.Body",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    SCOPE_PATH = "meeting__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting role")
        verbose_name_plural = _("meeting roles")
        ordering = ["role", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "role", "person"], name="one_role_per_person_and_meeting"),
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""), name="meeting_role_names_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.display_name}"

    @property
    def display_name(self) -> str:
        """The person's name as the registry spells it, or the name typed for someone outside the writer's scope."""
        return self.person.full_name if self.person is not None else self.name


class InvitedCategory(models.Model):
    """A category invited as a whole ("the local secretaries of the province"); its persons are listed in the
    attendance register when the category is chosen. `key` is one of meetings.invitations.CATEGORIES."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), related_name="invited_categories", on_delete=models.CASCADE
    )
    key = models.CharField(_("category"), max_length=48)

    SCOPE_PATH = "meeting__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("invited category")
        verbose_name_plural = _("invited categories")
        constraints = [models.UniqueConstraint(fields=["meeting", "key"], name="one_invited_category_per_meeting")]

    def __str__(self) -> str:
        return self.key


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Not yet marked")
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")
    REPRESENTED = "represented", _("Represented")


class Attendance(models.Model):
    """One line of the attendance register: a person of the registry, or a guest named as typed."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), related_name="attendance", on_delete=models.CASCADE)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        related_name="attendances",
        on_delete=models.PROTECT,
    )
    guest_name = models.CharField(_("guest"), max_length=200, blank=True)
    guest_capacity = models.CharField(_("capacity"), max_length=200, blank=True)
    # Why the person is on the register: "office" (the body's own office) or an invited category's key, or "guest".
    category = models.CharField(_("invited as"), max_length=48, blank=True)
    # Counts toward the quorum: a holder of a mandate in the body at the meeting's date (set when the line is made).
    entitled = models.BooleanField(_("counts for the quorum"), default=False)
    status = models.CharField(
        _("attendance"), max_length=16, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    represented_by = models.ForeignKey(
        "people.Person",
        verbose_name=_("represented by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    SCOPE_PATH = "meeting__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="one_attendance_per_person"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(guest_name=""), name="attendance_names_someone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.get_status_display()}"

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person is not None else self.guest_name


class AgendaItem(models.Model):
    """An item of the agenda, in order, with the minutes written for it.

    `minutes` is plain text with light structure (a blank line between paragraphs, "- " at the start of a list
    line): it is stored as typed and rendered by escaping, so nothing typed can become markup."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), related_name="agenda_items", on_delete=models.CASCADE
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("item"), max_length=300)
    minutes = models.TextField(_("minutes"), blank=True)

    SCOPE_PATH = "meeting__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class DecisionOutcome(models.TextChoices):
    CONSENSUS = "consensus", _("Adopted by consensus")
    ADOPTED = "adopted", _("Adopted by vote")
    REJECTED = "rejected", _("Rejected")
    POSTPONED = "postponed", _("Postponed")


class MajorityBase(models.TextChoices):
    CAST = "cast", _("Votes cast")
    PRESENT = "present", _("Members present")
    ENTITLED = "entitled", _("All entitled members")


class Decision(models.Model):
    """A decision taken on an agenda item, with its outcome and the base its majority was computed on.

    `entitled` snapshots the persons entitled to vote (ids and names) and `present_count` how many of them were
    present when it was taken, so a later change of the office does not rewrite it."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), related_name="decisions", on_delete=models.CASCADE)
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        related_name="decisions",
        on_delete=models.SET_NULL,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("decision"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=DecisionOutcome.choices)
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    majority_base = models.CharField(_("majority computed on"), max_length=16, choices=MajorityBase.choices, blank=True)
    entitled = models.JSONField(_("entitled at the decision"), default=list, blank=True)
    present_count = models.PositiveIntegerField(_("entitled present at the decision"), default=0)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    SCOPE_PATH = "meeting__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class MinutesVersion(models.Model):
    """An approved version of the minutes, frozen: the whole record as it was approved (agenda, minutes,
    decisions, attendance), kept when a correction opens the next version."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), related_name="minutes_versions", on_delete=models.CASCADE
    )
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content"))
    approved_at = models.DateTimeField(_("approved at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)

    SCOPE_PATH = "meeting__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="one_minutes_version_number")]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.number}"


class CommuniqueLanguage(models.TextChoices):
    AR = "ar", _("Arabic")
    FR = "fr", _("French")


class Communique(models.Model):
    """The communiqué (بلاغ) of a meeting: generated from the record by templates, edited, then published.
    Each save is a new version; the published one is the last with `published_at`."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), related_name="communiques", on_delete=models.CASCADE
    )
    language = models.CharField(_("language"), max_length=2, choices=CommuniqueLanguage.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    generated = models.BooleanField(_("as generated"), default=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    SCOPE_PATH = "meeting__body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("communiqué")
        verbose_name_plural = _("communiqués")
        ordering = ["meeting", "language", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "language", "version"], name="one_communique_version"),
        ]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A secret token for an iCalendar feed: a body's meetings (`body`), or the meetings a person is invited to
    (`person`). The feed shows what its owner (`user`) may read today, nothing more; renewing the token voids the
    old address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), related_name="calendar_feeds", on_delete=models.CASCADE
    )
    body = models.ForeignKey(
        "organization.Body", verbose_name=_("body"), null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="one_feed_per_user_and_body"),
            models.UniqueConstraint(fields=["user"], condition=Q(body__isnull=True), name="one_personal_feed_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.body or ''}"
