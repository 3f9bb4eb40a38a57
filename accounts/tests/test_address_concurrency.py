import threading

import pytest
from django.db import connections

from accounts import services
from accounts.models import Address
from accounts.tests.factories import UserFactory
from accounts.tests.pages import ADDRESS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_keep_one_default_and_the_size_limit(monkeypatch):
    monkeypatch.setattr(services, "MAX_ADDRESSES", 4)
    user = UserFactory()
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    outcomes = []

    def create(i):
        try:
            barrier.wait(5)
            services.create_address(user=user, **{**ADDRESS, "name": f"Address {i}"}, is_default=True)
            outcomes.append("created")
        except services.InvalidInput as error:
            outcomes.append(error.code)
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    # Without the address book lock, racing writers break the partial unique index (IntegrityError) or the limit.
    assert sorted(outcomes) == ["address_book_full"] * 2 + ["created"] * 4
    assert Address.objects.filter(user=user).count() == 4
    assert Address.objects.filter(user=user, is_default=True).count() == 1
