"""Screenshots of the portal's main pages at a desktop and a phone width, for docs/screenshots/.

The portal is served from this process (Django's live server thread, static files from the finders) against
the database in the settings, which must hold the demo data (`make screenshots` builds a throwaway SQLite
database with it); Debian's Chromium at /usr/bin/chromium draws the pages through Playwright. Each PNG is
the page from the top, cut at --max-height and reduced to a palette so the repository stays small.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.testcases import LiveServerThread
from django.urls import reverse
from django.utils import timezone

CHROMIUM = Path("/usr/bin/chromium")
REPRESENTATIVE = "forening@example.org"  # the demo's association representative (collaboration/demo.py)


@dataclass
class Shot:
    name: str
    path: str
    signed_in: bool = False


def _shots() -> list[Shot]:
    from collaboration.models import Room
    from events.models import Event

    event = Event.objects.upcoming(timezone.now()).published().order_by("starts_at").first()
    room = Room.objects.order_by("pk").first()
    shots = [
        Shot("startsida", reverse("home")),
        Shot("evenemang", reverse("events:event-list")),
        Shot("aret", reverse("events:year-overview")),
        Shot("nobel21", reverse("room-list")),
        Shot("styrgrupp", reverse("steering:group")),
        Shot("arsrapporter", reverse("reports:annualreport-list")),
    ]
    if event:
        shots.insert(2, Shot("evenemang-sida", event.get_absolute_url()))
    if room:
        shots.insert(5, Shot("nobel21-vecka", reverse("room-week", kwargs={"pk": room.pk}), signed_in=True))
    return shots


class Command(BaseCommand):
    help = "Write screenshots of the main pages at 1280 and 320 px (demo data needed) to docs/screenshots/."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"))
        parser.add_argument("--widths", type=int, nargs="+", default=[1280, 320])
        parser.add_argument("--max-height", type=int, default=2400, help="cut longer pages here (px)")
        parser.add_argument(
            "--only", nargs="+", default=[], help="only these pages (by file name, e.g. startsida)"
        )
        parser.add_argument("--colours", type=int, default=96, help="palette size of the PNGs")

    def handle(self, *args, **options):
        from collaboration import demo

        try:
            from PIL import Image
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise CommandError(f"Playwright och Pillow behövs (uv sync med dev-gruppen): {error}") from error
        if not CHROMIUM.exists():
            raise CommandError(f"Chromium saknas: {CHROMIUM} (apt-get install chromium)")
        if not demo.is_loaded():
            raise CommandError("Demodatan saknas i databasen: kör manage.py load_demo_data först.")
        from collaboration.models import User

        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        shots = [shot for shot in _shots() if not options["only"] or shot.name in options["only"]]
        if not shots:
            raise CommandError(f"Inga sidor heter {', '.join(options['only'])}.")
        session = Client()
        session.force_login(User.objects.get(email=REPRESENTATIVE))
        cookie = session.cookies[settings.SESSION_COOKIE_NAME].value

        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise CommandError(f"Servern startade inte: {server.error}")
        base_url = f"http://127.0.0.1:{server.port}"
        written = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
                )
                for width in options["widths"]:
                    for signed_in in (False, True):
                        context = browser.new_context(
                            base_url=base_url, viewport={"width": width, "height": 900}, locale="sv-SE"
                        )
                        if signed_in:
                            context.add_cookies(
                                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
                            )
                        page = context.new_page()
                        for shot in (s for s in shots if s.signed_in == signed_in):
                            response = page.goto(shot.path)
                            if response is None or response.status >= 400:
                                raise CommandError(f"{shot.path}: {response and response.status}")
                            height = page.evaluate("() => document.documentElement.scrollHeight")
                            png = page.screenshot(
                                full_page=True,
                                clip={
                                    "x": 0,
                                    "y": 0,
                                    "width": width,
                                    "height": min(height, options["max_height"]),
                                },
                            )
                            image = Image.open(io.BytesIO(png)).convert("RGB")
                            image = image.quantize(colors=options["colours"], method=Image.Quantize.MEDIANCUT)
                            target = output / f"{shot.name}-{width}.png"
                            image.save(target, optimize=True)
                            written.append(target)
                        context.close()
                browser.close()
        finally:
            server.terminate()
        for target in written:
            self.stdout.write(f"{target} ({target.stat().st_size // 1024} kB)")
        self.stdout.write(self.style.SUCCESS(f"{len(written)} skärmbilder skrivna till {output}"))
