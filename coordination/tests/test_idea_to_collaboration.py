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


def test_a_coordinator_carries_a_topic_to_a_later_workshop_in_the_portal(client, coordinator, story):
    topic, forum, workshop = story["topic"], story["forum"], story["workshop"]
    topic.carried_to = None
    topic.save(update_fields=["carried_to"])
    url = reverse("events:topic-result", args=[forum.pk, topic.pk])
    client.force_login(coordinator)
    earlier = EventFactory(kind=EventKind.IDEA_WORKSHOP, starts_at=_at(60))
    # Only later idea workshops are offered; another is refused with the form's message and changes nothing.
    choices = client.get(url).context["form"].fields["carried_to"].queryset
    assert list(choices) == [workshop]
    for refused in (earlier.pk, "nej", EventFactory(kind=EventKind.MALMO_HOUR, starts_at=_at(5)).pk):
        response = client.post(url, {"result": "Vi fortsätter.", "carried_to": refused})
        assert response.status_code == 400
        assert "Välj en idéverkstad efter evenemanget i listan." in response.content.decode()
        topic.refresh_from_db()
        assert topic.carried_to is None and topic.result == ""
    response = client.post(url, {"result": "Vi fortsätter.", "carried_to": workshop.pk})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.carried_to == workshop and topic.result == "Vi fortsätter."
    # The forum's page links on to the workshop; the workshop's page links back to the forum.
    client.logout()
    assert workshop.get_absolute_url() in client.get(forum.get_absolute_url()).content.decode()
    workshop_page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Förda vidare hit" in workshop_page and forum.get_absolute_url() in workshop_page


def test_a_coordinator_links_a_posting_to_the_topic_it_came_from(client, coordinator, representative, story):
    need = story["match"].need
    url = reverse("coordination:posting-topic", args=[need.pk])
    future = EventFactory(kind=EventKind.DIALOGUE_FORUM, starts_at=timezone.now() + dt.timedelta(days=30))
    not_yet = Topic.objects.create(event=future, title="Ännu inte hållet")
    # Nobody else may: the representative of the other side is refused and nothing changes.
    client.force_login(representative)
    assert client.post(url, {"topic": ""}).status_code == 403
    need.refresh_from_db()
    assert need.topic == story["topic"]
    client.force_login(coordinator)
    for refused in (not_yet.pk, "x", 10**9):
        response = client.post(url, {"topic": refused})
        assert response.status_code == 400
        assert (
            "Välj ett ämne från ett dialogforum eller en idéverkstad i listan." in response.content.decode()
        )
        need.refresh_from_db()
        assert need.topic == story["topic"]
    assert client.post(url, {"topic": ""}).status_code == 302
    need.refresh_from_db()
    assert need.topic is None
    assert client.post(url, {"topic": story["topic"].pk}).status_code == 302
    html = client.get(need.get_absolute_url()).content.decode()
    assert story["forum"].get_absolute_url() in html and story["workshop"].get_absolute_url() in html


@pytest.mark.parametrize("extra", [2, 6])
def test_the_pages_of_the_trail_cost_the_same_queries_at_two_sizes(
    client, coordinator, story, extra, django_assert_max_num_queries
):
    """The need's page (with the coordinator's topic form), the workshop's page (with the topics carried to it)
    and the topic's page, with three times as many topics to choose from and carried."""
    for n in range(extra):
        forum = EventFactory(kind=EventKind.DIALOGUE_FORUM, starts_at=_at(50 + n))
        Topic.objects.create(event=forum, title=f"Ämne {n}", carried_to=story["workshop"])
        PostingFactory(topic=story["topic"])
    client.force_login(coordinator)
    for url, ceiling in (
        (story["match"].need.get_absolute_url(), 10),
        (story["workshop"].get_absolute_url(), 18),
        (reverse("events:topic-result", args=[story["forum"].pk, story["topic"].pk]), 8),
    ):
        with django_assert_max_num_queries(ceiling):
            assert client.get(url).status_code == 200


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
