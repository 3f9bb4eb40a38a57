"""Stock, its ledger, cart lines and order lines move onto variants (#13), first step: the new columns, filled
from each product's one variant (catalog 0006 made it). 0010 drops the product columns. Two migrations, since
PostgreSQL will not alter a table in the transaction that just filled its deferred foreign keys."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def to_variants(apps, schema_editor):
    ProductVariant = apps.get_model("catalog", "ProductVariant")
    the_variant = Subquery(ProductVariant.objects.filter(product_id=OuterRef("product_id")).order_by("id").values("id")[:1])
    for name in ("Stock", "StockMovement", "CartItem", "OrderLine"):
        model = apps.get_model("commerce", name)
        model.objects.filter(product_id__isnull=False).update(variant_id=the_variant)


class Migration(migrations.Migration):
    dependencies = [
        ("commerce", "0008_discount_moved_to_catalog"),
        ("catalog", "0006_variants"),
    ]

    operations = [
        migrations.AddField(
            model_name="stock",
            name="variant",
            field=models.OneToOneField(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="stock", to="catalog.productvariant"
            ),
        ),
        migrations.AlterField(
            model_name="stock",
            name="product",
            field=models.OneToOneField(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="catalog.product"
            ),
        ),
        migrations.AddField(
            model_name="stockmovement",
            name="variant",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="stock_movements",
                to="catalog.productvariant",
            ),
        ),
        migrations.AlterField(
            model_name="stockmovement",
            name="product",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="catalog.product"
            ),
        ),
        migrations.AddField(
            model_name="cartitem",
            name="variant",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="catalog.productvariant"
            ),
        ),
        migrations.AddField(
            model_name="orderline",
            name="variant",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="catalog.productvariant",
            ),
        ),
        migrations.AddField(
            model_name="orderline",
            name="options",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(to_variants, migrations.RunPython.noop),
    ]
