"""One access rule per model: the database's answer and the cached copy's answer are the same rule.

Every `VisibilityRule` (collaboration.shared.access_rules) is tried for every persona on rows of every status its
condition tells apart: where the rule can be answered on a loaded object, `allows` must agree with the
query row by row; where it cannot (a membership subquery), it must say so rather than guess. The pages that
read a cached copy (event, ballot, annual report) must refuse and admit exactly what their uncached path does.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404
from django.urls import get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collaboration.factories import OrganisationFactory, PartnershipFactory
from collaboration.models import PartnershipStage
from collaboration.shared import fragments
from collaboration.shared.access_rules import NotEvaluable, VisibilityRule, holds, rules
from coordination.factories import CallFactory, FundFactory, MatchFactory, PostingFactory
from coordination.models import Posting, PostingStatus
from events.access import get_event_for_user
from events.factories import EventFactory
from events.models import Event, EventStatus
from reports.access import get_annual_report_for_user, get_cached_report_for_user
from reports.models import AnnualReport, ReportVersion, VersionStatus
from steering.access import get_ballot_for_user, get_cached_ballot_for_user
from steering.factories import BallotFactory
from steering.models import Ballot, BallotKind, BallotStatus

PERSONAS = ["coordinator", "representative", "contact", "steering_member", "city_official", "outsider"]
# The models whose rows are ever shown from a cached copy: their rules must be answerable on the object.
CACHED = {"events.Event", "steering.Ballot", "reports.AnnualReport"}


@pytest.fixture
def people(request, db):
    users = {name: request.getfixturevalue(name) for name in PERSONAS}
    return {"anonymous": AnonymousUser(), **users}


@pytest.fixture
def rows(people, organisation):
    """Rows of every status each rule tells apart, some of the representative's organisation."""
    today = timezone.localdate()
    for status in EventStatus:
        EventFactory(status=status)
    for kind in BallotKind:
        for status in BallotStatus:
            BallotFactory(kind=kind, status=status)
    for year, approved in ((2023, True), (2024, False)):
        report = AnnualReport.objects.create(year=year)
        ReportVersion.objects.create(
            report=report,
            number=1,
            status=VersionStatus.READY,
            content={},
            decision_date=dt.date(year + 1, 4, 1) if approved else None,
            decision_reference=f"STK-{year + 1}-1" if approved else "",
        )
    for stage in PartnershipStage:
        reason = "Föreningen lade ner verksamheten." if stage == PartnershipStage.STOPPED else ""
        PartnershipFactory(stage=stage, stopped_reason=reason)
    other = OrganisationFactory()
    for status in PostingStatus:
        for valid_until in (None, today - dt.timedelta(days=1), today + dt.timedelta(days=1)):
            for owner in (organisation, other):
                PostingFactory(status=status, valid_until=valid_until, organisation=owner)
    MatchFactory(need__organisation=organisation, offer__organisation=other)
    MatchFactory(need__organisation=other, offer__organisation=other)
    MatchFactory(need__organisation=other, offer__organisation=organisation)
    for published in (True, False):
        CallFactory(is_published=published)
        FundFactory(is_published=published)


def _all_rules() -> list[VisibilityRule]:
    assert get_resolver().url_patterns  # the URLconf imports every view, so every access module and its rules
    return rules()


def test_every_model_shown_to_some_and_not_others_has_one_rule():
    labels = {rule.model._meta.label for rule in _all_rules()}
    assert labels >= CACHED | {
        "collaboration.Partnership",
        "coordination.Posting",
        "coordination.Match",
        "coordination.Call",
        "coordination.Fund",
    }
    assert len(labels) == len(_all_rules()), "no model has two rules"


@pytest.mark.django_db
def test_the_rule_answers_the_same_on_a_loaded_row_as_in_the_database(people, rows):
    for rule in _all_rules():
        every_row = list(rule.filter(rule.model.objects.all(), people["coordinator"]))
        assert every_row, f"{rule}: the test made no rows"
        seen_by = {}
        for persona, user in people.items():
            seen_by[persona] = set(rule.filter(rule.model.objects.all(), user).values_list("pk", flat=True))
            for row in every_row:
                try:
                    allowed = rule.allows(user, row)
                except NotEvaluable:
                    assert rule.model._meta.label not in CACHED, f"{rule} for {persona} needs the database"
                    continue
                assert allowed == (row.pk in seen_by[persona]), f"{rule}, {persona}, row {row.pk}"
        # Not vacuous: someone other than a coordinator sees a row, and someone is refused one.
        assert any(seen_by[persona] for persona in people if persona != "coordinator"), rule
        assert any(len(seen) < len(every_row) for seen in seen_by.values()), rule


