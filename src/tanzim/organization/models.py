from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from tanzim.territory.scope import NATIONAL, ScopedQuerySet


def _fr() -> bool:
    return get_language() == "fr"


class NomenclatureItem(models.Model):
    """An item of the party's nomenclature (a kind of meeting, of activity, a body type…): a key the code may name,
    its names in both languages, editable in the administration, and its place in lists."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if _fr() else self.name_ar


class PartyProfile(models.Model):
    """The one party this deployment serves. There is exactly one row (pk=1)."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    short_name_ar = models.CharField(_("short name (Arabic)"), max_length=60, blank=True)
    short_name_fr = models.CharField(_("short name (French)"), max_length=60, blank=True)
    preset = models.CharField(_("nomenclature preset"), max_length=32)
    youth_age_limit = models.PositiveSmallIntegerField(
        _("youth age limit"), default=35, help_text=_("Members younger than this count as youth.")
    )

    class Meta:
        verbose_name = _("party profile")
        verbose_name_plural = _("party profile")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="party_profile_singleton")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if _fr() else self.name_ar

    @property
    def short_name(self) -> str:
        return (self.short_name_fr if _fr() else self.short_name_ar) or self.name


class OrganizationKind(models.TextChoices):
    PARTY = "party", _("The party")
    YOUTH = "youth", _("Youth organization")
    WOMEN = "women", _("Women's organization")
    OTHER = "other", _("Other parallel organization")


