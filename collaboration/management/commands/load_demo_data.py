from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from collaboration.shared.portal_apps import portal_modules


class Command(BaseCommand):
    help = "Load the demo data (once: a second run keeps what is there) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo data although DEBUG is off (its accounts' passwords and TOTP secret are public).",
        )

    def handle(self, *args, **options):
        from collaboration import demo as accounts

        if settings.PRODUCTION and not options["allow_production"]:
            # The demo coordinator's password and TOTP secret are printed in the README: on a real site they
            # would be an open door to the admin.
            raise CommandError(
                "DEBUG är av (produktion): demodatans konton har lösenord och TOTP-hemlighet som står i README. "
                "Kör med --allow-production om det verkligen är en demoserver."
            )
        if accounts.is_loaded():
            self.stdout.write("Demodata finns redan; den behålls.")
        else:
            # The demo's own actions (ballots opening, bookings approved) send e-mail; keep it off the console.
            quiet_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
            with quiet_mail, transaction.atomic():
                for module in portal_modules("demo"):
                    module.load()
            self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        self.stdout.write("\nDemokonton (e-post, lösenord, roll):")
        for line in accounts.describe():
            self.stdout.write(line)
