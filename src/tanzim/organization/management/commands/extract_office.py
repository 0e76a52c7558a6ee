import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tanzim.organization.composition import extract_office_for_party


class Command(BaseCommand):
    help = (
        "Read an office composition (name and position pairs) out of a UTF-8 text file, such as a party's "
        "press release, and print it as a table or as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a UTF-8 text file")
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")

    def handle(self, *args, file, json: bool, **options):
        path = Path(file)
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise CommandError(_("No such file: %(file)s") % {"file": file}) from None
        except UnicodeDecodeError:
            raise CommandError(_("%(file)s is not UTF-8 text.") % {"file": file}) from None
        except OSError as error:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s") % {"file": file, "reason": error.strerror or error}
            ) from None
        result = extract_office_for_party(text.removeprefix("\ufeff"))
        if json:
            self.stdout.write(_dumps(result.as_json()))
            return
        self.stdout.write(f"{_('Line'):>5}  {_('Position'):<34}  {_('As written'):<30}  {_('Name')}")
        for found in result.positions:
            self.stdout.write(f"{found.line:>5}  {found.position_key:<34}  {found.position_text:<30}  {found.name}")
        count = len(result.positions)
        self.stdout.write(ngettext("%(count)d position found.", "%(count)d positions found.", count) % {"count": count})
        if result.unmatched_lines:
            self.stdout.write(_("Lines not understood:"))
            for line in result.unmatched_lines:
                self.stdout.write(f"  {line}")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
