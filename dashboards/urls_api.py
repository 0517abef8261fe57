"""The dashboards' API routes, included under /api/v1/dashboards/."""

from dashboards import api_district, api_me, api_school

urlpatterns = [*api_district.urlpatterns, *api_school.urlpatterns, *api_me.urlpatterns]
