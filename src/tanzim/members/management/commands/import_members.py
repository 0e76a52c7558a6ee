import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tanzim.members.importer import MalformedFile, member_import, write_rejections
from tanzim.territory.scope import Scope


class Command(BaseCommand):
    help = "Import members from a CSV or XLSX file. Every row is imported, updated or listed with its reason."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--rejections", type=Path, help="where to write the rejected rows (default: FILE.rejected.csv)"
        )
        parser.add_argument("--quiet-progress", action="store_true", help="no progress line")

    def handle(self, *args, file: Path, rejections: Path | None, quiet_progress: bool, **options):
        if not file.exists():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        started = time.monotonic()
        show = (not quiet_progress and sys.stderr.isatty()) or options.get("verbosity", 1) > 1

        def progress(read: int) -> None:
            if show:
                rate = read / max(time.monotonic() - started, 1e-6)
                sys.stderr.write("\r" + _("%(read)d rows read (%(rate)d rows/s)") % {"read": read, "rate": rate})
                sys.stderr.flush()

        try:
            # The command line is the national organization department's tool: it reads with a national scope.
            report = member_import(acting_user=None, scope=Scope.everything(), path=file, progress=progress)
        except MalformedFile as error:
            raise CommandError(error.message) from None
        if show:
            sys.stderr.write("\n")
        self.stdout.write(
            _(
                "read %(read)d = inserted %(inserted)d + updated %(updated)d + rejected %(rejected)d "
                "(%(unchanged)d of the updated rows were already up to date)"
            )
            % {
                "read": report.read,
                "inserted": report.inserted,
                "updated": report.updated + report.unchanged,
                "unchanged": report.unchanged,
                "rejected": report.rejected,
            }
        )
        if report.held or report.warned:
            self.stdout.write(
                _("%(held)d rows held as identity conflicts, %(warned)d imported with a warning to check.")
                % {"held": report.held, "warned": report.warned}
            )
        if report.unknown_columns:
            self.stdout.write(_("Ignored columns: %(columns)s") % {"columns": ", ".join(report.unknown_columns)})
        if report.rejections or report.warnings:
            target = rejections or file.with_suffix(".rejected.csv")
            with target.open("w", encoding="utf-8-sig", newline="") as handle:
                write_rejections(report, handle)
            self.stdout.write(_("Rejected rows and their reasons: %(file)s") % {"file": target})
