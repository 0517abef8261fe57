from pathways import urls_catalog, urls_credentials, urls_programs, urls_reviews, urls_submissions

app_name = "pathways"
urlpatterns = [
    *urls_catalog.urlpatterns,
    *urls_submissions.urlpatterns,
    *urls_reviews.urlpatterns,
    *urls_credentials.urlpatterns,
    *urls_programs.urlpatterns,
]
