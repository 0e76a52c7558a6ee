"""The `tanzim` command: Django's management commands under the project's own name.

`tanzim load-territory` is `manage.py load_territory`; dashes and underscores are interchangeable so the
commands read like the rest of the shell.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanzim.config.settings.base")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "tanzim"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
