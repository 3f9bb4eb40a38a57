"""Product variants (#13): every existing product gets its one optionless variant (the product's SKU, its
stock flag), and ``from_price`` starts as the product's price."""

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.comparison
import modelcluster.fields
from django.db import migrations, models
from django.db.models import F

BATCH = 2000


def one_variant_per_product(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    ProductVariant = apps.get_model("catalog", "ProductVariant")
    Product.objects.update(from_price=F("price"))
    rows = Product.objects.order_by("id").values_list("id", "sku", "in_stock")
    batch = []
    for product_id, sku, in_stock in rows.iterator(chunk_size=BATCH):
        batch.append(ProductVariant(product_id=product_id, sku=sku, options={}, in_stock=in_stock, sort_order=0))
        if len(batch) >= BATCH:
            ProductVariant.objects.bulk_create(batch)
            batch = []
    ProductVariant.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0005_discount'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.AddField(
            model_name='product',
            name='from_price',
            field=models.DecimalField(decimal_places=2, default=0, editable=False, max_digits=10),
        ),
        migrations.CreateModel(
            name='ProductVariant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('sku', models.CharField(max_length=64, unique=True, verbose_name='SKU')),
                ('options', models.JSONField(blank=True, default=dict, help_text='Option name -> value, e.g. Size: M.')),
                ('price', models.DecimalField(blank=True, decimal_places=2, help_text="Leave empty to sell at the product's price.", max_digits=10, null=True, validators=[django.core.validators.MinValueValidator(0)])),
                ('in_stock', models.BooleanField(default=False, editable=False)),
                ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image')),
                ('product', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='variants', to='catalog.product')),
            ],
            options={
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(('price__isnull', True), ('price__gte', 0), _connector='OR'), name='variant_price_not_negative'), models.UniqueConstraint(models.F('product'), django.db.models.functions.comparison.Cast('options', output_field=models.TextField()), name='variant_options_unique_per_product')],
            },
        ),
        migrations.RunPython(one_variant_per_product, migrations.RunPython.noop),
    ]
