"""Webhooks: every event is POSTed to each configured URL as JSON signed with HMAC-SHA256, retried with backoff.
A tiny HTTP server on 127.0.0.1 plays the receiver."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from commerce.handlers import queue_webhooks
from commerce.tasks import SIGNATURE_HEADER, deliver_webhook
from commerce.tests.api_helpers import cart_with, place
from commerce.tests.factories import stocked_product
from storefront import events
from storefront.events import publish
from storefront.models import OutboxEvent

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "webhook-test-secret"


class Receiver:
    """Records each request; answers with the scripted status codes, then 200."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def events(self, name):
        return [json.loads(body) for headers, body in self.requests if json.loads(body)["name"] == name]


@pytest.fixture
def webhooks(settings):
    """Subscribe the webhook fan-out (handlers.py does it at start-up only when WEBHOOK_URLS is set)."""
    settings.WEBHOOK_SECRET = SECRET
    name = f"{queue_webhooks.__module__}.{queue_webhooks.__qualname__}"
    events.subscriber(events.ALL_EVENTS)(queue_webhooks)
    yield settings
    events._subscribers[events.ALL_EVENTS].pop(name, None)


def test_every_event_reaches_each_url_signed(webhooks):
    with Receiver() as first, Receiver() as second:
        webhooks.WEBHOOK_URLS = [first.url, second.url]
        client = APIClient()
        number = place(client, cart_with(client, (stocked_product(quantity=5), 1))).json()["number"]

        for receiver in (first, second):
            [created] = receiver.events("order.created")
            assert created["payload"]["number"] == number
            headers, body = next((h, b) for h, b in receiver.requests if json.loads(b)["name"] == "order.created")
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            assert hmac.compare_digest(headers[SIGNATURE_HEADER], expected)
            assert headers["Content-Type"] == "application/json"
            assert headers["X-Storefront-Event"] == "order.created"
            assert headers["X-Storefront-Event-Id"] == created["id"]
            assert str(OutboxEvent.objects.get(name="order.created").id) == created["id"]


@pytest.fixture
def eager_retries():
    """Eager Celery replays a task's retries in-process only when errors are not propagated to the caller."""
    from storefront.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


def test_a_failing_receiver_is_retried_until_it_accepts(webhooks, eager_retries):
    with Receiver(statuses=[500, 503]) as receiver:
        webhooks.WEBHOOK_URLS = [receiver.url]
        with transaction.atomic():
            publish("stock.low", {"sku": "X"})
        bodies = [body for _, body in receiver.requests]
    assert len(bodies) == 3 and len(set(bodies)) == 1  # the same signed event, three attempts


def test_a_receiver_that_never_accepts_gives_up_after_the_retries(settings, eager_retries):
    settings.WEBHOOK_SECRET = SECRET
    with Receiver(statuses=[500] * 20) as receiver:
        settings.WEBHOOK_URLS = [receiver.url]
        with transaction.atomic():
            event = publish("nothing.listens", {})
        result = deliver_webhook.apply(kwargs={"event_id": str(event.id), "url": receiver.url})
    assert result.failed()
    assert len(receiver.requests) == deliver_webhook.max_retries + 1


def test_only_configured_urls_are_called(settings):
    settings.WEBHOOK_URLS = ["http://127.0.0.1:9/configured"]
    with transaction.atomic():
        event = publish("nothing.listens", {})
    assert deliver_webhook(event_id=str(event.id), url="http://169.254.169.254/latest") == "unconfigured"


def test_the_signature_is_checkable_by_a_receiver():
    from commerce.tasks import sign

    body = b'{"id":"1"}'
    assert sign(body, "k") == "sha256=" + hmac.new(b"k", body, hashlib.sha256).hexdigest()
