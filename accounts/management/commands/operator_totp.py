import segno
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.models import User
from accounts.two_factor.services import operator_totp_enrol, totp_secret


class Command(BaseCommand):
    help = (
        "Set up a platform operator's authenticator app (TOTP), required to sign in to the admin on "
        "the public host. Prints the otpauth:// URI, the key to type and a QR code to scan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The operator's email (a staff account).")
        parser.add_argument("--replace", action="store_true", help="Replace an existing app (a lost phone).")
        parser.add_argument("--no-qr", action="store_true", help="Print the URI and key only.")

    def handle(self, *args, email, replace, no_qr, **options):
        connection.set_schema_to_public()  # operators live in the public schema
        operator = User.objects.filter(email__iexact=email.strip()).first()
        if operator is None:
            raise CommandError(f"No operator {email}. Create one with `manage.py createsuperuser`.")
        try:
            device = operator_totp_enrol(operator=operator, replace=replace)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Authenticator app set up for {operator.email}. Add it to the app with:")
        self.stdout.write(f"  URI: {device.config_url}")
        self.stdout.write(f"  key: {totp_secret(device)}")
        if not no_qr:
            segno.make(device.config_url, error="m").terminal(out=self.stdout, compact=True)
        self.stdout.write("Then sign in at /admin/ with your email, password and the app's 6-digit code.")
