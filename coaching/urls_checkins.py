"""Pages: checkins (the coaching namespace is assembled in coaching/urls.py)."""

from django.urls import path

from coaching import views_checkins

urlpatterns = [
    path("check-ins/", views_checkins.check_in_list, name="check-in-list"),
    path("check-ins/<int:check_in_id>/", views_checkins.check_in_detail, name="check-in-detail"),
]
