from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages for bounded tables (schools, people). `?page=2&page_size=100`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
