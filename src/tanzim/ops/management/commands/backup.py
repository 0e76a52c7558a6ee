"""`tanzim backup FILE`: a consistent copy of the whole database in one file (SQLite or PostgreSQL)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tanzim.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back the database up into one file (default: var/backups/tanzim-YYYYmmdd-HHMM.<engine>)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write the backup")

    def handle(self, *args, file=None, **options):
        from django.conf import settings
        from django.db import connection

        if file is None:
            suffix = "sqlite3" if connection.vendor == "sqlite" else "pgdump"
            file = Path(settings.DATA_DIR) / "backups" / f"tanzim-{timezone.localtime():%Y%m%d-%H%M}.{suffix}"
        try:
            written = backup(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{written} ({written.stat().st_size:,} bytes)")
