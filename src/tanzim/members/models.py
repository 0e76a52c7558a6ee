from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tanzim.territory.scope import ScopedQuerySet


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LAPSED = "lapsed", _("Lapsed")
    SUSPENDED = "suspended", _("Suspended")
    RESIGNED = "resigned", _("Resigned")
    DECEASED = "deceased", _("Deceased")


class EducationLevel(models.TextChoices):
    NONE = "none", _("None")
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")
    BACCALAUREATE = "baccalaureate", _("Baccalaureate")
    LICENCE = "licence", _("Licence (bachelor)")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorate")


class Sector(models.TextChoices):
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    HIGHER_EDUCATION = "higher_education", _("Higher education and research")
    JUSTICE = "justice", _("Justice and law")
    ADMINISTRATION = "administration", _("Public administration")
    AGRICULTURE = "agriculture", _("Agriculture and fishing")
    INDUSTRY = "industry", _("Industry and crafts")
    COMMERCE = "commerce", _("Commerce and services")
    LIBERAL = "liberal", _("Liberal professions")
    MEDIA = "media", _("Media and culture")
    STUDENT = "student", _("Students")
    RETIRED = "retired", _("Retired")
    OTHER = "other", _("Other")


class CompetenceTag(models.Model):
    """A cadre/competence label the party draws on (lawyer, engineer, young cadre…)."""

    key = models.SlugField(_("key"), max_length=48, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=80)
    name_fr = models.CharField(_("name (French)"), max_length=80)

    class Meta:
        verbose_name = _("competence tag")
        verbose_name_plural = _("competence tags")
        ordering = ["name_ar"]

    def __str__(self) -> str:
        return self.name_ar


class Member(models.Model):
    """A person's membership of the party: card, local body, status, dues, profile.

    `path` is the territory path the member is read through: the local body's territory, or the commune of
    residence when the member has no local body yet. It is kept on the row (and indexed) so that a provincial
    list of a million members is one prefix scan, not a join per row.
    """

    person = models.OneToOneField(
        "people.Person", verbose_name=_("person"), related_name="membership", on_delete=models.PROTECT
    )
    card_number = models.CharField(_("card number"), max_length=32)
    join_date = models.DateField(_("join date"), null=True, blank=True)
    local_body = models.ForeignKey(
        "organization.Body",
        verbose_name=_("local body"),
        null=True,
        blank=True,
        related_name="members",
        on_delete=models.PROTECT,
    )
    path = models.CharField(_("territory path"), max_length=96, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    profession = models.CharField(_("profession"), max_length=120, blank=True)
    education_level = models.CharField(_("education level"), max_length=16, choices=EducationLevel.choices, blank=True)
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices, blank=True)
    associative_activity = models.TextField(_("associative activity"), blank=True)
    tags = models.ManyToManyField(CompetenceTag, verbose_name=_("competences"), blank=True, related_name="members")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    SCOPE_PATH = "path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["card_number"]
        # Plain indexes, declared here rather than with db_index: on PostgreSQL db_index also builds a
        # varchar_pattern_ops twin for LIKE, which no query of these columns uses (they are compared for equality).
        indexes = [
            # The path is read by prefix (a territory and everything under it) or whole, never in order: one
            # index for LIKE (which answers = as well) instead of db_index's pair, whose plain half no query used.
            models.Index(fields=["path"], name="member_path", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["status"], name="member_status"),
            models.Index(fields=["sector"], name="member_sector"),
        ]
        # One member a card. A constraint rather than unique=True, for the same reason: the card is looked up
        # whole or paged after (=, >), never by LIKE, and the pattern twin cost every write and the import's
        # rebuild (30 MB, 0.4–0.7 s at a million) for nothing.
        constraints = [models.UniqueConstraint(fields=["card_number"], name="member_card_number_unique")]

    def __str__(self) -> str:
        return f"{self.card_number} {self.person}"


