"""The code's anatomy holds (docs/code-layout.md, CONVENTIONS.md): pages, API modules and
serializers hold no ORM and no access decisions, and no module is named after a layer and
an area (`api_goals.py`) instead of living in the area's folder. A plain scan of the
syntax trees, so it cannot be fooled by where a module is imported from."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "accounts", "assessments", "coaching", "core", "dashboards", "demo", "district",
    "notifications", "pathways", "people", "schools",
]  # fmt: skip
THIN = {"api", "views", "serializers"}  # a module or package of these names
# Calls that read or write through the ORM; a thin module gets its rows from a selector.
ORM_METHODS = {
    "all", "filter", "exclude", "select_related", "prefetch_related", "annotate", "aggregate",
    "values_list", "order_by", "exists", "first", "last", "save", "refresh_from_db", "bulk_create",
    "get_or_create", "update_or_create", "select_for_update", "distinct", "only", "defer",
    "in_bulk", "earliest", "latest", "iterator",
}  # fmt: skip
# The matrix itself: a thin module asks a rule, a selector or a permission class instead.
ACCESS_CALLS = {"can", "scope_for", "actor_roles", "require"}
LAYER_NAMED = re.compile(r"^(api|views|serializers|urls|forms|services|selectors|rules|filters)_\w+\.py$")


def python_files(app):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def thin_modules():
    for app in APPS:
        for path in python_files(app):
            if set(path.relative_to(ROOT / app).with_suffix("").parts) & THIN:
                yield path


def offences(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    lines = path.read_text().splitlines()
    for node in ast.walk(ast.parse("\n".join(lines))):
        what = None
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            if ".objects.none()" not in lines[node.lineno - 1]:  # a placeholder queryset
                what = "Model.objects"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ORM_METHODS:
                what = f".{node.func.attr}()"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ACCESS_CALLS:
            what = f"{node.func.id}()"
        if what:
            found.append(f"{path.relative_to(root)}:{node.lineno}: {what}")
    return found


def test_the_scan_sees_the_modules_it_checks():
    checked = {str(p.relative_to(ROOT)) for p in thin_modules()}
    assert "coaching/goals/api.py" in checked and "pathways/reviews/views.py" in checked
    assert len(checked) > 40


def test_the_scan_finds_orm_and_access_decisions(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "def page(request):\n"
        "    rows = Goal.objects.filter(owner=request.user)\n"
        "    if can(request.user, 'goal.view_any'):\n"
        "        rows = rows.all()\n"
        "    return Goal.objects.none()\n"
    )
    assert sorted(offences(sample, root=tmp_path)) == [
        "views.py:2: .filter()",
        "views.py:2: Model.objects",
        "views.py:3: can()",
        "views.py:4: .all()",
    ]


@pytest.mark.parametrize("app", APPS)
def test_pages_api_and_serializers_hold_no_orm_and_no_access_decisions(app):
    found = [o for path in thin_modules() if path.is_relative_to(ROOT / app) for o in offences(path)]
    assert not found, "move these into a selector, service or rule:\n" + "\n".join(found)


@pytest.mark.parametrize("app", APPS)
def test_no_module_is_named_after_a_layer_and_an_area(app):
    named = [str(p.relative_to(ROOT)) for p in python_files(app) if LAYER_NAMED.match(p.name)]
    assert not named, "an area is a folder: <app>/<area>/<layer>.py, not " + ", ".join(named)
