from django.urls import path

from accounts.two_factor import views

urlpatterns = [
    path("two-factor/", views.two_factor, name="two-factor"),
]
