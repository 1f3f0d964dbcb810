"""Demo events: the real events of 2021 (annual report 2021) and 2022 (memo STK-2023-267), with participant
numbers close to those reported; from 2023 up to today the collaboration plan's yearly cycle as the demo invents
it (no document is behind those years' events); plus upcoming events in the coming months.

Where the documents give no date, the event is placed in the month the collaboration plan's cycle gives it.
Participants of past events are demo people ("Deltagare N") spread over demo organisations; their count is
the reported one.
"""

import collections
import contextlib
import datetime as dt
import itertools

from django.core.exceptions import ValidationError
from django.utils import timezone

from collaboration.models import Organisation, OrganisationKind, Room, Sector

from .models import (
    Evaluation,
    Event,
    EventKind,
    EventStatus,
    HeadCount,
    PlaceKind,
    Presenter,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    Session,
    Topic,
)

K = EventKind
CITY, CIVIL = Sector.CITY, Sector.CIVIL_SOCIETY
DIGITAL = "https://malmo.zoom.example.org/malmoandan"

# (date, title, presenter, title of presenter, organisation, sector, participants) — five Malmö hours, 158 in all
MALMO_HOURS_2021 = [
    ("2021-02-17", "Omvärld och näringsliv", "Micael Nord", "näringslivsdirektör", "Malmö stad", CITY, 30),
    (
        "2021-04-14",
        "Projektet Malmö tillsammans",
        "Nils Philips",
        "projektledare",
        "Malmö Tillsammans",
        CIVIL,
        32,
    ),
    (
        "2021-06-09",
        "Kulturförvaltningen",
        "Pernilla Conde Hellman",
        "kulturdirektör",
        "Kulturförvaltningen",
        CITY,
        33,
    ),
    ("2021-09-22", "MFF i samhället", "Karin Heri", "verksamhetsledare", "MFF i samhället", CIVIL, 31),
    (
        "2021-11-24",
        "Stadsbyggnad in i framtiden",
        "Marcus Horning",
        "stadsbyggnadsdirektör",
        "Stadsbyggnadskontoret",
        CITY,
        32,
    ),
]
# (date, topic, presenter organisation, participants): ten learning lunches, 10–15 each, online but one
LUNCHES_2021 = [
    ("2021-02-03", "Stadsplanering", "Stadsbyggnadskontoret", 14),
    ("2021-03-10", "Medborgarbudget", "Sveriges Kommuner och Regioner", 12),
    ("2021-04-07", "Utveckling av offentliga miljöer", "Fastighets- och gatukontoret", 11),
    ("2021-05-05", "Lokalekonomisk analys", "", 10),
    ("2021-06-02", "Vad är en social innovation?", "Mötesplats Social Innovation", 15),
    ("2021-08-25", "Lokal valuta", "professor Ester Barinaga", 13),
    ("2021-09-15", "Empower the districts", "ZigZag", 12),
    ("2021-10-06", "Embassy of sharing", "Midroc", 10),
    ("2021-10-27", "Naturmolnet", "Växtvärket", 14),
    ("2021-12-01", "Medborgarinflytande", "Digidem", 13),
]
FORUM_2021_TOPICS = [
    "Föreningslivet som resurs för jobbmöjligheter för unga",
    "Engagera existerande medlemmar att bli mer aktiva i föreningen",
    "Engagera fler ideella/få in nya ledare",
    "Hur ökar vi möjligheterna för föreningslivet?",
    "Samverkan mellan föreningsliv och akademin",
    "Stötta ungas välbefinnande/arbeta mot psykisk ohälsa",
    "Öka civilsamhällets delaktighet i kommunens arbete",
    "Vikten av att barns och ungas röster samt underrepresenterade grupper ska synas och höras",
]
LUNCHES_2022 = [
    ("2022-02-09", "Communities That Care (CTC)"),
    ("2022-03-16", "Samhällsentreprenörskap"),
    ("2022-04-20", "Klimatkontrakt 2030"),
    ("2022-05-18", "Lokal valuta"),
    ("2022-06-08", "Rätten till idrott"),
    ("2022-08-31", ""),
    ("2022-09-21", ""),
    ("2022-10-26", ""),
    ("2022-11-23", ""),
]
# The plan's cycle ("Tidplan", 002_…) in the years after the documents: (month, day, kind), each on the
# Wednesday on or after that day. Eight learning lunches and five Malmö hours a year, within the plan's 6–10 and
# 4–6; forums in February and October, idea workshops in April and November, a training in the spring.
CYCLE = [
    ((2, 2), K.LEARNING_LUNCH),
    ((2, 9), K.DIALOGUE_FORUM),
    ((2, 16), K.MALMO_HOUR),
    ((3, 9), K.LEARNING_LUNCH),
    ((4, 1), K.LEARNING_LUNCH),
    ((4, 13), K.MALMO_HOUR),
    ((4, 20), K.IDEA_WORKSHOP),
    ((5, 4), K.LEARNING_LUNCH),
    ((5, 18), K.TRAINING),
    ((6, 1), K.LEARNING_LUNCH),
    ((6, 8), K.MALMO_HOUR),
    ((9, 7), K.LEARNING_LUNCH),
    ((9, 21), K.MALMO_HOUR),
    ((10, 5), K.LEARNING_LUNCH),
    ((10, 12), K.DIALOGUE_FORUM),
    ((11, 2), K.LEARNING_LUNCH),
    ((11, 9), K.MALMO_HOUR),
    ((11, 23), K.IDEA_WORKSHOP),
]
FIRST_CYCLE_YEAR = 2023  # the first year the documents do not describe
# Topics the invented lunches, Malmö hours and open spaces take in turn, so that the years differ (none is one of
# `_load_upcoming`'s lunches).
LUNCH_TOPICS = [
    "Föreningar och folkhälsa",
    "Upphandling och idéburna aktörer",
    "Volontärer och ideella ledare",
    "Föreningars lokaler",
    "Social hållbarhet i stadsplaneringen",
    "Digitala möten som fungerar",
    "Medborgardialog",
    "Att mäta effekter",
    "Barnrättsperspektivet",
    "Samverkan med skolan",
    "Civilsamhället i krisberedskapen",
]
HOUR_TOPICS = [
    "Fritidsförvaltningens föreningsstöd",
    "Läxhjälp i stadsdelarna",
    "Stadens arbete mot segregation",
    "Mötesplatser för äldre",
    "Arbetsmarknadsinsatser för unga",
    "Idrott för alla",
    "Kultur i förorten",
]
OPEN_SPACE_TOPICS = [
    "Hur når vi dem som inte redan är engagerade?",
    "Lokaler och mötesplatser",
    "Långsiktig finansiering av idéburen verksamhet",
    "Samverkan mellan förvaltningar och föreningar",
    "Ungas inflytande",
    "Att hitta och behålla ideella",
    "Fokusområdet i praktiken",
]
EXTRA_ORGANISATIONS = [
    *((f"Demoförening {n}", OrganisationKind.NONPROFIT_ASSOCIATION) for n in range(1, 51)),
    ("Stadsbyggnadskontoret", OrganisationKind.DEPARTMENT),
    ("Arbetsmarknads- och socialförvaltningen", OrganisationKind.DEPARTMENT),
    ("Grundskoleförvaltningen", OrganisationKind.DEPARTMENT),
    ("Mötesplats Social Innovation", OrganisationKind.ACADEMIA),
]


