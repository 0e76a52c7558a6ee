from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tanzim.organization.demo import demo_load
from tanzim.organization.nomenclature import PRESETS


class Command(BaseCommand):
    help = "Load the fictional demo party (generated names) reproducing the situations of the seed reports."

    def add_arguments(self, parser):
        parser.add_argument("--preset", default="kitaba", choices=sorted(PRESETS))

    def handle(self, *args, preset, **options):
        if demo_load(preset=preset):
            self.stdout.write(_("Demo party loaded."))
        else:
            self.stdout.write(_("A party is already set up; the demo was not loaded again."))
