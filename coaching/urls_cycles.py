"""Pages: cycles (the coaching namespace is assembled in coaching/urls.py)."""

urlpatterns = []
