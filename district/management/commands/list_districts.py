from django.core.management.base import BaseCommand

from district.selectors import district_list


class Command(BaseCommand):
    help = "List the districts with their domains and readiness."

    def handle(self, *args, **options):
        districts = list(district_list())
        if not districts:
            self.stdout.write("No districts yet. Create one with `manage.py create_district`.")
            return
        rows = [("SLUG", "NAME", "DOMAINS", "TIMEZONE", "READY", "CREATED")]
        for d in districts:
            rows.append(
                (
                    d.schema_name,
                    d.name,
                    ", ".join(dom.domain for dom in d.domains.all()),
                    d.timezone,
                    "yes" if d.is_ready else "no",
                    d.created_at.strftime("%Y-%m-%d %H:%M"),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
