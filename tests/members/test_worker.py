"""Imports run in the worker process, through the task queue kept in the database; a job whose worker died is
failed with a reason and its page stops polling."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tanzim.access.capabilities import Capability as C
from tanzim.members.models import ImportJob, ImportStatus, Member
from tests.access.test_enforcement import TETOUAN, login, user_with
from tests.members.test_import import GOOD, HEADER_AR


def upload(rows) -> SimpleUploadedFile:
    body = io.StringIO()
    writer = csv.writer(body)
    writer.writerow(HEADER_AR)
    writer.writerows(rows)
    return SimpleUploadedFile("branch.csv", body.getvalue().encode(), content_type="text/csv")


@pytest.fixture
def uploader(party):
    return user_with("importer", [C.MEMBERS_WRITE, C.PERSONAL_DATA], TETOUAN)


def test_an_upload_is_queued_in_the_database_and_the_worker_imports_it(uploader, settings, monkeypatch):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker closes stale connections between tasks; here its connection is the test's, kept open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client = login(uploader, "fr")

    page = client.post("/members/import/", {"file": upload(GOOD)}, follow=True).content.decode()

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PENDING and 'hx-trigger="every 1s"' in page
    assert DBTaskResult.objects.filter(task_path="tanzim.members.jobs.import_run").count() == 1
    assert not Member.objects.exists()  # nothing ran inside the web request

    call_command("worker", batch=True)

    job.refresh_from_db()
    assert (job.status, job.inserted, job.rejected) == (ImportStatus.DONE, 3, 0)
    assert job.heartbeat_at is not None
    done = client.get(f"/members/import/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' not in done and "Nouveaux adhérents" in done


def test_a_job_whose_worker_died_is_failed_with_a_reason_and_no_longer_polled(uploader, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # nobody runs it
    client = login(uploader)
    client.post("/members/import/", {"file": upload(GOOD)})
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(minutes=16)
    )

    page = client.get(f"/members/import/{job.pk}/").content.decode()

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert 'hx-trigger="every 1s"' not in page and "العامل" in page
    # A live job is left alone.
    fresh = ImportJob.objects.create(created_by=job.created_by, filename="x.csv", stored_as="/nonexistent")
    ImportJob.objects.filter(pk=fresh.pk).update(status=ImportStatus.RUNNING, heartbeat_at=timezone.now())
    client.get(f"/members/import/{fresh.pk}/")
    fresh.refresh_from_db()
    assert fresh.status == ImportStatus.RUNNING


def test_the_worker_writes_a_failure_in_the_uploaders_language(uploader):
    client = login(uploader, "fr")
    body = "رقم البطاقة,الاسم\n".encode() + b"\xff\xfe broken"
    answer = client.post(
        "/members/import/", {"file": SimpleUploadedFile("bad.csv", body, content_type="text/csv")}, follow=True
    )

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert "UTF-8" in job.message and "doit" in job.message  # « Le fichier CSV doit être enregistré en UTF-8. »
    assert job.message in answer.content.decode().replace("&#x27;", "'")
