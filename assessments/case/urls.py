"""CASE 1.1 provider endpoints, mounted at /ims/case/v1p1/ on each district's host."""

from django.urls import re_path

from assessments.case.provider import COLLECTIONS, CaseDocumentListView, CaseObjectView, CaseUnknownView

app_name = "case"
urlpatterns = [
    re_path(r"^CFDocuments/?$", CaseDocumentListView.as_view(), name="documents"),
    re_path(
        rf"^(?P<collection>{'|'.join(COLLECTIONS)})/(?P<identifier>[^/]+)/?$",
        CaseObjectView.as_view(),
        name="object",
    ),
    # Anything else under the prefix answers in CASE's error shape too.
    re_path(r"^", CaseUnknownView.as_view(), name="unknown"),
]
