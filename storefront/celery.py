"""The Celery app. All of its configuration comes from Django settings (the CELERY_* names)."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")

app = Celery("storefront")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.before_task_publish.connect
def _carry_request_id(headers=None, **_):
    # The request that queued a task keeps its id in the worker's log lines.
    from storefront.logging import get_request_id

    if headers is not None and "request_id" not in headers:
        headers["request_id"] = get_request_id()


@signals.task_prerun.connect
def _restore_request_id(task=None, **_):
    from storefront.logging import set_request_id

    set_request_id(getattr(task.request, "request_id", None) or f"task-{task.request.id}")
