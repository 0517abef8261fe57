from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages for bounded tables (schools, people). `?page=2&page_size=100`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CursorPagination(pagination.CursorPagination):
    """Cursor pages for tables that grow without bound (check-ins, notifications): no
    COUNT over the whole table, and rows never shift between pages as new ones arrive.
    Views set `ordering` to a unique, indexed order such as ("-created_at", "-id")."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
