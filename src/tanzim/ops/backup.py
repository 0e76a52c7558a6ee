"""Backups of the database, on either engine, as one file; and their restore into an empty database.

SQLite: SQLite's own online backup (a consistent copy even while the site writes), file ending `.sqlite3`.
PostgreSQL: `pg_dump --format=custom` (compressed, restorable table by table), restored with `pg_restore`.
The uploaded member files under TANZIM_DATA_DIR/imports are not in it: they are working copies, kept for the
rejection files of recent imports, and hold personal data that a backup should not multiply.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def _postgres_url() -> str:
    settings = connection.settings_dict
    user = settings.get("USER") or ""
    password = settings.get("PASSWORD") or ""
    host = settings.get("HOST") or ""
    port = settings.get("PORT") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    where = f"{host}:{port}" if port else host
    return f"postgresql://{auth}{where}/{settings['NAME']}"


def _run(command: list[str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client)")
    done = subprocess.run([tool, *command[1:]], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{command[0]} failed")


def backup(target: Path) -> Path:
    """Write a backup of the database to `target`; returns the path written."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", _postgres_url()])
        return target
    raise BackupError(f"no backup for the {connection.vendor} engine")


def _empty() -> bool:
    return not connection.introspection.table_names()


def restore(source: Path, *, force: bool = False) -> None:
    """Restore a backup into the configured database, which must be empty unless `force` (it is then replaced)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    if not force and not _empty():
        raise BackupError("the database is not empty: restore into a new database, or pass --force to replace it")
    if connection.vendor == "sqlite":
        connection.close()
        backup_file = sqlite3.connect(str(source))
        database = sqlite3.connect(str(connection.settings_dict["NAME"]))
        try:
            with database:
                backup_file.backup(database)
        finally:
            database.close()
            backup_file.close()
        return
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                f"--dbname={_postgres_url()}",
                str(source),
            ]
        )
        return
    raise BackupError(f"no restore for the {connection.vendor} engine")
