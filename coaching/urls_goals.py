"""Pages: goals (the coaching namespace is assembled in coaching/urls.py)."""

urlpatterns = []
