"""Load the 2026 legislative election's constituencies (after `territory_load`); with --communal <HCP code>, make
the 2027 communal election's constituencies of that province or region from the communes' population."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from tanzim.elections.models import Election, ElectionKind
from tanzim.elections.services import communal_constituencies_generate, legislative_2026_load
from tanzim.territory.models import Territory


class Command(BaseCommand):
    help = "Load the 2026 legislative constituencies; --communal CODE: the 2027 communal ones of a territory."

    def add_arguments(self, parser):
        parser.add_argument("--communal", action="append", default=[], help="HCP code of a province or region")

    def handle(self, *args, **options):
        election = legislative_2026_load()
        self.stdout.write(f"{election.name_fr}: {election.constituencies.count()} constituencies")
        if options["communal"]:
            communal, _ = Election.objects.get_or_create(
                kind=ElectionKind.COMMUNAL,
                polling_day=dt.date(2027, 9, 15),
                defaults={"name_ar": "الانتخابات الجماعية 2027", "name_fr": "Élections communales 2027"},
            )
            for code in options["communal"]:
                territory = Territory.objects.filter(code=code).first()
                if territory is None:
                    raise CommandError(f"No territory with the HCP code {code}.")
                made = communal_constituencies_generate(acting_user=None, election=communal, within=territory)
                self.stdout.write(f"{communal.name_fr}, {territory.name_fr}: {made} constituencies made")
