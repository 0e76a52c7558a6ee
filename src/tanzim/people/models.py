from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tanzim.arabic import name_key
from tanzim.arabic.sound import names_sound_key
from tanzim.territory.scope import ScopedQuerySet


def person_name_key(person) -> str:
    """The search key of a person's names in both scripts (kept on the row, recomputed on every save)."""
    # Each part on its own: the per-part keys are cached, and names repeat across a registry.
    parts = (person.first_name_ar, person.last_name_ar, person.first_name_latin, person.last_name_latin)
    key = " ".join(k for k in (name_key(p) for p in parts if p) if k)
    # Framed by spaces so a search word matches the start of a word, never the inside of another name
    # (Ahmed's "amad" must not find Mohamed's "muhamad").
    return f" {key} " if key else ""


def person_sound_key(person) -> str:
    """The readings of a person's names in the shared sound form, stored where a script's name is incomplete, so
    that a query in the other script finds them (tanzim.arabic.sound)."""
    return names_sound_key(person.first_name_ar, person.last_name_ar, person.first_name_latin, person.last_name_latin)


class Gender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class Person(models.Model):
    """A person known to the party. Names in Arabic and Latin script; either may be missing, not both."""

    first_name_ar = models.CharField(_("first name (Arabic)"), max_length=80, blank=True)
    last_name_ar = models.CharField(_("last name (Arabic)"), max_length=80, blank=True)
    first_name_latin = models.CharField(_("first name (Latin)"), max_length=80, blank=True)
    last_name_latin = models.CharField(_("last name (Latin)"), max_length=80, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    cin = models.CharField(_("national identity card"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    # Both scripts' names folded by tanzim.arabic.name_key: what name search matches (on PostgreSQL, through a
    # full-text index of its words).
    name_key = models.CharField(_("name key"), max_length=400, blank=True, editable=False)
    # The names written in one script only, read in the sound form both scripts share (tanzim.arabic.sound): what a
    # query in the other script matches. Searched through the same full-text index as the name key (people 0008).
    sound_key = models.TextField(_("sound key"), blank=True, default="", editable=False)
    commune = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        related_name="persons",
        on_delete=models.PROTECT,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # A person is read where they live (a person without a commune is a national record); people/footprint.py
    # adds where they hold something.
    SCOPE_PATH = "commune__path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name_ar", "first_name_ar", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(first_name_ar="") & models.Q(first_name_latin="")),
                name="person_has_a_name",
            ),
        ]
        # Phone and CIN are compared for equality (duplicates, the search box): plain indexes, without the
        # varchar_pattern_ops twins db_index adds on PostgreSQL.
        indexes = [
            models.Index(fields=["birth_date", "name_key"], name="person_birth_name"),
            models.Index(fields=["phone"], name="person_phone"),
            models.Index(fields=["cin"], name="person_cin"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_key = person_name_key(self)
        self.sound_key = person_sound_key(self)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key", "sound_key"}
        super().save(*args, **kwargs)

    @property
    def full_name_ar(self) -> str:
        return f"{self.first_name_ar} {self.last_name_ar}".strip()

    @property
    def full_name_latin(self) -> str:
        return f"{self.first_name_latin} {self.last_name_latin}".strip()

    @property
    def full_name(self) -> str:
        """The name in the reader's script when the person has one, otherwise the other."""
        if get_language() == "fr":
            return self.full_name_latin or self.full_name_ar
        return self.full_name_ar or self.full_name_latin

    @property
    def is_female(self) -> bool:
        return self.gender == Gender.FEMALE
