from coaching import urls_calendar, urls_checkins, urls_cycles, urls_goals

app_name = "coaching"
urlpatterns = [
    *urls_cycles.urlpatterns,
    *urls_goals.urlpatterns,
    *urls_checkins.urlpatterns,
    *urls_calendar.urlpatterns,
]
