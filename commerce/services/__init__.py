"""Commerce's state-changing operations: stock (stock.py), carts (carts.py), orders (orders.py),
idempotent request handling (idempotency.py). Each public function is one transaction."""
