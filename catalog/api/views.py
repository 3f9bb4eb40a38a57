"""The catalog endpoints of /api/v1/: categories, brands, products and their reviews.

Reads are public (and, for anonymous callers, served from the response cache by ``catalog.cache``, wired
in ``urls.py``); product writes need a staff user with the Django model permission; reviews need a user.
Views parse input, call one selector or service, and return the read model.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from catalog import selectors, services
from catalog.api import schema, serializers
from catalog.api.pagination import CatalogPagination, ProductPagination
from catalog.api.throttles import CatalogRateThrottle
from catalog.facets import wants_facets
from catalog.models import Brand, Category, Product, Review
from storefront.api.permissions import StaffModelPermissions


class _CatalogView(GenericAPIView):
    pagination_class = CatalogPagination
    throttle_classes = [CatalogRateThrottle]  # the default rates, one cache round trip a request

    def paginated(self, queryset, to_data):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(to_data(page))


# --- categories -----------------------------------------------------------------------------------


class CategoryListView(_CatalogView):
    serializer_class = serializers.CategorySerializer
    queryset = Category.objects.none()  # the model, for the schema; reads go through selectors

    @extend_schema(
        operation_id="categories_list",
        responses={200: serializers.CategorySerializer(many=True), 404: schema.PAGE_NOT_FOUND},
    )
    def get(self, request):
        """All categories in tree order (depth first)."""
        return self.paginated(selectors.category_list(), selectors.category_list_data)


class CategoryDetailView(_CatalogView):
    serializer_class = serializers.CategoryDetailSerializer
    queryset = Category.objects.none()
    pagination_class = None

    @extend_schema(
        operation_id="categories_retrieve", responses={200: serializers.CategoryDetailSerializer, 404: schema.NOT_FOUND}
    )
    def get(self, request, slug):
        return Response(selectors.category_detail_data(selectors.category_detail(slug)))


# --- brands ---------------------------------------------------------------------------------------


class BrandListView(_CatalogView):
    serializer_class = serializers.BrandSerializer
    queryset = Brand.objects.none()

    @extend_schema(
        operation_id="brands_list", responses={200: serializers.BrandSerializer(many=True), 404: schema.PAGE_NOT_FOUND}
    )
    def get(self, request):
        return self.paginated(selectors.brand_list(), lambda brands: [selectors.brand_data(b) for b in brands])


class BrandDetailView(_CatalogView):
    serializer_class = serializers.BrandSerializer
    queryset = Brand.objects.none()
    pagination_class = None

    @extend_schema(operation_id="brands_retrieve", responses={200: serializers.BrandSerializer, 404: schema.NOT_FOUND})
    def get(self, request, slug):
        return Response(selectors.brand_data(selectors.brand_detail(slug)))


# --- products -------------------------------------------------------------------------------------


class ProductListView(_CatalogView):
    serializer_class = serializers.ProductSummarySerializer
    pagination_class = ProductPagination
    permission_classes = [StaffModelPermissions]
    public_reads = True
    queryset = Product.objects.all()  # what DjangoModelPermissions reads the model from

    @extend_schema(
        operation_id="products_list",
        parameters=schema.PRODUCT_LIST_PARAMETERS,
        responses={
            200: serializers.PaginatedProductSummaryListSerializer,
            400: schema.INVALID_QUERY,
            404: schema.PAGE_NOT_FOUND,
        },
    )
    def get(self, request):
        """Visible products, filtered, searched and ordered by the query parameters.

        `attr.<name>=<value>[,<value>...]` keeps products whose attribute `name` has one of the values (several
        `attr.` parameters must all hold; an attribute no product has is a 400 `invalid_choice`).
        `facets=true` adds `facets`: product counts per brand, per category one level below `category` (top
        level without it) and per value of each attribute; a brand's or attribute's counts leave out its own
        filter, so they say what choosing another value would show."""
        rows = selectors.product_list_rows(request.query_params)  # validates every parameter
        if wants_facets(request.query_params):
            self.paginator.facets = selectors.product_facets(request.query_params)
        return self.paginated(rows, selectors.product_summaries)

    @extend_schema(
        operation_id="products_create",
        request=serializers.ProductWriteSerializer,
        responses={
            201: serializers.ProductDetailSerializer,
            400: schema.bad_request("ProductsCreateErrorResponse400", "Invalid input; `attr` names the field."),
            401: schema.UNAUTHENTICATED,
            403: schema.FORBIDDEN,
        },
    )
    def post(self, request):
        """Create a product (staff with `catalog.add_product`). Publishes `product.created`."""
        data = serializers.ProductWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = services.create_product(**data.validated_data)
        detail = selectors.product_detail(product.slug, include_inactive=True)
        return Response(selectors.product_detail_data(detail), status=status.HTTP_201_CREATED)


class ProductDetailView(_CatalogView):
    serializer_class = serializers.ProductDetailSerializer
    permission_classes = [StaffModelPermissions]
    public_reads = True
    queryset = Product.objects.all()
    pagination_class = None
    http_method_names = ["get", "patch", "delete", "head", "options"]

    @extend_schema(
        operation_id="products_retrieve", responses={200: serializers.ProductDetailSerializer, 404: schema.NOT_FOUND}
    )
    def get(self, request, slug):
        return Response(selectors.product_detail_data(selectors.product_detail(slug)))

    @extend_schema(
        operation_id="products_partial_update",
        request=serializers.ProductWriteSerializer(partial=True),
        responses={
            200: serializers.ProductDetailSerializer,
            400: schema.bad_request("ProductsPartialUpdateErrorResponse400", "Invalid input; `attr` names the field."),
            401: schema.UNAUTHENTICATED,
            403: schema.FORBIDDEN,
            404: schema.NOT_FOUND,
        },
    )
    def patch(self, request, slug):
        """Change some fields of a product (staff with `catalog.change_product`). Publishes `product.updated`."""
        data = serializers.ProductWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        if "slug" in changes:
            changes["new_slug"] = changes.pop("slug")
        product = services.update_product(slug=slug, **changes)
        detail = selectors.product_detail(product.slug, include_inactive=True)
        return Response(selectors.product_detail_data(detail))

    @extend_schema(
        operation_id="products_destroy",
        responses={204: None, 401: schema.UNAUTHENTICATED, 403: schema.FORBIDDEN, 404: schema.NOT_FOUND},
    )
    def delete(self, request, slug):
        """Soft-delete (staff with `catalog.delete_product`): hidden everywhere; order lines keep it."""
        services.delete_product(slug=slug)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- reviews --------------------------------------------------------------------------------------


class ProductReviewsView(_CatalogView):
    serializer_class = serializers.ReviewSerializer
    queryset = Review.objects.none()
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    @extend_schema(
        operation_id="products_reviews_list",
        responses={200: serializers.ReviewSerializer(many=True), 404: schema.NOT_FOUND},
    )
    def get(self, request, slug):
        """Approved reviews of the product, newest first."""
        reviews = selectors.approved_reviews(slug)
        return self.paginated(reviews, lambda page: [selectors.review_data(review) for review in page])

    @extend_schema(
        operation_id="products_reviews_create",
        request=serializers.ReviewInputSerializer,
        responses={
            201: serializers.ReviewCreatedSerializer,
            400: schema.bad_request("ProductsReviewsCreateErrorResponse400", "Invalid input; `attr` names the field."),
            401: schema.UNAUTHENTICATED,
            404: schema.NOT_FOUND,
            409: schema.REVIEW_EXISTS,
        },
    )
    def post(self, request, slug):
        """Review the product (signed in, once per product). It waits for moderation unless auto-approved."""
        data = serializers.ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.submit_review(product_slug=slug, user=request.user, **data.validated_data)
        return Response({**selectors.review_data(review), "status": review.status}, status=status.HTTP_201_CREATED)
