"""`tanzim restore FILE`: put a backup made by `tanzim backup` into the configured (empty) database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tanzim.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into the configured database (it must be empty; --force replaces what is there)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="replace a database that is not empty")

    def handle(self, *args, file, force=False, **options):
        try:
            restore(Path(file), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {file}")
