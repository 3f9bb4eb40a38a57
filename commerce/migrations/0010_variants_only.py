"""Stock, ledger and cart lines on variants (#13), second step: the product columns go, the variant ones become
required, and the cart's one-line rule and the ledger's index follow them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("commerce", "0009_variants_data")]

    operations = [
        migrations.RemoveConstraint(model_name="cartitem", name="cart_item_one_line_per_product"),
        migrations.RemoveIndex(model_name="stockmovement", name="stock_movement_product_idx"),
        migrations.RemoveField(model_name="stock", name="product"),
        migrations.RemoveField(model_name="stockmovement", name="product"),
        migrations.RemoveField(model_name="cartitem", name="product"),
        migrations.AlterField(
            model_name="stock",
            name="variant",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="stock", to="catalog.productvariant"
            ),
        ),
        migrations.AlterField(
            model_name="stockmovement",
            name="variant",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="stock_movements", to="catalog.productvariant"
            ),
        ),
        migrations.AlterField(
            model_name="cartitem",
            name="variant",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="catalog.productvariant"
            ),
        ),
        migrations.AddConstraint(
            model_name="cartitem",
            constraint=models.UniqueConstraint(fields=("cart", "variant"), name="cart_item_one_line_per_variant"),
        ),
        migrations.AddIndex(
            model_name="stockmovement",
            index=models.Index(fields=["variant", "-created_at"], name="stock_movement_variant_idx"),
        ),
    ]
