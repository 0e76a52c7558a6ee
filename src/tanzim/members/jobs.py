"""Running an uploaded member file in the background worker, with its progress kept on the ImportJob row.

The upload stores the file and enqueues `import_run` in the same transaction (Django's Tasks API, through the
`django-tasks` backport; the database backend by default, so no other server is needed). `tanzim worker` runs
the queue in its own process: a restart of the web server loses nothing, and an import never runs inside a web
request. Progress is written in its own short transactions as rows are read, with a heartbeat; a job whose
heartbeat stops (its worker died) is marked failed with a reason, and the page stops polling. The tests run
tasks at once (the immediate backend).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from tanzim.territory.scope import Scope

from .importer import ImportLimits, MalformedFile, member_import, write_rejections, write_rejections_xlsx
from .models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)

# Where the uploader may import now, read at run time (the access app registers it: it knows authorities, this
# app does not): a job waiting in the queue never outlives its uploader's responsibilities.
uploader_scope: Callable[[object], Scope] | None = None

# A job whose worker has not written progress for this long is dead (a worker writes at least every batch).
STALE_AFTER = dt.timedelta(minutes=15)


def imports_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def import_job_create(*, acting_user, scope: Scope, upload, language: str = "ar") -> ImportJob:
    """Store the uploaded file, record the job and enqueue its import (one transaction with the caller's)."""
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
        language=language,
    )
    import_run.enqueue(job.pk)
    job.refresh_from_db()
    return job


@task()
def import_run(job_id: int) -> None:
    """The worker's side of an upload, in the uploader's language."""
    language = ImportJob.objects.filter(pk=job_id).values_list("language", flat=True).first() or "ar"
    with translation.override(language):
        import_job_run(job_id)


def jobs_expire(*, now: dt.datetime | None = None) -> int:
    """Mark failed the jobs whose worker stopped writing (it died, or the machine restarted). Returns how many."""
    now = now or timezone.now()
    stale = ImportJob.objects.filter(status__in=(ImportStatus.PENDING, ImportStatus.RUNNING)).filter(
        Q(heartbeat_at__lt=now - STALE_AFTER) | Q(heartbeat_at__isnull=True, created_at__lt=now - STALE_AFTER)
    )
    message = _("The import stopped: the worker that ran it did not answer for 15 minutes. Nothing was imported.")
    return stale.update(status=ImportStatus.FAILED, message=message)


def _failed(job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, message=str(message))


def import_job_run(job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportStatus.PENDING:
        return  # already run, or expired while waiting: a task is never run twice
    job.status, job.heartbeat_at = ImportStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "heartbeat_at"])

    def progress(read: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_read=read, heartbeat_at=timezone.now())

    scope = Scope(paths=frozenset(job.scope_paths), national=job.scope_national)
    if uploader_scope is not None:
        scope = scope.intersection(uploader_scope(job.created_by)) if job.created_by else Scope.nothing()
        if not scope.paths and not scope.national:
            _failed(job_id, _("Your responsibilities changed since the upload: nothing was imported."))
            return
    try:
        report = member_import(
            acting_user=job.created_by,
            scope=scope,
            path=Path(job.stored_as),
            progress=progress,
            limits=ImportLimits.from_settings(),
            job_id=job.pk,
        )
    except MalformedFile as error:
        _failed(job_id, error.message)
        return
    except Exception:
        logger.exception("import job %s failed", job_id)
        _failed(job_id, _("The import stopped on an unexpected error; nothing was imported. The file is kept."))
        return
    if report.rejections or report.warnings:
        # The report in the file's own format: a workbook keeps its dates as dates.
        if Path(job.stored_as).suffix.lower() in (".xlsx", ".xlsm"):
            target = Path(job.stored_as).with_suffix(".report.xlsx")
            write_rejections_xlsx(report, target)
        else:
            target = Path(job.stored_as).with_suffix(".report.csv")
            with target.open("w", encoding="utf-8-sig", newline="") as handle:
                write_rejections(report, handle)
        job.rejections_file = str(target)
    job.status = ImportStatus.DONE
    job.rows_read, job.inserted, job.updated = report.read, report.inserted, report.updated
    job.unchanged, job.rejected, job.held, job.warned = report.unchanged, report.rejected, report.held, report.warned
    job.duplicates_flagged = report.duplicates_flagged
    job.summary = report.summary()
    job.save()
