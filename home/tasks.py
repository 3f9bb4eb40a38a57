"""Periodic content housekeeping (scheduled by CELERY_BEAT_SCHEDULE). Both tasks are idempotent."""

from celery import shared_task
from django.core.management import call_command

from home.previews import garbage_collect_previews


@shared_task
def collect_page_previews() -> None:
    """Drop headless-preview drafts older than a day."""
    garbage_collect_previews()


@shared_task
def publish_scheduled_content() -> None:
    """Publish pages and snippets whose go-live time has come, unpublish those past their expiry.

    Publishing sends Wagtail's published/unpublished signals, which invalidate the CMS cache.
    """
    call_command("publish_scheduled", verbosity=0)
