"""REST API for catalog (routes registered in config/urls_api.py)."""

# (url prefix, viewset, basename) registered on the /api/v1/ router.
ROUTES = []
# Extra paths under /api/v1/ that are not viewsets.
PATHS = []
