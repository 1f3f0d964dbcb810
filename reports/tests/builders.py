"""A year of recorded activity, built with the apps' factories, for the report's tests."""

import datetime as dt
from zoneinfo import ZoneInfo

from collaboration.factories import (
    BookingFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
    RoomFactory,
    UserFactory,
)
from events.factories import EventFactory, RegistrationFactory, TopicFactory
from events.models import Evaluation, Presenter, Session
from steering.factories import FocusAreaFactory, MandateFactory, MeetingFactory

TZ = ZoneInfo("Europe/Stockholm")


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


def build_year(year: int = 2022, scale: int = 1) -> dict:
    """Recorded activity for `year`; `scale` multiplies the rows (sign-ups, bookings) but not the events."""
    focus = FocusAreaFactory(title="Ungas trygghet och delaktighet", start_year=year)
    FocusAreaFactory(title="Jämlik hälsa – rörelse och kost", start_year=year + 1)
    civil = [OrganisationFactory(name=f"Förening {i}", kind="ideell_forening") for i in range(3)]
    city = OrganisationFactory(name="Fritidsförvaltningen", kind="forvaltning")

    mandates = [
        MandateFactory(
            side="city", category="", starts_on=dt.date(year - 1, 1, 1), ends_on=dt.date(year + 1, 12, 31)
        )
        for _ in range(3)
    ] + [
        MandateFactory(side="civil_society", starts_on=dt.date(year, 1, 1), ends_on=dt.date(year + 1, 12, 31))
        for _ in range(5)
    ]
    MandateFactory(
        side="city",
        category="",
        role="co_opted",
        user=UserFactory(first_name="Tom", last_name="Roodro"),
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
    )
    for month, present in ((2, 6), (5, 5), (9, 3), (11, 8)):
        meeting = MeetingFactory(held_at=at(year, month, 10))
        meeting.attendees.set(mandates[:present])

    forum = EventFactory(
        kind="dialogforum", title="Dialogforum", starts_at=at(year, 10, 20, 9), focus_area=focus, capacity=500
    )
    for i in range(40 * scale):
        registration = RegistrationFactory(
            event=forum, organisation=civil[i % 3] if i % 4 else city, status="attended"
        )
        if i % 2 == 0:
            Evaluation.objects.create(registration=registration, rating=4 if i % 4 else 5)
    RegistrationFactory(event=forum, organisation=city, status="no_show")
    TopicFactory(event=forum, title="Ungas situation på arbetsmarknaden", result="Ett nätverk bildades.")
    TopicFactory(event=forum, title="Ungas psykiska och fysiska hälsa")

    workshop = EventFactory(kind="ideverkstad", title="Idéverkstad", starts_at=at(year, 11, 15), capacity=60)
    for i in range(12 * scale):
        RegistrationFactory(event=workshop, organisation=civil[i % 3])

    hours = []
    for month, title, count in ((3, "Ungas väg till arbetsmarknaden", 25), (10, "Motverka hat och hot", 31)):
        hour = EventFactory(kind="malmotimmen", title=title, starts_at=at(year, month, 8), capacity=200)
        Presenter.objects.create(
            event=hour, name="Karin Heri", organisation_name="MFF i samhället", sector="civil_society"
        )
        Presenter.objects.create(
            event=hour, name="Micael Nord", organisation_name="Malmö stad", sector="city", order=1
        )
        for i in range(count * scale):
            RegistrationFactory(event=hour, organisation=civil[i % 3], status="attended")
        hours.append(hour)
    for month, title in ((4, "Communities That Care"), (6, "Lokal valuta"), (9, "Rätten till idrott")):
        lunch = EventFactory(kind="larandelunch", title=title, starts_at=at(year, month, 12, 12), capacity=30)
        for i in range(12 * scale):
            RegistrationFactory(event=lunch, organisation=civil[i % 3])
    training = EventFactory(
        kind="utbildning",
        title="Medskapa förändring",
        starts_at=at(year, 9, 1),
        ends_at=at(year, 9, 1, 16),
        capacity=4,
    )
    for month in (9, 10, 11):
        Session.objects.create(
            event=training, starts_at=at(year, month, 1, 9), ends_at=at(year, month, 1, 16)
        )
    for i in range(4):
        RegistrationFactory(event=training, organisation=city if i % 2 else civil[0])
    EventFactory(kind="malmotimmen", title="Utkast", status="draft", starts_at=at(year, 12, 1))

    room = RoomFactory(name=f"Stora salen {year}", capacity=80)
    for i in range(30 * scale):
        BookingFactory(
            room=room,
            organisation=civil[i % 3],
            starts_at=at(year, 1 + i % 12, 1 + i // 12 % 28, 8) + dt.timedelta(hours=i // 336),
            ends_at=at(year, 1 + i % 12, 1 + i // 12 % 28, 8) + dt.timedelta(hours=i // 336, minutes=50),
            expected_attendees=10,
        )

    iop = PartnershipFactory(
        title="Kraftsamling Herrgården",
        stage="running",
        commissioned_on=dt.date(year - 2, 10, 1),
        signed_on=dt.date(year - 1, 5, 1),
        starts_on=dt.date(year - 1, 6, 1),
        purpose="Att samla gemensamma resurser för bättre förutsättningar för de boende.",
    )
    PartnershipPartyFactory(partnership=iop, organisation=civil[0], side="civil_society")
    PartnershipPartyFactory(partnership=iop, organisation=city, side="public")
    PartnershipFactory(
        title="Jämlik hälsa på Lindängen", stage="dialogue", commissioned_on=dt.date(year, 3, 1)
    )
    return {"focus": focus, "forum": forum, "hours": hours, "training": training}
