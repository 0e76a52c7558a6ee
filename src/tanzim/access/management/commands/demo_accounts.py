from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tanzim.access.demo import DEMO_ACCOUNTS, demo_accounts_create


class Command(BaseCommand):
    help = "Create (or reset) the demo's logins at national, regional, provincial and branch level and print them."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="one password for every login (default: a new random one each)")

    def handle(self, *args, password, **options):
        logins = demo_accounts_create(password=password)
        if len(logins) < len(DEMO_ACCOUNTS):
            raise CommandError(_("Load the demo first (tanzim load-demo)."))
        for login in logins:
            self.stdout.write(
                _("%(level)s — username: %(username)s  password: %(password)s  (%(holder)s, %(body)s)")
                % {
                    "level": login.account.level,
                    "username": login.account.username,
                    "password": login.password,
                    "holder": login.holder,
                    "body": login.body,
                }
            )
        self.stdout.write(_("National logins must set up two-factor authentication (an authenticator app) first."))
