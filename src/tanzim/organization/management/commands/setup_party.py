from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tanzim.organization.errors import OrganizationError
from tanzim.organization.nomenclature import PRESETS
from tanzim.organization.services import nomenclature_apply, party_setup


class Command(BaseCommand):
    help = "Set up the party profile and its nomenclature preset, or switch the preset of an existing party."

    def add_arguments(self, parser):
        parser.add_argument("--name-ar")
        parser.add_argument("--name-fr")
        parser.add_argument("--preset", required=True, choices=sorted(PRESETS))

    def handle(self, *args, name_ar, name_fr, preset, **options):
        try:
            if name_ar and name_fr:
                party_setup(acting_user=None, name_ar=name_ar, name_fr=name_fr, preset=preset)
            else:
                nomenclature_apply(acting_user=None, preset=preset)
        except OrganizationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(_("Nomenclature preset “%(preset)s” applied.") % {"preset": preset})
