"""A large file goes to a real Celery worker (Redis and PostgreSQL, not eager): the page and
the API show its progress while the rows are gone through, then the dry run's counts; the
apply runs on the worker too."""
import pytest
from django.test import Client
from rest_framework.test import APIClient

from cadres.models import Cadre
from imports import services
from imports.models import ImportJob, ImportStatus
from secondment.tests.celery_worker import wait_for, worker

from .conftest import upload
from .test_cadre_import import person

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROWS = 3000


def test_a_large_file_is_checked_and_applied_by_the_worker_with_progress(world, fill, queue,
                                                                         settings):
    settings.IMPORT_INLINE_BYTES = 1024  # every file here is "large"
    content = fill("cadres", world.staff, [person(1000 + i) for i in range(ROWS)])
    api = APIClient()
    api.force_authenticate(world.staff)
    page = Client()
    page.force_login(world.staff)
    seen = []

    def progressed(job_id, status):
        body = api.get(f"/api/v1/imports/{job_id}/").json()
        if body["progress"]:
            seen.append(body["progress"])
        return body["status"] == status and body

    with worker(queue):
        job = services.start_import(world.staff, "cadres", upload(content))
        assert job.status == ImportStatus.PENDING  # handed to the worker, not run here
        waiting = page.get(f"/imports/{job.pk}/").content.decode()
        assert "正在处理，本页会自动刷新。" in waiting and 'data-role="bar"' in waiting
        body = wait_for(lambda: progressed(job.pk, "validated"), timeout=120, every=0.05)
        assert body["counts"] == {"new": ROWS, "updated": 0, "unchanged": 0, "bad": 0}
        assert seen and all(0 < p["done"] <= p["total"] == ROWS for p in seen)
        assert not Cadre.objects.filter(name__startswith="干部1").exists()
        services.apply_import(world.staff, ImportJob.objects.get(pk=job.pk))
        body = wait_for(lambda: progressed(job.pk, "applied"), timeout=120, every=0.05)
    assert body["applied_counts"]["new"] == ROWS
    assert body["progress"] is None
    assert Cadre.objects.filter(name__startswith="干部").count() >= ROWS
    done = page.get(f"/imports/{job.pk}/").content.decode()
    assert "已导入：新增 3000 条，修改 0 条。" in done and "正在处理" not in done
