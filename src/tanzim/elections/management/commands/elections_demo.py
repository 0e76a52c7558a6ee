from django.core.management.base import BaseCommand

from tanzim.elections.demo import elections_demo_load


class Command(BaseCommand):
    help = (
        "Give the demo party its elections: the 2026 legislative election as past (Tétouan's and Taounate's lists, "
        "the Tanger-Tétouan-Al Hoceïma women's list, results and elected mandates) and the 2027 communal elections "
        "being prepared in Tétouan and Taounate. Runs once: a second run changes nothing."
    )

    def handle(self, *args, **options):
        if elections_demo_load():
            self.stdout.write("The 2026 legislative lists and results, the 2027 communal proposals.")
        else:
            self.stdout.write(
                "No Tétouan and Taounate bodies, or the elections demo is already there; nothing changed."
            )
