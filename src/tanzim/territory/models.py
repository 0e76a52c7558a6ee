import re

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .scope import ScopedQuerySet


class Level(models.TextChoices):
    REGION = "region", _("Region")
    PROVINCE = "province", _("Province or prefecture")
    COMMUNE = "commune", _("Commune")
    ARRONDISSEMENT = "arrondissement", _("Arrondissement")


class Kind(models.TextChoices):
    REGION = "region", _("Region")
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    URBAN = "urban", _("Urban commune")
    RURAL = "rural", _("Rural commune")
    ARRONDISSEMENT = "arrondissement", _("Arrondissement")


# A unit named with its type first, as officials write it: "إقليم تطوان", "جهة طنجة-تطوان-الحسيمة".
TITLED: dict[str, Promise] = {
    Kind.REGION: _("Region %(name)s"),
    Kind.PROVINCE: _("Province of %(name)s"),
    Kind.PREFECTURE: _("Prefecture of %(name)s"),
    Kind.URBAN: _("Commune of %(name)s"),
    Kind.RURAL: _("Commune of %(name)s"),
    Kind.ARRONDISSEMENT: _("Arrondissement %(name)s"),
}
# French elides "de" before a vowel: "Province d’Al Hoceïma", "Commune d’Oued Laou".
_FRENCH_ELISION = re.compile(r"\bde (?=[AEIOUYÉÈÊÂÎÔaeiouyéèêâîô])")


class Territory(models.Model):
    """One unit of the division. `path` is the materialized path used by every scope check.

    The path is the chain of HCP codes, each followed by a "/": "01/01.571/01.571.01.11/". The separator
    matters: HCP gives Tanger the code "01.511.01.0" and Assilah "01.511.01.01", so a bare code prefix would
    put Assilah inside Tanger. With the separator, "everything inside X" is `path LIKE 'X.path%'`, one
    indexed prefix match.
    """

    code = models.CharField(_("HCP code"), max_length=24, unique=True)
    path = models.CharField(_("path"), max_length=96, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, related_name="children", on_delete=models.PROTECT
    )
    name_ar = models.CharField(_("Arabic name"), max_length=128)
    name_fr = models.CharField(_("French name"), max_length=128)
    population_2024 = models.PositiveIntegerField(_("population (2024)"), null=True, blank=True)

    SCOPE_PATH = "path"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="region", parent__isnull=True)
                | (~models.Q(level="region") & models.Q(parent__isnull=False)),
                name="territory_parent_iff_not_region",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if get_language() == "fr" else self.name_ar

    @property
    def titled_name(self) -> str:
        """The name after the unit's type, in the reader's language ("إقليم تطوان", "Province de Tétouan")."""
        form = TITLED.get(self.kind)
        if form is None:
            return self.name
        titled = gettext(str(form)) % {"name": self.name}
        return _FRENCH_ELISION.sub("d’", titled) if get_language() == "fr" else titled

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit and every unit above it, outermost first."""
        parts = self.path.rstrip("/").split("/")
        return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]

    def contains(self, other: "Territory") -> bool:
        return other.path.startswith(self.path)
