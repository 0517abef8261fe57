from django.db import migrations

# OneRoster role -> (at a school, at the district). Blank gives no membership; the district
# edits the mapping (coaches, for instance, are often "aide" or "counselor" in an SIS).
DEFAULTS = {
    "teacher": ("teacher", ""),
    "administrator": ("school_leader", "central_office"),
    "principal": ("school_leader", ""),
    "siteAdministrator": ("school_leader", ""),
    "districtAdministrator": ("", "central_office"),
    "systemAdministrator": ("", ""),
    "aide": ("", ""),
    "counselor": ("", ""),
    "proctor": ("", ""),
}


def add_defaults(apps, schema_editor):
    RoleMapping = apps.get_model("rostering", "RoleMapping")
    for role, (at_school, at_district) in DEFAULTS.items():
        RoleMapping.objects.get_or_create(
            oneroster_role=role, defaults={"at_school": at_school, "at_district": at_district}
        )


class Migration(migrations.Migration):
    dependencies = [("rostering", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