def _at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute)))


def _organisations() -> list[Organisation]:
    existing = set(Organisation.objects.values_list("name", flat=True))
    for name, kind in EXTRA_ORGANISATIONS:
        if name not in existing:
            organisation = Organisation(name=name, kind=kind, category="annat" if "förening" in name else "")
            organisation.full_clean()
            organisation.save()
    # Roughly two civil-society participants for each one from the city, as at the forums.
    civil = list(Organisation.objects.filter(sector=CIVIL).order_by("pk"))
    other = list(Organisation.objects.exclude(sector=CIVIL).order_by("pk"))
    mixed = []
    for index in range(max(len(civil), len(other) * 2)):
        if index < len(civil):
            mixed.append(civil[index])
        if index % 2 == 0 and index // 2 < len(other):
            mixed.append(other[index // 2])
    return mixed


class _People:
    """Demo participants: the same few hundred people come back to several events, as in real life."""

    def __init__(self, organisations: list[Organisation]):
        self.organisations = organisations
        self.counter = itertools.count(1)

    def rows(self, count: int, distinct_organisations: int | None = None, sectors: tuple | None = None):
        pool = [org for org in self.organisations if sectors is None or org.sector in sectors]
        pool = pool[: distinct_organisations or len(pool)]
        for index in range(count):
            number = next(self.counter) % 400 + 1
            yield f"Deltagare {number}", f"deltagare{number}@example.org", pool[index % len(pool)]


def _event(kind, title, starts_at, ends_at, *, focus, place=PlaceKind.ONLINE, **fields) -> Event:
    if place == PlaceKind.ONLINE:
        fields.setdefault("online_link", DIGITAL)
    event = Event(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place_kind=place,
        focus_area=focus,
        status=fields.pop("status", EventStatus.PUBLISHED),
        capacity=fields.pop("capacity", 40),
        **fields,
    )
    event.full_clean()
    event.save()
    return event


def _participants(
    event: Event,
    people: _People,
    count: int,
    *,
    no_shows: int = 0,
    orgs: int | None = None,
    sectors: tuple | None = None,
):
    rows = []
    people_rows = people.rows(count + no_shows, orgs, sectors)
    for position, (name, email, organisation) in enumerate(people_rows, start=1):
        status = RegistrationStatus.NO_SHOW if position > count else RegistrationStatus.ATTENDED
        if not event.is_past:
            status = RegistrationStatus.CONFIRMED
        rows.append(
            Registration(
                event=event,
                name=name,
                email=email,
                organisation=organisation,
                status=status,
                position=position,
                status_changed_at=event.starts_at,
            )
        )
    return Registration.objects.bulk_create(rows)


def _evaluate(registrations: list[Registration], ratings: list[int]) -> None:
    Evaluation.objects.bulk_create(
        Evaluation(registration=registration, rating=rating)
        for registration, rating in zip(registrations, itertools.cycle(ratings), strict=False)
    )


def _focus(year: int):
    from steering.models import FocusArea

    return FocusArea.objects.for_year(year).first()


def _load_2021(people: _People) -> None:
    focus = _focus(2021)
    for day, title, name, role, organisation, sector, count in MALMO_HOURS_2021:
        event = _event(K.MALMO_HOUR, f"Malmötimmen: {title}", _at(day, 9), _at(day, 10), focus=focus)
        Presenter.objects.create(
            event=event, name=name, role_title=role, organisation_name=organisation, sector=sector
        )
        _participants(event, people, count)
    for day, topic, presenter, count in LUNCHES_2021:
        in_person = day == "2021-10-27"
        event = _event(
            K.LEARNING_LUNCH,
            f"Lärandelunch: {topic}",
            _at(day, 12),
            _at(day, 13),
            focus=focus,
            capacity=20,
            place=PlaceKind.ADDRESS if in_person else PlaceKind.ONLINE,
            address="Naturmolnet, Sofielund, Malmö" if in_person else "",
        )
        if presenter:
            Presenter.objects.create(event=event, name=presenter)
        _participants(event, people, count)
    forum = _event(
        K.DIALOGUE_FORUM,
        "Dialogforum 2021: Återstart",
        _at("2021-11-09", 13),
        _at("2021-11-09", 16),
        focus=focus,
        capacity=80,
        place=PlaceKind.ADDRESS,
        address="Nobel 21, Nobelvägen 21, Malmö",
        description="Open space om återstart efter pandemin. Deltagarna bidrog till innehållet före och under mötet.",
        documentation="Mer än 60 personer från 50 organisationer i Malmö stad, idéburen sektor och akademin.",
        documentation_url="https://www.malmoandan.se/dialogforum-2021-i-bilder",
    )
    # "Vid dialogforumet deltog mer än 60 personer från 50 organisationer, verksamma i Malmö stad, idéburen
    # sektor och inom akademin" (001_…): no one from business.
    attendees = _participants(forum, people, 62, no_shows=3, orgs=50, sectors=(CIVIL, CITY, Sector.ACADEMIA))
    for title in FORUM_2021_TOPICS:
        topic = Topic.objects.create(event=forum, title=title)
        topic.participants.add(*attendees[len(title) % 7 :: 8])
    _evaluate(attendees[:40], [4, 4, 5, 3, 4])
    workshop = _event(
        K.IDEA_WORKSHOP,
        "Idéverkstad 2021",
        _at("2021-11-30", 13),
        _at("2021-11-30", 16),
        focus=focus,
        capacity=40,
        place=PlaceKind.ADDRESS,
        address="Level, Mobilia, Malmö",
        description="Fortsättning på dialogforumets ämnen, i samverkan med inkubatorn Level.",
        documentation_url="https://www.malmoandan.se/dialogforum-2021-i-bilder",
    )
    # "Vid idéverkstaden deltog 30 personer, också denna gång från kommunen, idéburna organisationer och
    # akademin" (001_…): a count, with no list and no number of organisations.
    HeadCount.objects.create(
        event=workshop,
        total=30,
        note="Årsrapport 2021: 30 personer från kommunen, idéburna organisationer och akademin",
    )
    training = _event(
        K.TRAINING,
        "Medskapa förändring 2021–2022 (Malmöakademin)",
        _at("2021-10-12", 9),
        _at("2022-03-15", 16),
        focus=focus,
        capacity=6,
        selection_by_coordinators=True,
        place=PlaceKind.ADDRESS,
        address="Malmöakademin och digitalt",
        description="Ledarskapsutveckling och inkluderande processledning. Fem träffar, online och i Malmö.",
    )
    for number, day in enumerate(["2021-10-12", "2021-11-16", "2021-12-14", "2022-02-08", "2022-03-15"], 1):
        Session.objects.create(
            event=training, title=f"Träff {number}", starts_at=_at(day, 9), ends_at=_at(day, 16)
        )
    _participants(training, people, 6)
    # Annual report 2021, "Civila samhället i samverkan": "Under 2021 var det första gången utbildningen
    # genomfördes i Skåne ... Från Malmö deltog personer från fem olika organisationer i civilsamhället samt
    # personal från Malmö stad." The report gives no number of people and no date: a head count of five
    # civil-society organisations and Malmö stad (six), with the total left unknown, in the cycle's
    # April–September window for trainings. Malmöandan handed out no places of its own here (one of its
    # coordinators sat on the reference group), so it is not `selection_by_coordinators`.
    samverkan = _event(
        K.TRAINING,
        "Civila samhället i samverkan (Marie Cederschiölds högskola)",
        _at("2021-09-14", 9),
        _at("2021-09-14", 16),
        focus=focus,
        capacity=30,
        place=PlaceKind.ADDRESS,
        address="Marie Cederschiölds högskola och digitalt",
        description=(
            "Uppdragsutbildning med Nätverket idéburen sektor Skåne och Region Skåne: civilsamhällets historia "
            "i Sverige och hur relationerna mellan det offentliga och civilsamhället har utvecklats."
        ),
    )
    HeadCount.objects.create(
        event=samverkan,
        total=None,
        organisations=6,
        note="Årsrapport 2021: fem organisationer och Malmö stad",
    )


def _load_2022(people: _People) -> None:
    focus = _focus(2022)
    forum = _event(
        K.DIALOGUE_FORUM,
        "Dialogforum 2022: Ungas trygghet och delaktighet",
        _at("2022-10-18", 13),
        _at("2022-10-18", 16),
        focus=focus,
        capacity=130,
        place=PlaceKind.ADDRESS,
        address="Nobel 21, Nobelvägen 21, Malmö",
        documentation="Cirka 120 deltagare från Malmö stad, idéburen sektor, näringslivet och akademin.",
    )
    _participants(forum, people, 120)
    Topic.objects.create(event=forum, title="Ungas situation på arbetsmarknaden")
    Topic.objects.create(event=forum, title="Ungas psykiska och fysiska hälsa")
    for day, title in [
        ("2022-04-06", "Ungdomars väg till arbetsmarknaden"),
        ("2022-11-09", "Att motverka hat och hot på internet"),
    ]:
        event = _event(K.MALMO_HOUR, f"Malmötimmen: {title}", _at(day, 9), _at(day, 10), focus=focus)
        _participants(event, people, 30)
    for day, topic in LUNCHES_2022:
        title = f"Lärandelunch: {topic}" if topic else "Lärandelunch"
        event = _event(K.LEARNING_LUNCH, title, _at(day, 12), _at(day, 13), focus=focus, capacity=20)
        _participants(event, people, 12)
    training = _event(
        K.TRAINING,
        "Medskapa förändring 2022 (Malmöakademin)",
        _at("2022-09-13", 9),
        _at("2023-02-14", 16),
        focus=focus,
        capacity=4,
        selection_by_coordinators=True,
        place=PlaceKind.ADDRESS,
        address="Malmöakademin och digitalt",
        description="Fem träffar, varav tre online och två fysiska.",
    )
    # "Kursen omfattade fem träffar, varav tre online och två fysiska" (004_…); the dates are the demo's.
    for number, day in enumerate(["2022-09-13", "2022-10-11", "2022-11-15", "2023-01-17", "2023-02-14"], 1):
        Session.objects.create(
            event=training, title=f"Träff {number}", starts_at=_at(day, 9), ends_at=_at(day, 16)
        )
    _participants(training, people, 4)


def _cycle_day(year: int, month: int, day: int) -> str:
    date = dt.date(year, month, day)
    return (date + dt.timedelta(days=(2 - date.weekday()) % 7)).isoformat()


def _load_cycle_year(year: int, people: _People, now: dt.datetime) -> None:
    """The plan's cycle in an undocumented year, as far as it has happened by `now`: every event held, with
    its attendance, evaluations, and the topics and presenters the year overview asks for. Later events of the
    current year are left to `_load_upcoming`, as are learning lunches in the last month (its recent lunch)."""
    focus = _focus(year)
    city = [org for org in people.organisations if org.sector == CITY]
    civil = [org for org in people.organisations if org.sector == CIVIL]
    counts = itertools.count(year)
    held_before: collections.Counter = collections.Counter()  # each kind's events earlier in the year
    for (month, day_of_month), kind in CYCLE:
        ordinal = held_before[kind]
        held_before[kind] += 1
        # Topics in turn, from a different one each year: no topic comes twice in a year.
        nth = year * len(CYCLE) + ordinal
        day = _cycle_day(year, month, day_of_month)
        vary = next(counts) % 5  # modest numbers that differ from event to event
        if kind == K.LEARNING_LUNCH:
            starts_at, ends_at = _at(day, 12), _at(day, 13)
            if ends_at > now - dt.timedelta(days=30):
                continue
            topic = LUNCH_TOPICS[nth % len(LUNCH_TOPICS)]
            event = _event(
                K.LEARNING_LUNCH, f"Lärandelunch: {topic}", starts_at, ends_at, focus=focus, capacity=20
            )
            _evaluate(_participants(event, people, 9 + vary, no_shows=1)[:6], [4, 5, 4, 3])
            continue
        if kind == K.MALMO_HOUR:
            starts_at, ends_at = _at(day, 9), _at(day, 10)
            if ends_at > now:
                continue
            topic = HOUR_TOPICS[nth % len(HOUR_TOPICS)]
            event = _event(K.MALMO_HOUR, f"Malmötimmen: {topic}", starts_at, ends_at, focus=focus)
            # Malmö hours alternate a city and a civil-society presenter.
            presenters = city if ordinal % 2 else civil
            organisation = presenters[nth % len(presenters)]
            Presenter.objects.create(
                event=event,
                name=f"Föredragshållare från {organisation.name}",
                organisation_name=organisation.name,
                sector=organisation.sector,
            )
            _evaluate(_participants(event, people, 20 + 2 * vary)[:12], [4, 4, 5, 3])
            continue
        starts_at, ends_at = _at(day, 13), _at(day, 16)
        if ends_at > now:
            continue
        season = "våren" if month < 7 else "hösten"
        if kind == K.TRAINING:
            event = _event(
                K.TRAINING,
                f"Utbildning: Samverkan i praktiken {year}",
                _at(day, 9),
                ends_at,
                focus=focus,
                capacity=15,
                place=PlaceKind.ADDRESS,
                address="Nobel 21, Nobelvägen 21, Malmö",
                description="En dag om samverkan mellan kommunen och idéburen sektor, för föreningar och förvaltningar.",
            )
            _evaluate(_participants(event, people, 10 + vary), [5, 4, 4])
            continue
        forum = kind == K.DIALOGUE_FORUM
        event = _event(
            kind,
            f"{'Dialogforum' if forum else 'Idéverkstad'} {season} {year}",
            starts_at,
            ends_at,
            focus=focus,
            capacity=80 if forum else 30,
            place=PlaceKind.ADDRESS,
            address="Nobel 21, Nobelvägen 21, Malmö",
            description="Open space kring årets fokusområde."
            if forum
            else "Fortsättning på dialogforumets ämnen: idéer som kan bli samarbeten.",
        )
        count = (50 if forum else 20) + 3 * vary
        attendees = _participants(event, people, count, no_shows=2)[:count]
        for offset in range(3):
            title = OPEN_SPACE_TOPICS[(nth * 3 + offset) % len(OPEN_SPACE_TOPICS)]
            Topic.objects.create(event=event, title=title).participants.add(*attendees[offset::3])
        _evaluate(attendees[: len(attendees) // 2], [4, 4, 5, 3, 4])


def _load_upcoming(people: _People) -> None:
    from .services.rooms import event_booking_sync

    today = timezone.localdate()
    focus = _focus(today.year)
    room = Room.objects.filter(is_active=True).order_by("-capacity").first()
    host = Organisation.objects.filter(name="Malmö Ideella").first() or Organisation.objects.first()

    def day(offset: int) -> str:
        date = today + dt.timedelta(days=offset)
        while date.weekday() >= 5:
            date += dt.timedelta(days=1)
        return date.isoformat()

    def focus_on(iso_day: str):
        """The focus area of the year the event falls in (this year's while next year's is undecided)."""
        return _focus(int(iso_day[:4])) or focus

    lunch = _event(
        K.LEARNING_LUNCH,
        "Lärandelunch: Att söka fondmedel för föreningar",
        _at(day(12), 12),
        _at(day(12), 13),
        focus=focus_on(day(12)),
        capacity=15,
        place=PlaceKind.NOBEL21 if room else PlaceKind.ADDRESS,
        room=room,
        address="" if room else "Nobel 21, Nobelvägen 21, Malmö",
        description="Samordnarna visar hur man hittar rätt fond och skriver en ansökan. Ta gärna med kollegor!",
        signup_closes_at=_at(day(10), 12),
    )
    if host:
        lunch.organisers.add(host)
    # Lunch is served: the sign-up asks about diet, as coordinators do for every lunch.
    RegistrationQuestion.objects.create(event=lunch, text="Specialkost eller allergier", order=1)
    if room:
        # If the room-booking rules refuse (the room is taken), the event still shows its room.
        with contextlib.suppress(ValidationError):
            event_booking_sync(event=lunch, booked_by=None, organisation=host)
    for position, (name, email, organisation) in enumerate(people.rows(9), start=1):
        Registration.objects.create(
            event=lunch,
            name=name,
            email=email,
            organisation=organisation,
            status="confirmed",
            position=position,
        )
    recent_day = today - dt.timedelta(days=20)
    while recent_day.weekday() >= 5:
        recent_day -= dt.timedelta(days=1)
    recent = _event(
        K.LEARNING_LUNCH,
        "Lärandelunch: Föreningslivet och digitaliseringen",
        _at(recent_day.isoformat(), 12),
        _at(recent_day.isoformat(), 13),
        focus=focus_on(recent_day.isoformat()),
        capacity=20,
    )
    attended = _participants(recent, people, 12, no_shows=2)
    _evaluate(attended[:8], [4, 5, 3, 4])
    full = _event(
        K.LEARNING_LUNCH,
        "Lärandelunch: Idéburet offentligt partnerskap i praktiken",
        _at(day(26), 12),
        _at(day(26), 13),
        focus=focus_on(day(26)),
        capacity=6,
        description="Fullbokad: anmäl dig till väntelistan.",
    )
    for position, (name, email, organisation) in enumerate(people.rows(8), start=1):
        Registration.objects.create(
            event=full,
            name=name,
            email=email,
            organisation=organisation,
            status="confirmed" if position <= 6 else "waiting",
            position=position,
        )
    hour = _event(
        K.MALMO_HOUR,
        "Malmötimmen: Samverkan för jämlik hälsa",
        _at(day(40), 9),
        _at(day(40), 10),
        focus=focus_on(day(40)),
    )
    Presenter.objects.create(event=hour, name="Representant för Malmö stad", sector=CITY, order=1)
    Presenter.objects.create(event=hour, name="Representant för idéburen sektor", sector=CIVIL, order=2)
    _event(
        K.DIALOGUE_FORUM,
        "Dialogforum: vårens forum",
        _at(day(75), 13),
        _at(day(75), 16),
        focus=focus_on(day(75)),
        capacity=120,
        place=PlaceKind.ADDRESS,
        address="Nobel 21, Nobelvägen 21, Malmö",
        description="Open space: föreslå ämnen redan nu, och välj på plats vilka du vill vara med i.",
    )
    _event(
        K.TRAINING,
        "Medskapa förändring (Malmöakademin)",
        _at(day(120), 9),
        _at(day(120), 16),
        focus=focus_on(day(120)),
        capacity=4,
        selection_by_coordinators=True,
        place=PlaceKind.ADDRESS,
        address="Malmöakademin",
        status=EventStatus.DRAFT,
    )


def load() -> None:
    people = _People(_organisations())
    _load_2021(people)
    _load_2022(people)
    now = timezone.now()
    for year in range(FIRST_CYCLE_YEAR, timezone.localdate().year + 1):
        _load_cycle_year(year, people, now)
    _load_upcoming(people)


def describe() -> list[str]:
    return [
        "  Evenemang: 2021–2022 enligt årsrapporten och tjänsteskrivelsen, från 2023 samarbetsplanens årscykel "
        "(påhittad), plus kommande (/evenemang/)."
    ]
