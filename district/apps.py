from django.apps import AppConfig


class DistrictConfig(AppConfig):
    name = "district"
    verbose_name = "Districts"

    def ready(self):
        from district import hooks  # noqa: F401 - registers the provisioning hooks' system check