class StatusChange(models.Model):
    """Dated history of a member's status."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), related_name="status_history", on_delete=models.CASCADE
    )
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices)
    since = models.DateField(_("since"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-since", "-id"]

    def __str__(self) -> str:
        return f"{self.since:%Y-%m-%d} {self.get_status_display()}"


class UnionLevel(models.TextChoices):
    LOCAL = "local", _("Local")
    PROVINCIAL = "provincial", _("Provincial")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class UnionAffiliation(models.Model):
    """Trade-union membership: which union, at which level, in which position."""

    member = models.ForeignKey(Member, verbose_name=_("member"), related_name="unions", on_delete=models.CASCADE)
    union = models.CharField(_("union"), max_length=160)
    level = models.CharField(_("level"), max_length=16, choices=UnionLevel.choices, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("trade-union affiliation")
        verbose_name_plural = _("trade-union affiliations")

    def __str__(self) -> str:
        return self.union


class ElectedOffice(models.TextChoices):
    COMMUNAL_COUNCILLOR = "communal_councillor", _("Communal councillor")
    COMMUNE_PRESIDENT = "commune_president", _("President of a commune")
    PROVINCIAL_COUNCILLOR = "provincial_councillor", _("Provincial councillor")
    REGIONAL_COUNCILLOR = "regional_councillor", _("Regional councillor")
    REPRESENTATIVE = "representative", _("Member of the House of Representatives")
    COUNCILLOR = "councillor", _("Member of the House of Councillors")


class ElectedMandate(models.Model):
    """An elected (public) mandate: office, territory, term, head of list."""

    member = models.ForeignKey(Member, verbose_name=_("member"), related_name="elected", on_delete=models.CASCADE)
    office = models.CharField(_("office"), max_length=24, choices=ElectedOffice.choices)
    territory = models.ForeignKey(
        "territory.Territory", verbose_name=_("territory"), null=True, blank=True, on_delete=models.PROTECT
    )
    term_start = models.PositiveSmallIntegerField(_("term start (year)"))
    term_end = models.PositiveSmallIntegerField(_("term end (year)"), null=True, blank=True)
    head_of_list = models.BooleanField(_("head of list"), default=False)

    # Read where its holder is read; `territory` is where the seat is, not who may see it.
    SCOPE_PATH = "member__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("elected mandate")
        verbose_name_plural = _("elected mandates")
        ordering = ["-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="elected_term_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()} {self.term_start}"


class DuplicateReason(models.TextChoices):
    SAME_CIN = "same_cin", _("Same national identity card")
    SAME_PHONE = "same_phone", _("Same phone number")
    CLOSE_NAME = "close_name", _("Close name and same birth date")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not a duplicate")


class DuplicateFlag(models.Model):
    """Two members who are probably one person, found on entry or on import, waiting for a decision."""

    first = models.ForeignKey(Member, related_name="+", on_delete=models.CASCADE, verbose_name=_("member"))
    second = models.ForeignKey(Member, related_name="+", on_delete=models.CASCADE, verbose_name=_("probable duplicate"))
    reason = models.CharField(_("reason"), max_length=16, choices=DuplicateReason.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN, db_index=True
    )
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)

    class Meta:
        verbose_name = _("probable duplicate")
        verbose_name_plural = _("probable duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second", "reason"], name="duplicate_flag_once"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="duplicate_flag_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.reason})"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Refused")


class ImportJob(models.Model):
    """A member file uploaded through the web: its progress while it runs, its counts and rejections after."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # The uploader's scope at upload time: the import places members only there.
    scope_paths = models.JSONField(_("scope"), default=list)
    scope_national = models.BooleanField(default=False)
    filename = models.CharField(_("file"), max_length=255)
    stored_as = models.CharField(max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    inserted = models.PositiveIntegerField(_("inserted"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    held = models.PositiveIntegerField(_("held as conflicts"), default=0)
    warned = models.PositiveIntegerField(_("imported with a warning"), default=0)
    duplicates_flagged = models.PositiveIntegerField(_("probable duplicates flagged"), default=0)
    # What the page shows after the run: counts by reason, the first refused and warned rows with every problem.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    rejections_file = models.CharField(max_length=255, blank=True)
    # Written by the worker with each batch: a job whose heartbeat stops is dead and is marked failed.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # The uploader's language: the worker writes the job's messages in it.
    language = models.CharField(_("language"), max_length=8, default="ar")

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class ConflictStatus(models.TextChoices):
    OPEN = "open", _("To decide")
    KEPT = "kept", _("Registry kept")
    REPLACED = "replaced", _("Replaced by the file")
    NEW_CARD = "new_card", _("Another person: new card")


class ImportConflict(models.Model):
    """A row of an imported file whose card number belongs to a member with another identity (names, CIN or birth
    date beyond a typo), or is given on another row of the same file to another person: held, never applied, until
    an official decides. `values` are the row's checked values as the import would have written them; for a card
    repeated in the file, `values["others"]` holds the other rows' identities, and `values["refused"]` the problems
    of a row refused for another reason too (such a row can only be set aside)."""

    SCOPE_PATH = "path"

    job = models.ForeignKey(
        ImportJob,
        verbose_name=_("member import"),
        null=True,
        blank=True,
        related_name="conflicts",
        on_delete=models.SET_NULL,
    )
    # None: the card is nobody's in the registry, but two rows of one file give it to two people.
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        null=True,
        blank=True,
        related_name="import_conflicts",
        on_delete=models.CASCADE,
    )
    row = models.PositiveIntegerField(_("row"))
    card_number = models.CharField(_("card number"), max_length=40)
    values = models.JSONField(_("values in the file"), default=dict)
    # Where the member is, and where the file's row would put them: a reader must cover both.
    path = models.CharField(_("path"), max_length=96, db_index=True)
    file_path = models.CharField(max_length=96, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ConflictStatus.choices, default=ConflictStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("found at"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    resolved_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    new_member = models.ForeignKey(
        Member, verbose_name=_("new member"), null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("identity conflict")
        verbose_name_plural = _("identity conflicts")
        ordering = ["-created_at", "row"]

    def __str__(self) -> str:
        return f"{self.card_number} (row {self.row})"
