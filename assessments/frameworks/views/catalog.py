"""Pages for browsing competency frameworks (read only)."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from assessments.frameworks.browse import framework_outline
from assessments.frameworks.filters import FrameworkFilter
from assessments.frameworks.selectors import framework_get_for_actor, framework_list_for_actor
from core.permissions import page_requires

may_view_frameworks = page_requires("framework.view", "Frameworks open once you have a role in the district.")


def wants_fragment(request) -> bool:
    """An HTMX request gets only the part it swaps; restoring history needs the whole page."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render_page_or_fragment(request, *, page_template, fragment_template, context):
    response = render(request, fragment_template if wants_fragment(request) else page_template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@may_view_frameworks
def framework_list(request):
    filterset = FrameworkFilter(request.GET, queryset=framework_list_for_actor(actor=request.user))
    return render_page_or_fragment(
        request,
        page_template="assessments/framework_list.html",
        fragment_template="assessments/_framework_rows.html",
        context={
            "filter": filterset,
            "frameworks": filterset.qs,
            "filtered": bool(request.GET.get("audience")),
        },
    )


def _theme_id(request) -> int | None:
    try:
        return int(request.GET.get("theme", ""))
    except ValueError:
        return None


@may_view_frameworks
def framework_detail(request, framework_id):
    framework = framework_get_for_actor(actor=request.user, framework_id=framework_id)
    outline = framework_outline(framework, theme_id=_theme_id(request))
    return render_page_or_fragment(
        request,
        page_template="assessments/framework_detail.html",
        fragment_template="assessments/_outline_response.html",
        context={"framework": framework, "outline": outline},
    )
