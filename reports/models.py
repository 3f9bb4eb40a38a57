"""Daily report snapshots and product-view analytics.

A day is a calendar day in the store's time zone (settings.TIME_ZONE). The nightly task
(``reports.tasks.snapshot_reports``) writes one SalesReport and one InventoryReport per day and one ProductReport
per product with activity that day; a SalesReport row for a day marks that day as snapshotted.
"""

from django.db import models
from django.db.models import Q


class SalesReport(models.Model):
    """Sales of one store-local day: orders created that day that are paid, shipped or delivered."""

    day = models.DateField()
    orders = models.PositiveIntegerField(default=0)
    items = models.PositiveIntegerField(default=0)
    revenue = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    discounts = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["day"], name="sales_report_one_per_day")]
        # The "Reports" role: who may open the report views and the report API.
        permissions = [("view_reports", "Can view sales, product, inventory and attribution reports")]

    def __str__(self):
        return f"sales {self.day}"


class ProductReport(models.Model):
    """One product on one day: units sold and their revenue, views, carts it was added to, orders containing it."""

    day = models.DateField()
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    units = models.PositiveIntegerField(default=0)
    revenue = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    orders = models.PositiveIntegerField(default=0)
    views = models.PositiveIntegerField(default=0)
    carts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "product_id"]
        constraints = [models.UniqueConstraint(fields=["day", "product"], name="product_report_one_per_day")]

    def __str__(self):
        return f"product {self.product_id} {self.day}"


class InventoryReport(models.Model):
    """Stock as it stood when the day was snapshotted (just after it ended): history live data cannot give."""

    day = models.DateField()
    total_units = models.PositiveIntegerField(default=0)
    stock_value = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    low_count = models.PositiveIntegerField(default=0)
    out_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["day"], name="inventory_report_one_per_day")]

    def __str__(self):
        return f"inventory {self.day}"


class ProductView(models.Model):
    """Views of a product's page or API detail on one store-local day, flushed from the Redis counters."""

    day = models.DateField()
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "product"], name="product_view_one_per_day"),
            models.CheckConstraint(condition=Q(count__gte=0), name="product_view_count_not_negative"),
        ]

    def __str__(self):
        return f"{self.product_id} {self.day}: {self.count}"


class ViewFlushBatch(models.Model):
    """A batch of counters moved out of Redis and added to ProductView, recorded in the same transaction:
    a batch left in Redis by a crash after the commit is recognised and never added twice."""

    token = models.CharField(max_length=64)
    flushed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token"], name="view_flush_batch_once")]
        indexes = [models.Index(fields=["flushed_at"], name="view_flush_batch_at_idx")]

    def __str__(self):
        return self.token
