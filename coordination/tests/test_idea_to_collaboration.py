"""From a forum topic to a collaboration: each step links back, the partnership page tells where it began,
and the annual report counts the collaborations of each forum and the spread over the participation matrix."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import OrganisationFactory, UserFactory
from collaboration.models import OrganisationKind
from coordination.factories import PostingFactory
from coordination.models import PostingKind
from coordination.services import match_accept, match_create, match_partnership_create
from events.factories import EventFactory
from events.models import EventKind, Topic
from reports.figures import gather_section

pytestmark = pytest.mark.django_db


def _at(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


@pytest.fixture
def story(coordinator, representative, organisation):
    """A forum topic carried to a workshop, a department's need from it, an association's offer, matched,
    accepted by both, and grown into a partnership."""
    forum = EventFactory(
        kind=EventKind.DIALOGUE_FORUM, title="Dialogforum om trygghet", starts_at=_at(40), level="dialogue"
    )
    workshop = EventFactory(
        kind=EventKind.IDEA_WORKSHOP, title="Idéverkstad", starts_at=_at(20), level="consultation"
    )
    EventFactory(kind=EventKind.LEARNING_LUNCH, starts_at=_at(10))  # no level recorded
    topic = Topic.objects.create(event=forum, title="Trygga mötesplatser", carried_to=workshop)
    department = OrganisationFactory(name="Fritidsförvaltningen", kind=OrganisationKind.DEPARTMENT)
    official = UserFactory()
    from collaboration.factories import MembershipFactory

    MembershipFactory(user=official, organisation=department)
    need = PostingFactory(
        kind=PostingKind.NEED,
        organisation=department,
        topic=topic,
        title="Mötesplatser",
        reviewed_at=timezone.now(),
    )
    offer = PostingFactory(
        kind=PostingKind.OFFER, organisation=organisation, title="Vi har lokaler", reviewed_at=timezone.now()
    )
    match = match_create(need=need, offer=offer, note="Lokaler för mötesplatser", matched_by=coordinator)
    match_accept(match=match, accepted_by=official)
    match_accept(match=match, accepted_by=representative)
    partnership = match_partnership_create(
        match=match,
        created_by=coordinator,
        title="Trygga mötesplatser i Rosengård",
        form="project",
        purpose="Mötesplatser för unga",
    )
    return {"forum": forum, "workshop": workshop, "topic": topic, "partnership": partnership, "match": match}


def test_report_counts_the_collaborations_of_each_forum_and_names_them(story):
    figures = gather_section("coordination", timezone.localdate().year)
    forums = {row["title"]: row for row in figures["forums"]}
    if story["forum"].starts_at.year != timezone.localdate().year:
        pytest.skip("the forum fell in last year (the test runs in early January)")
    assert forums["Dialogforum om trygghet"]["count"] == 1
    assert forums["Dialogforum om trygghet"]["collaborations"] == ["Trygga mötesplatser i Rosengård"]
    assert (
        figures["matches"] == 1
        and figures["matches_accepted"] == 1
        and figures["matches_to_partnerships"] == 1
    )
    activities = gather_section("activities", timezone.localdate().year)["levels"]
    events = {item["level"]: item["n"] for item in activities["levels"]}
    assert events["dialogue"] == 1 and events["consultation"] == 1 and activities["unrecorded"] == 1
    partnerships = gather_section("partnerships", timezone.localdate().year)["levels"]
    assert {item["level"]: item["n"] for item in partnerships["levels"]}["partnership"] == 1


def test_partnership_page_shows_where_it_began(client, story):
    page = client.get(reverse("partnership-detail", args=[story["partnership"].pk]))
    # Not public until signed: the coordinators see it.
    assert page.status_code == 404
    story["partnership"].stage = "running"
    story["partnership"].save(update_fields=["stage"])
    html = client.get(reverse("partnership-detail", args=[story["partnership"].pk])).content.decode()
    assert "Där det började" in html
    assert story["forum"].get_absolute_url() in html and story["workshop"].get_absolute_url() in html
    assert story["match"].need.get_absolute_url() in html


def test_need_page_links_back_to_the_forum_topic(client, story):
    html = client.get(story["match"].need.get_absolute_url()).content.decode()
    assert "Trygga mötesplatser" in html and story["forum"].get_absolute_url() in html


def test_a_topic_is_carried_only_to_a_later_idea_workshop(story):
    topic = story["topic"]
    topic.carried_to = EventFactory(kind=EventKind.MALMO_HOUR, starts_at=_at(5))
    with pytest.raises(ValidationError):
        topic.full_clean()
    topic.carried_to = EventFactory(kind=EventKind.IDEA_WORKSHOP, starts_at=_at(60))
    with pytest.raises(ValidationError):
        topic.full_clean()


def test_the_report_document_traces_each_collaboration_to_its_forum(story):
    from reports.models import AnnualReport
    from reports.rendering import render_report_html
    from reports.services import report_content

    year = story["forum"].starts_at.year
    html = render_report_html(report_content(AnnualReport.objects.create(year=year)))
    assert 'id="samordning"' in html
    assert "1 samverkan växte fram ur forumet: Trygga mötesplatser i Rosengård." in html
    assert (
        "Årets evenemang per nivå i delaktighetsmatrisen: information 0, samråd 1, dialog 1, partnerskap 0"
        in html
    )


def test_a_snapshot_from_before_the_section_renders_without_it(story):
    from reports.models import AnnualReport
    from reports.rendering import render_report_html
    from reports.services import report_content

    content = report_content(AnnualReport.objects.create(year=story["forum"].starts_at.year))
    del content["figures"]["coordination"]
    assert 'id="samordning"' not in render_report_html(content)


def test_report_tells_politicians_and_officials_apart(story):
    from collaboration.models import Membership
    from events.factories import RegistrationFactory

    committee = OrganisationFactory(name="Fritidsnämnden", kind=OrganisationKind.COMMITTEE)
    politician, official = UserFactory(), UserFactory()
    Membership.objects.create(
        user=politician, organisation=committee, city_role="politician", confirmed_at=timezone.now()
    )
    department = story["partnership"].parties.get(side="public").organisation
    Membership.objects.filter(organisation=department).update(city_role="official")
    official = Membership.objects.get(organisation=department).user
    for user, organisation in ((politician, committee), (official, department)):
        RegistrationFactory(event=story["forum"], user=user, email=user.email, organisation=organisation)
    RegistrationFactory(event=story["forum"], organisation=department)  # a walk-in without an account
    figures = gather_section("coordination", story["forum"].starts_at.year)
    assert (figures["city_politicians"], figures["city_officials"], figures["city_unknown_role"]) == (1, 1, 1)

    # The same split in the forum's own sector figures: its row, the figures page's rows and the document.
    from reports.exports import figure_rows
    from reports.figures import gather_all
    from reports.rendering import render_report_html
    from reports.services import report_content

    year = story["forum"].starts_at.year
    forum = next(f for f in gather_section("dialogue", year)["forums"] if f["id"] == story["forum"].pk)
    assert forum["city_roles"] == {"politicians": 1, "officials": 1, "unknown": 1}
    rows = {label: value for _section, label, value in figure_rows(gather_all(year))}
    assert [value for label, value in rows.items() if label.endswith("– förtroendevalda politiker")] == [1]
    assert [value for label, value in rows.items() if label.endswith("– tjänstepersoner")] == [1]
    from reports.models import AnnualReport

    html = render_report_html(report_content(AnnualReport.objects.create(year=year)))
    assert "Från Malmö stad: 1 förtroendevald politiker och 1 tjänsteperson, 1 utan angiven roll." in html