@pytest.mark.django_db
def test_a_cached_page_admits_and_refuses_exactly_as_its_uncached_path(people, rows):
    def answer(get, *args, **kwargs):
        try:
            get(*args, **kwargs)
        except Http404:
            return "404"
        return "200"

    checks = 0
    for persona, user in people.items():
        for event in Event.objects.all():
            version = fragments.version("event-page", key=event.pk)
            uncached = answer(get_event_for_user, user, event.pk)
            assert answer(get_event_for_user, user, event.pk, version=version) == uncached, (persona, event)
            checks += 1
        for ballot in Ballot.objects.all():
            version = fragments.version("ballots")
            uncached = answer(get_ballot_for_user, user, ballot.pk)
            assert answer(get_cached_ballot_for_user, user, ballot.pk, version) == uncached, (persona, ballot)
            checks += 1
        for report in AnnualReport.objects.all():
            version = fragments.version("reports")
            uncached = answer(get_annual_report_for_user, user, report.year)
            assert answer(get_cached_report_for_user, user, report.year, version) == uncached, (
                persona,
                report,
            )
            checks += 1
    assert checks == len(people) * (len(EventStatus) + len(BallotKind) * len(BallotStatus) + 2)


@pytest.mark.django_db
def test_a_posting_is_public_by_the_same_condition_as_the_public_list(rows):
    public = set(Posting.objects.public().values_list("pk", flat=True))
    assert public and public != set(Posting.objects.values_list("pk", flat=True))
    for posting in Posting.objects.all():
        assert posting.is_public == (posting.pk in public), posting


@pytest.mark.django_db
def test_a_condition_the_object_cannot_answer_is_refused_not_guessed():
    event = Event(status=EventStatus.PUBLISHED, title="Dialogforum")
    with pytest.raises(NotEvaluable):
        holds(Q(focus_area__title="Hälsa"), event)  # follows a relation
    with pytest.raises(NotEvaluable):
        holds(Q(title__icontains="dialog"), event)  # another lookup
    with pytest.raises(NotEvaluable):
        holds(Q(pk__in=Event.objects.values("pk")), event)  # a subquery
    with pytest.raises(NotEvaluable):  # a column the cached copy did not load would be a query
        holds(Q(status=EventStatus.PUBLISHED), Event.objects.only("pk").get(pk=EventFactory().pk))
    with pytest.raises(NotEvaluable):  # unanswerable even where an OR could have stopped early
        holds(Q(status=EventStatus.PUBLISHED) | Q(title__icontains="dialog"), event)


_STATUS = st.sampled_from(list(EventStatus))
_CAPACITY = st.integers(min_value=0, max_value=60)
_LEAF = st.one_of(
    _STATUS.map(lambda status: Q(status=status)),
    st.lists(_STATUS, max_size=3).map(lambda statuses: Q(status__in=statuses)),
    _CAPACITY.map(lambda n: Q(capacity__gte=n)),
    _CAPACITY.map(lambda n: Q(capacity__lt=n)),
    st.booleans().map(lambda empty: Q(focus_area__isnull=empty)),
    st.just(Q()),
)
_CONDITIONS = st.recursive(
    _LEAF,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda pair: pair[0] & pair[1]),
        st.tuples(inner, inner).map(lambda pair: pair[0] | pair[1]),
        st.tuples(inner, inner).map(lambda pair: pair[0] ^ pair[1]),
        inner.map(lambda q: ~q),
    ),
    max_leaves=6,
)


@pytest.fixture
def events_of_every_kind(db):
    from steering.factories import FocusAreaFactory

    area = FocusAreaFactory()
    return [
        EventFactory(status=status, capacity=capacity, focus_area=area if with_area else None)
        for status in EventStatus
        for capacity in (0, 25, 60)
        for with_area in (True, False)
    ]


@pytest.mark.django_db
# The events are made once per test and never changed by an example.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(condition=_CONDITIONS)
def test_any_condition_of_answerable_lookups_holds_on_the_object_exactly_when_the_database_finds_it(
    events_of_every_kind, condition
):
    found = set(Event.objects.filter(condition).values_list("pk", flat=True))
    for event in events_of_every_kind:
        assert holds(condition, event) == (event.pk in found), (condition, event.status, event.capacity)
