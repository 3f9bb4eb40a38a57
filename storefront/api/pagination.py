from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """?page=N&page_size=N; 24 by default, a larger page_size is clamped to 100 rather than refused."""

    page_size = 24
    page_size_query_param = "page_size"
    max_page_size = 100
