from django.core.management.base import BaseCommand

from tanzim.dues.demo import demo_dues_load


class Command(BaseCommand):
    help = "Give the demo party its dues rates and a ledger for Tétouan's members (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(str(demo_dues_load()))
