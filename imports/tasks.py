"""Large imports on the workers: the dry run, then the apply. Each is safe to deliver twice
(services._claim and the apply's status check)."""
from celery import shared_task

from . import services


@shared_task(name="imports.validate", acks_late=True, ignore_result=True)
def validate_import_task(job_id):
    services.validate(job_id)


@shared_task(name="imports.apply", acks_late=True, ignore_result=True)
def apply_import_task(job_id):
    services.apply(job_id)


@shared_task(name="imports.purge_files", ignore_result=True)
def purge_import_files():
    return services.purge_old_files()
