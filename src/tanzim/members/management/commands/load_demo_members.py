from django.core.management.base import BaseCommand

from tanzim.members.demo import demo_members_load


class Command(BaseCommand):
    help = "Give the demo party's generated persons their membership cards (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(str(demo_members_load()))
