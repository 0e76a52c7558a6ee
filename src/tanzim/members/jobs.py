"""Running an uploaded member file in the background, with its progress kept on the ImportJob row.

The job is started after the upload's transaction commits, in a thread of the web process; its state lives in
the database, so any web process can show the progress. `TANZIM_IMPORTS_INLINE` (tests) runs it at once.
"""

from __future__ import annotations

import logging
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils.translation import gettext as _

from tanzim.territory.scope import Scope

from .importer import ImportLimits, MalformedFile, member_import, write_rejections
from .models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)


def imports_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def import_job_create(*, acting_user, scope: Scope, upload) -> ImportJob:
    """Store the uploaded file and queue its import after commit."""
    suffix = Path(upload.name).suffix.lower()
    stored = imports_dir() / f"{uuid.uuid4().hex}{suffix}"
    with stored.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    job = ImportJob.objects.create(
        created_by=acting_user,
        scope_paths=sorted(scope.paths),
        scope_national=scope.national,
        filename=Path(upload.name).name[:255],
        stored_as=str(stored),
    )
    if getattr(settings, "TANZIM_IMPORTS_INLINE", False):
        import_job_run(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: threading.Thread(target=_thread_run, args=(job.pk,), daemon=True).start())
    return job


def _thread_run(job_id: int) -> None:
    try:
        import_job_run(job_id)
    finally:
        close_old_connections()


def _failed(job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, message=str(message))


def import_job_run(job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])

    def progress(read: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_read=read)

    scope = Scope(paths=frozenset(job.scope_paths), national=job.scope_national)
    try:
        report = member_import(
            acting_user=job.created_by,
            scope=scope,
            path=Path(job.stored_as),
            progress=progress,
            limits=ImportLimits.from_settings(),
        )
    except MalformedFile as error:
        _failed(job_id, error.message)
        return
    except Exception:
        logger.exception("import job %s failed", job_id)
        _failed(job_id, _("The import stopped on an unexpected error; nothing was imported. The file is kept."))
        return
    if report.rejections:
        target = Path(job.stored_as).with_suffix(".rejected.csv")
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            write_rejections(report, handle)
        job.rejections_file = str(target)
    job.status = ImportStatus.DONE
    job.rows_read, job.inserted, job.updated = report.read, report.inserted, report.updated
    job.unchanged, job.rejected = report.unchanged, report.rejected
    job.save()
