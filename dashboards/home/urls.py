"""The home page, `/`. Included from config/urls_tenant.py, outside the "dashboards"
namespace: its URL name is "home", as every page's link to it says."""

from django.urls import path

from dashboards.home import views

urlpatterns = [path("", views.home, name="home")]
