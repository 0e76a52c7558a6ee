"""`tanzim serve`: the production web server (gunicorn, production settings). Run `tanzim worker` beside it."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Tanzim for real with gunicorn and the production settings (behind a reverse proxy for HTTPS)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("TANZIM_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("TANZIM_WEB_WORKERS", "0")) or None)
        parser.add_argument("--threads", type=int, default=int(os.environ.get("TANZIM_WEB_THREADS", "1")))

    def handle(self, *args, bind, workers, threads, **options):
        workers = workers or 2 * (os.cpu_count() or 1) + 1
        os.environ["DJANGO_SETTINGS_MODULE"] = "tanzim.config.settings.production"
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "tanzim.config.wsgi:application",
            f"--bind={bind}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--access-logfile=-",
            "--timeout=120",
            "--graceful-timeout=30",
            "--max-requests=5000",
            "--max-requests-jitter=500",
        ]
        os.execv(sys.executable, argv)  # noqa: S606  (gunicorn takes the process over)
