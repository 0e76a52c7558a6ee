from django.core.management.base import BaseCommand

from tanzim.activities.demo import activities_demo_load
from tanzim.directives.demo import demo_directives
from tanzim.meetings.demo import demo_meetings
from tanzim.meetings.models import Meeting
from tanzim.voters.demo import voters_demo_load


class Command(BaseCommand):
    help = (
        "Give the demo party its work: the three seed meetings (Tétouan, Rabat-Salé-Kénitra, Taounate) with their "
        "minutes and decisions, the Taounate directives with assignments done, overdue and passed down, and the "
        "Taounate work programme. Runs once: a second run changes nothing."
    )

    def handle(self, *args, **options):
        if Meeting.objects.exists():
            self.stdout.write("The demo's meetings are already there; nothing changed.")
        else:
            meeting, decisions = demo_meetings()
            directives = demo_directives(meeting, decisions)
            self.stdout.write(f"3 seed meetings, {len(directives)} directives from Taounate's meeting.")
        if activities_demo_load():
            self.stdout.write("The Taounate work programme.")
        if made := voters_demo_load():
            self.stdout.write(f"This year's voter-registration drive: {made} statements in Tétouan and Taounate.")