class Organization(NomenclatureItem):
    """The party itself and its parallel organizations, each with bodies at every level."""

    key = models.SlugField(_("key"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganizationKind.choices)

    class Meta(NomenclatureItem.Meta):
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    @property
    def is_party(self) -> bool:
        return self.kind == OrganizationKind.PARTY


class BodyLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    PROVINCIAL = "provincial", _("Provincial")
    LOCAL = "local", _("Local")


# Which territorial levels a body of each level may sit on (local bodies: a commune or an arrondissement).
TERRITORY_LEVELS_FOR_BODY_LEVEL = {
    BodyLevel.NATIONAL: (),
    BodyLevel.REGIONAL: ("region",),
    BodyLevel.PROVINCIAL: ("province",),
    BodyLevel.LOCAL: ("commune", "arrondissement"),
}


class BodyCategory(models.TextChoices):
    EXECUTIVE = "executive", _("Executive office")
    COUNCIL = "council", _("Council or committee")
    SECTORAL = "sectoral", _("Sectoral body")
    FORUM = "forum", _("Forum")
    PARLIAMENTARY = "parliamentary", _("Parliamentary group")


class BodyType(models.Model):
    """A kind of body in the party's structure. Its words come from the nomenclature; its shape is shared.

    `head_title_*` is how the head of such a body is called ("الكاتب الإقليمي", "الأمين المحلي"), in masculine
    and feminine forms, so the office shows the title a party official expects for each level.
    """

    key = models.SlugField(_("key"), max_length=40, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=BodyLevel.choices)
    category = models.CharField(_("category"), max_length=16, choices=BodyCategory.choices)
    parent_type = models.ForeignKey(
        "self", verbose_name=_("parent body type"), null=True, blank=True, on_delete=models.PROTECT
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    head_title_ar = models.CharField(_("title of the head (Arabic)"), max_length=120, blank=True)
    head_title_ar_f = models.CharField(_("title of the head, feminine (Arabic)"), max_length=120, blank=True)
    head_title_fr = models.CharField(_("title of the head (French)"), max_length=120, blank=True)
    head_title_fr_f = models.CharField(_("title of the head, feminine (French)"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("body type")
        verbose_name_plural = _("body types")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if _fr() else self.name_ar

    def head_title(self, *, feminine: bool = False) -> str:
        if _fr():
            return (feminine and self.head_title_fr_f) or self.head_title_fr
        return (feminine and self.head_title_ar_f) or self.head_title_ar


class PositionType(models.Model):
    """A position in an office, in statutory order (rank). Single-holder positions have one current holder."""

    key = models.SlugField(_("key"), max_length=48, unique=True)
    rank = models.PositiveSmallIntegerField(_("statutory order"))
    is_head = models.BooleanField(_("head of the body"), default=False)
    multi_holder = models.BooleanField(_("several holders"), default=False)
    committee = models.CharField(_("committee key"), max_length=48, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_ar_f = models.CharField(_("name, feminine (Arabic)"), max_length=120, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_fr_f = models.CharField(_("name, feminine (French)"), max_length=120, blank=True)
    plural_ar = models.CharField(_("plural (Arabic)"), max_length=120, blank=True)
    plural_fr = models.CharField(_("plural (French)"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("position type")
        verbose_name_plural = _("position types")
        ordering = ["rank", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(is_head=True, multi_holder=True), name="head_is_single_holder"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Keep the copy the database constraint reads in step; two current holders make this fail loudly.
        self.mandates.filter(end_date__isnull=True).exclude(single_holder=not self.multi_holder).update(
            single_holder=not self.multi_holder
        )

    @property
    def name(self) -> str:
        return self.name_fr if _fr() else self.name_ar

    def label(self, *, feminine: bool = False) -> str:
        if _fr():
            return (feminine and self.name_fr_f) or self.name_fr
        return (feminine and self.name_ar_f) or self.name_ar

    @property
    def plural(self) -> str:
        return (self.plural_fr if _fr() else self.plural_ar) or self.name


class BodyStatus(models.TextChoices):
    CONSTITUTED = "constituted", _("Constituted")
    DORMANT = "dormant", _("Dormant")
    NOT_CONSTITUTED = "not_constituted", _("Not constituted")


class Body(models.Model):
    """A body of one organization: national, or sitting on a region, province, commune or arrondissement."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), related_name="bodies", on_delete=models.PROTECT
    )
    body_type = models.ForeignKey(
        BodyType, verbose_name=_("body type"), related_name="bodies", on_delete=models.PROTECT
    )
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        related_name="bodies",
        on_delete=models.PROTECT,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    # A proper name for bodies a type alone does not name (a sectoral body, a forum, a parliamentary group).
    label_ar = models.CharField(_("own name (Arabic)"), max_length=160, blank=True, default="")
    label_fr = models.CharField(_("own name (French)"), max_length=160, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=16, choices=BodyStatus.choices, default=BodyStatus.NOT_CONSTITUTED, db_index=True
    )
    # Stored so every scope filter on bodies is one indexed prefix match: the territory's path ("" for a
    # national body, the one convention of territory.scope), and the body's place in the tree of bodies, its
    # ancestors' ids then its own ("/1/7/52/"): "every body under X" is `tree LIKE 'X.tree%'` (cascades, roll-ups).
    path = models.CharField(_("territory path"), max_length=96, blank=True, default="", editable=False, db_index=True)
    tree = models.CharField(_("tree path"), max_length=255, blank=True, default="", editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    SCOPE_PATH = "path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["body_type__order", "territory__code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "body_type", "territory", "label_ar"],
                condition=Q(territory__isnull=False),
                name="one_body_per_type_territory_and_organization",
            ),
            models.UniqueConstraint(
                fields=["organization", "body_type", "label_ar"],
                condition=Q(territory__isnull=True),
                name="one_national_body_per_type_and_organization",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="body_not_its_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.territory.path if self.territory is not None else NATIONAL
        super().save(*args, **kwargs)
        tree = (self.parent.tree if self.parent is not None else "/") + f"{self.pk}/"
        if tree != self.tree:
            self.tree = tree
            Body.objects.filter(pk=self.pk).update(tree=tree)

    @property
    def own_name(self) -> str:
        return (self.label_fr if _fr() else self.label_ar) or self.label_ar

    @property
    def type_name(self) -> str:
        """The body's name without its place: the type, or the body's own name, and its organization."""
        base = self.own_name or self.body_type.name
        if not self.organization.is_party:
            return gettext("%(body)s of %(organization)s") % {"body": base, "organization": self.organization.name}
        return base

    @property
    def name(self) -> str:
        if self.territory is None:
            return self.type_name
        return gettext("%(body)s — %(place)s") % {"body": self.type_name, "place": self.territory.name}

    @property
    def level(self) -> str:
        return self.body_type.level

    def ancestor_ids(self) -> list[int]:
        """The ids of the bodies above this one, the nearest first, read from the stored tree path."""
        return [int(i) for i in reversed(self.tree.strip("/").split("/")[:-1]) if i]


class Renewal(models.Model):
    """One renewal of an office (تجديد المكتب): the date, who supervised it, and the mandates it started."""

    body = models.ForeignKey(Body, verbose_name=_("body"), related_name="renewals", on_delete=models.PROTECT)
    held_on = models.DateField(_("held on"))
    supervised_by = models.ForeignKey(
        Body,
        verbose_name=_("supervised by"),
        null=True,
        blank=True,
        related_name="supervised_renewals",
        on_delete=models.PROTECT,
    )
    # Who framed it (أطّره): officials of the bodies above, by the mandate they held, so the history says who
    # they were then ("the provincial secretary"), whatever they hold today.
    framed_by: models.ManyToManyField = models.ManyToManyField(
        "Mandate", verbose_name=_("framed by"), blank=True, related_name="framed_renewals"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    SCOPE_PATH = "body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.body} {self.held_on:%Y-%m-%d}"


class OfficeChangeKind(models.TextChoices):
    CO_OPTION = "co_option", _("Co-option")
    APPOINTMENT = "appointment", _("Appointment")
    END = "end", _("End of a mandate")


class OfficeChange(models.Model):
    """A change to an office between two renewals: persons co-opted or appointed to it (the mandates it added),
    or one mandate ended (for a reason: resignation, death, dismissal…). The other mandates are not touched."""

    body = models.ForeignKey(Body, verbose_name=_("body"), related_name="office_changes", on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=16, choices=OfficeChangeKind.choices)
    held_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("change to an office")
        verbose_name_plural = _("changes to offices")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.body} {self.get_kind_display()} {self.held_on:%Y-%m-%d}"


class EndReason(models.TextChoices):
    RENEWED = "renewed", _("Office renewed")
    RESIGNED = "resigned", _("Resigned")
    REPLACED = "replaced", _("Replaced")
    DECEASED = "deceased", _("Deceased")
    DISMISSED = "dismissed", _("Dismissed")
    OTHER = "other", _("Other")


class Mandate(models.Model):
    """A person holding a position in a body from start_date; end_date empty means the mandate is current."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), related_name="mandates", on_delete=models.PROTECT
    )
    body = models.ForeignKey(Body, verbose_name=_("body"), related_name="mandates", on_delete=models.PROTECT)
    position_type = models.ForeignKey(
        PositionType, verbose_name=_("position"), related_name="mandates", on_delete=models.PROTECT
    )
    # Copy of `not position_type.multi_holder`: a partial unique index can only read this row's columns.
    single_holder = models.BooleanField(_("single holder"), editable=False)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=16, choices=EndReason.choices, blank=True)
    renewal = models.ForeignKey(
        Renewal,
        verbose_name=_("renewal"),
        null=True,
        blank=True,
        related_name="mandates",
        on_delete=models.PROTECT,
    )
    # A mandate started between renewals (co-opted, appointed), and the change that ended one early.
    added_by = models.ForeignKey(
        OfficeChange,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        related_name="added",
        on_delete=models.PROTECT,
    )
    ended_by = models.ForeignKey(
        OfficeChange,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        related_name="ended",
        on_delete=models.PROTECT,
    )

    SCOPE_PATH = "body__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["position_type__rank", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="mandate_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["body", "position_type"],
                condition=Q(end_date__isnull=True, single_holder=True),
                name="one_current_holder_of_a_single_position",
            ),
            models.UniqueConstraint(
                fields=["body", "position_type", "person"],
                condition=Q(end_date__isnull=True),
                name="person_holds_a_position_once_at_a_time",
            ),
        ]
        indexes = [models.Index(fields=["body", "end_date"], name="mandate_body_current")]

    def __str__(self) -> str:
        return f"{self.person} — {self.title} ({self.body})"

    def save(self, *args, **kwargs):
        if self.single_holder is None:
            self.single_holder = not self.position_type.multi_holder
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.end_date is None

    @property
    def title(self) -> str:
        """The position as the party words it for this body and this person's gender."""
        feminine = self.person.is_female
        if self.position_type.is_head:
            title = self.body.body_type.head_title(feminine=feminine)
            if title:
                return title
        return self.position_type.label(feminine=feminine)
