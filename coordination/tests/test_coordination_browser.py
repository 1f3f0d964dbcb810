"""Browser journeys of issue 18 in Chromium, with axe on every page: a forum's topic carried to an idea
workshop becomes a department's need, matched with an association's offer, which grows into a partnership the
report traces to its forum; a representative follows funding deadlines and asks for help; an official signs up
for a dialogue forum as their department."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from collaboration.models import OrganisationKind, SupportEntry
from coordination.factories import FundFactory, PostingFactory
from coordination.models import Match, Posting, PostingKind
from events.factories import EventFactory
from events.models import EventKind, Topic


@pytest.fixture(autouse=True)
def _warm(page):
    """The first page a fresh live server serves (static files found, templates compiled) can take longer than
    the 10 s a step may on a busy machine; load it once before the journey."""
    page.goto("/", timeout=60_000)


def test_department_need_matched_accepted_and_grown_into_a_partnership_traced_to_its_forum(
    page, checks, sign_in_as, coordinator, representative, organisation
):
    from reports.figures import gather_section

    forum = EventFactory(
        kind=EventKind.DIALOGUE_FORUM,
        title="Dialogforum om unga",
        starts_at=timezone.now() - dt.timedelta(days=30),
    )
    topic = Topic.objects.create(event=forum, title="Sommarlov för alla")
    workshop = EventFactory(
        kind=EventKind.IDEA_WORKSHOP,
        title="Idéverkstad om sommarlovet",
        starts_at=timezone.now() - dt.timedelta(days=10),
    )
    department = OrganisationFactory(name="Fritidsförvaltningen", kind=OrganisationKind.DEPARTMENT)
    official = UserFactory(first_name="Maria")
    MembershipFactory(user=official, organisation=department)
    PostingFactory(kind=PostingKind.OFFER, organisation=organisation, title="Ideella ledare")

    # The department posts its need.
    sign_in_as(official)
    checks.visit("/behov-och-erbjudanden/nytt/")
    page.locator("#id_kind").select_option("need")
    page.locator("#id_organisation").select_option(str(department.pk))
    page.locator("#id_title").fill("Ledare till sommarlovet")
    page.locator("#id_description").fill("Vi behöver ledare till aktiviteter i Rosengård.")
    page.locator("#id_for_whom").fill("Barn 10–15 år")
    page.locator("#id_category").select_option("idrott")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    checks.check_page(label="need submitted")
    need = Posting.objects.get(title="Ledare till sommarlovet")

    # The coordinator carries the forum's topic on to the later idea workshop, from the topic's own page...
    page.context.clear_cookies()
    sign_in_as(coordinator)
    checks.visit(f"/evenemang/{forum.pk}/amnen/{topic.pk}/resultat/")
    page.locator("#id_result").fill("Förvaltningen och föreningarna vill göra sommarlovet tillsammans.")
    page.locator("#id_carried_to").select_option(str(workshop.pk))
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    checks.check_page(label="topic carried")
    assert page.get_by_role("link", name="Idéverkstad om sommarlovet").is_visible()
    topic.refresh_from_db()
    assert topic.carried_to == workshop
    # ...and the workshop's page links back to the forum it came from.
    checks.visit(workshop.get_absolute_url())
    assert page.get_by_text("Förda vidare hit").is_visible()
    page.get_by_role("link", name="Dialogforum om unga").click()
    page.wait_for_load_state()
    assert page.url.endswith(forum.get_absolute_url())

    # On the need's page the coordinator notes the topic it grew out of; the page links back to both events.
    checks.visit(need.get_absolute_url())
    page.locator("#id_topic").select_option(str(topic.pk))
    page.get_by_role("button", name="Spara ämnet").click()
    page.wait_for_load_state()
    checks.check_page(label="need linked to its topic")
    need.refresh_from_db()
    assert need.topic == topic
    assert page.get_by_role("link", name="Dialogforum om unga").is_visible()
    assert page.get_by_role("link", name="Idéverkstad om sommarlovet").is_visible()

    # The coordinator publishes it and matches it with the association's offer.
    page.locator("#id_decision").select_option("publish")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    checks.check_page(label="need published", reflow=True)
    page.locator("#id_offer").select_option(label="Ideella ledare (Föreningen Gemenskap)")
    page.locator("#id_note").fill("Föreningen har ledare, förvaltningen barnen och lokalerna.")
    page.get_by_role("button", name="Spara matchningen").click()
    page.wait_for_load_state()
    checks.check_page(label="match")
    match = Match.objects.get()
    assert sorted(m.to[0] for m in mail.outbox if "förslag" in m.subject) == sorted(
        [official.email, representative.email]
    )

    # Both parties accept.
    for party in (official, representative):
        page.context.clear_cookies()
        sign_in_as(party)
        checks.visit(match.get_absolute_url())
        page.get_by_role("button", name="Acceptera matchningen").click()
        page.wait_for_load_state()
    match.refresh_from_db()
    assert match.is_accepted

    # The coordinator turns it into a partnership; its page tells where it began.
    page.context.clear_cookies()
    sign_in_as(coordinator)
    checks.visit(match.get_absolute_url())
    page.locator("#id_title").fill("Sommarlov i Rosengård")
    page.locator("#id_form").select_option("project")
    page.get_by_role("button", name="Skapa samverkan").click()
    page.wait_for_load_state()
    checks.check_page(label="partnership", reflow=True)
    assert page.get_by_role("heading", name="Där det började").is_visible()
    assert page.get_by_role("link", name="Dialogforum om unga").is_visible()
    assert page.get_by_role("link", name="Idéverkstad om sommarlovet").is_visible()
    # The partnership links back to the match, the match to the need, the need to its topic's forum.
    page.get_by_role("link", name="Ledare till sommarlovet").click()
    page.wait_for_load_state()
    assert page.url.endswith(need.get_absolute_url())

    figures = gather_section("coordination", forum.starts_at.year)
    row = next(f for f in figures["forums"] if f["title"] == "Dialogforum om unga")
    assert row["count"] == 1 and row["collaborations"] == ["Sommarlov i Rosengård"]


def test_representative_follows_funding_gets_the_monthly_mail_and_asks_for_help(
    page, checks, sign_in_as, representative, organisation, coordinator
):
    from coordination.funding import funding_digest_send

    FundFactory(title="Trygghetsfonden", category_values=["social_trygghet"])
    sign_in_as(representative)
    checks.visit("/finansiering/")
    page.get_by_role("link", name="Få sista ansökningsdagar per e-post").click()
    page.wait_for_load_state()
    checks.check_page(label="subscription", reflow=True)
    page.get_by_label("Social trygghet").check()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()

    mail.outbox.clear()
    assert funding_digest_send() == 1
    [digest] = mail.outbox
    assert digest.to == [representative.email] and "Trygghetsfonden" in digest.body

    checks.visit("/finansiering/")
    page.get_by_role("link", name="Trygghetsfonden").click()
    page.wait_for_load_state()
    checks.check_page(label="fund")
    page.locator("#id_message").fill("Vi vill söka för ett läxhjälpsprojekt.")
    page.get_by_role("button", name="Be om hjälp").click()
    page.wait_for_load_state()
    checks.check_page(label="help asked")
    entry = SupportEntry.objects.get()
    assert entry.organisation == organisation and entry.kind == "funding"


def test_official_without_an_association_signs_up_for_a_forum_as_their_department(
    page, checks, sign_in_as, city_official
):
    department = OrganisationFactory(name="Stadskontoret", kind=OrganisationKind.CITY_OFFICE)
    forum = EventFactory(kind=EventKind.DIALOGUE_FORUM, title="Dialogforum i oktober")
    sign_in_as(city_official)
    checks.visit(f"/evenemang/{forum.pk}/anmalan/")
    page.locator("#id_organisation").select_option(str(department.pk))
    page.get_by_role("button", name="Anmäl", exact=True).click()
    page.wait_for_load_state()
    checks.check_page(label="signed up")
    registration = forum.registrations.get()
    assert registration.organisation == department and registration.user == city_official
