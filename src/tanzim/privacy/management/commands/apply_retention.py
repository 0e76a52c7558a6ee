from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tanzim.privacy.services import retention_apply


class Command(BaseCommand):
    help = (
        "Erase the personal data of members lapsed, resigned or deceased for more than TANZIM_RETENTION_YEARS "
        "years (law 09-08: data are not kept longer than their purpose needs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count the members due, change nothing")
        parser.add_argument("--years", type=int, help="override TANZIM_RETENTION_YEARS for this run")

    def handle(self, *args, dry_run: bool, years: int | None, **options):
        years = settings.TANZIM_RETENTION_YEARS if years is None else years
        if years < 1:
            raise CommandError(_("The retention period must be at least one year."))
        report = retention_apply(years=years, dry_run=dry_run)
        counts = {"total": report.total, "years": years, **report.erased}
        if dry_run:
            line = _(
                "%(total)d members would be erased (more than %(years)d years since): "
                "%(lapsed)d lapsed, %(resigned)d resigned, %(deceased)d deceased. Nothing was changed."
            )
        else:
            line = _(
                "%(total)d members erased (more than %(years)d years since): "
                "%(lapsed)d lapsed, %(resigned)d resigned, %(deceased)d deceased."
            )
        self.stdout.write(line % counts)
        if report.undated:
            self.stdout.write(
                _("%(count)d members in an ended status have no date for it and were left as they are.")
                % {"count": report.undated}
            )
