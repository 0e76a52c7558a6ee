"""`tanzim worker`: runs the queue of background tasks (member imports, and every later heavy job)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tanzim.members.jobs import jobs_expire


class Command(BaseCommand):
    help = "Run the background tasks (imports…) as they are queued. Keep it running beside the web server."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")

    def handle(self, *args, batch: bool = False, **options):
        expired = jobs_expire()
        if expired:
            self.stdout.write(f"{expired} import(s) left running by a worker that stopped were marked failed.")
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_rq"):
            call_command("rqworker", "default", **({"burst": True} if batch else {}))
            return
        worker_options = {"batch": True} if batch else {}
        call_command("db_worker", reload=False, startup_delay=False, **worker_options)
