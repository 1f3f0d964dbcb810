"""Recording a past event in Chromium: a walk-in on the door list, an imported list with an error fixed, a
head count and paper evaluations, topics; then the year overview's gap list. axe-core and 320 px on each page.
"""

import datetime as dt

import pytest
from django.utils import timezone

from events.factories import EventFactory
from events.models import EventKind, Registration
from tests.browser.fixtures import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"),
]


def test_coordinator_records_a_past_forum_through_the_portal(page, checks, coordinator, sign_in_as, tmp_path):
    year = timezone.now().year - 1
    forum = EventFactory(
        kind=EventKind.DIALOGUE_FORUM,
        title="Dialogforum i oktober",
        starts_at=dt.datetime(year, 10, 12, 11, tzinfo=dt.UTC),
        ends_at=dt.datetime(year, 10, 12, 14, tzinfo=dt.UTC),
    )
    lunch = EventFactory(
        kind=EventKind.LEARNING_LUNCH,
        title="Lärandelunch i mars",
        starts_at=dt.datetime(year, 3, 2, 11, tzinfo=dt.UTC),
        ends_at=dt.datetime(year, 3, 2, 12, tzinfo=dt.UTC),
    )
    sign_in_as(coordinator)
    checks.visit(f"/evenemang/aret/?ar={year}")
    page.get_by_role("link", name="Deltagare har inte registrerats för Dialogforum 12 oktober").click()
    page.wait_for_load_state()
    checks.check_page(reflow=True, label="door list, nothing recorded")

    page.get_by_role("link", name="Ange antal deltagare").click()
    checks.check_page(reflow=True, label="head count form")
    page.locator("#id_total").fill("87")
    page.locator("#id_organisations").fill("41")
    page.locator("#id_sector_civil_society").fill("60")
    page.locator("#id_sector_city").fill("27")
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    assert "87 deltagare enligt samordnarnas räkning." in page.content()

    page.get_by_role("link", name="Registrera utvärderingar på papper").click()
    checks.check_page(reflow=True, label="paper evaluation form")
    page.locator("#id_score_4").fill("10")
    page.locator("#id_score_5").fill("10")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    assert "medel 4,5 av 20 svar" in page.content()

    page.get_by_role("link", name="Ämnen och resultat").click()
    checks.check_page(reflow=True, label="topic form")
    for title in ("Ungas trygghet", "Mötesplatser", "Fonder", "Volontärer"):
        page.locator("#id_title").fill(title)
        page.locator("main form [type=submit]").click()
        page.wait_for_load_state()
    assert forum.topics.count() == 4

    checks.visit(f"/evenemang/{lunch.pk}/deltagare/import/")
    bad = tmp_path / "lunch.csv"
    bad.write_text(
        "Namn;E-post;Organisation;Sektor\nAda;ada@example.org;Förening A;idéburen\nBo;bo@;Förening B;idéburen\n"
    )
    page.locator("#id_file").set_input_files(str(bad))
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    checks.check_page(reflow=True, label="import preview with an error")
    assert "Rad 3: ogiltig e-postadress bo@" in page.content()
    assert not Registration.objects.exists()
    page.get_by_role("link", name="Ladda upp en annan fil").click()
    bad.write_text(
        "Namn;E-post;Organisation;Sektor\nAda;ada@example.org;Förening A;idéburen\nBo;bo@example.org;Förening B;idéburen\n"
    )
    page.locator("#id_file").set_input_files(str(bad))
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Spara 2 deltagare").click()
    page.wait_for_load_state()
    assert "2 deltagare är importerade." in page.content()

    page.get_by_role("link", name="Lägg till deltagare").click()
    checks.check_page(reflow=True, label="walk-in form")
    page.locator("#id_name").fill("Cia Dörr")
    page.locator("#id_sector").select_option("city")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    assert "3 deltagare från 2 organisationer" in page.content()
    checks.check_page(reflow=True, label="door list with records")
    checks.visit(f"/evenemang/aret/?ar={year}")
    assert "Deltagare har inte registrerats för Dialogforum 12 oktober" not in page.content()
