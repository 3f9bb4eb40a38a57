from django.db import models


class Stock(models.Model):
    """Units on hand for one product. The CHECK constraint makes overselling impossible at the database."""

    product = models.OneToOneField("catalog.Product", on_delete=models.CASCADE, related_name="stock")
    quantity = models.IntegerField(default=0)
    low_stock_threshold = models.PositiveIntegerField(default=5)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=0), name="stock_quantity_not_negative")]

    def __str__(self):
        return f"{self.product_id}: {self.quantity}"

    @property
    def available(self) -> int:
        """Units that can be bought now (stock is taken when an order is placed, so this is the quantity)."""
        return self.quantity

    @property
    def is_low(self) -> bool:
        return self.quantity <= self.low_stock_threshold
