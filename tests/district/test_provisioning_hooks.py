"""Provisioning reaches the district apps only through DISTRICT_PROVISIONING_HOOKS, and a hook
that does not import is a failed system check, not a failed `create_district` later."""

from django.conf import settings
from django.test import override_settings

from district.hooks import HOOK_POINTS, check_provisioning_hooks, provisioning_hook


def test_every_hook_point_names_a_function_that_imports():
    assert set(settings.DISTRICT_PROVISIONING_HOOKS) == set(HOOK_POINTS)
    assert all(callable(provisioning_hook(point)) for point in HOOK_POINTS)
    assert check_provisioning_hooks() == []


def test_a_moved_hook_fails_the_system_check_with_its_hook_point_named():
    hooks = {**settings.DISTRICT_PROVISIONING_HOOKS, "first_admin": "schools.gone.first_admin_create"}
    with override_settings(DISTRICT_PROVISIONING_HOOKS=hooks):
        errors = check_provisioning_hooks()
    assert [error.id for error in errors] == ["district.E001"]
    assert "'first_admin'" in errors[0].msg and "schools.gone" in errors[0].msg


def test_a_missing_hook_point_fails_the_system_check():
    hooks = {
        point: path
        for point, path in settings.DISTRICT_PROVISIONING_HOOKS.items()
        if point != "template_content"
    }
    with override_settings(DISTRICT_PROVISIONING_HOOKS=hooks):
        errors = check_provisioning_hooks()
    assert [error.id for error in errors] == ["district.E001"]
    assert "'template_content'" in errors[0].msg
