"""Demo needs and offers, a match, a call from 2022 (the help for refugees from Ukraine the 2021 report names),
funds with deadlines around today, and each demo event's level on the participation matrix."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from collaboration.models import Organisation, ParticipationLevel, User
from events.models import Event, EventKind, Topic

from .models import Call, Fund, FundCategory, Posting, PostingKind, PostingStatus
from .services import match_accept, match_create, posting_create

MALMO = ZoneInfo("Europe/Stockholm")

# What the coordinators record of each kind of event: the forums and workshops are dialogue, the rest informs.
LEVEL_BY_KIND = {
    EventKind.DIALOGUE_FORUM: ParticipationLevel.DIALOGUE,
    EventKind.IDEA_WORKSHOP: ParticipationLevel.DIALOGUE,
    EventKind.MALMO_HOUR: ParticipationLevel.INFORMATION,
    EventKind.LEARNING_LUNCH: ParticipationLevel.INFORMATION,
    EventKind.TRAINING: ParticipationLevel.INFORMATION,
}

FUNDS = [
    # (title, funder, for whom, categories, min, max, days to the deadline or None, link)
    (
        "Projektstöd för barn och unga",
        "Allmänna arvsfonden",
        "Ideella föreningar och stiftelser",
        ["social_trygghet", "utbildning"],
        None,
        None,
        45,
        "https://www.arvsfonden.se/",
    ),
    (
        "Aktivitetsbidrag",
        "Fritidsförvaltningen, Malmö stad",
        "Idrottsföreningar och ungdomsföreningar i Malmö",
        ["idrott"],
        None,
        None,
        20,
        "https://malmo.se/",
    ),
    (
        "Kulturstöd till föreningar",
        "Kulturförvaltningen, Malmö stad",
        "Kulturföreningar i Malmö",
        ["kultur"],
        5000,
        150000,
        120,
        "https://malmo.se/",
    ),
    (
        "Bidrag till hälsofrämjande insatser",
        "Stadskontoret, Malmö stad",
        "Idéburna organisationer med verksamhet i Malmö",
        ["halsa", "social_trygghet"],
        None,
        100000,
        None,
        "",
    ),
]


def _levels() -> None:
    for kind, level in LEVEL_BY_KIND.items():
        Event.objects.filter(kind=kind, level="").update(level=level)


def _funds(today: dt.date) -> None:
    for title, funder, for_whom, categories, low, high, days, url in FUNDS:
        fund = Fund(
            title=title,
            funder=funder,
            for_whom=for_whom,
            description=f"{title} från {funder}.",
            amount_min=low,
            amount_max=high,
            deadline=today + dt.timedelta(days=days) if days is not None else None,
            url=url,
            how_to_apply="Ansök i finansiärens e-tjänst. Samordnarna hjälper gärna till med ansökan.",
        )
        fund.full_clean()
        fund.save()
        FundCategory.objects.bulk_create(FundCategory(fund=fund, category=c) for c in categories)


def load() -> None:
    today = timezone.localdate()
    organisations = {o.name: o for o in Organisation.objects.all()}
    coordinator = User.objects.get(email="samordnare@example.org")
    farid = User.objects.get(email="forening@example.org")
    maria = User.objects.get(email="maria@example.org")
    _levels()
    _funds(today)

    # A forum topic carried on to the next idea workshop, and the department's need that grew out of it.
    topic = (
        Topic.objects.filter(event__kind=EventKind.DIALOGUE_FORUM, event__starts_at__lt=timezone.now())
        .select_related("event")
        .order_by("-event__starts_at", "pk")
        .first()
    )
    if topic is not None:
        workshop = (
            Event.objects.filter(kind=EventKind.IDEA_WORKSHOP, starts_at__gt=topic.event.starts_at)
            .order_by("starts_at")
            .first()
        )
        if workshop is not None:
            topic.carried_to = workshop
            topic.save(update_fields=["carried_to"])
    need = posting_create(
        posted_by=maria,
        organisation=organisations["Fritidsförvaltningen"],
        kind=PostingKind.NEED,
        title="Ledare till sommarlovsaktiviteter",
        description="Vi söker föreningar som kan leda aktiviteter för barn på sommarlovet i Rosengård och Fosie.",
        for_whom="Barn 10–15 år",
        category="idrott",
        place="Rosengård och Fosie",
        valid_until=today + dt.timedelta(days=90),
        topic=topic,
    )
    offer = posting_create(
        posted_by=farid,
        organisation=organisations["Föreningen Gemenskap"],
        kind=PostingKind.OFFER,
        title="Ideella ledare för barn och unga",
        description="Vi har ett tiotal utbildade ideella ledare som kan ta fler grupper.",
        for_whom="Barn och unga",
        category="social_trygghet",
        place="Malmö",
    )
    Posting.objects.filter(pk__in=[need.pk, offer.pk]).update(
        status=PostingStatus.PUBLISHED, reviewed_by=coordinator, reviewed_at=timezone.now()
    )
    need.refresh_from_db()
    offer.refresh_from_db()
    match = match_create(
        need=need,
        offer=offer,
        note="Föreningen har ledare och förvaltningen lokaler och barn.",
        matched_by=coordinator,
    )
    match_accept(match=match, accepted_by=maria)
    posting_create(
        posted_by=farid,
        organisation=organisations["Föreningen Gemenskap"],
        kind=PostingKind.NEED,
        title="Lokal för läxhjälp på kvällarna",
        description="Vi behöver en lokal två kvällar i veckan för läxhjälp.",
        for_whom="Elever i årskurs 4–9",
        category="utbildning",
        place="Södra innerstaden",
    )

    call = Call.objects.create(
        title="Hjälp till människor på flykt från Ukraina",
        cause="Samordning av föreningars och förvaltningars insatser för dem som kommer till Malmö från Ukraina.",
        opens_on=dt.date(2022, 3, 1),
        closes_on=dt.date(2022, 6, 30),
        created_by=coordinator,
    )
    Posting.objects.create(
        kind=PostingKind.OFFER,
        organisation=organisations["Röda Korset Malmö"],
        title="Mottagning och tolkar",
        description="Frivilliga som tar emot på Centralstationen och tolkar på ukrainska och ryska.",
        for_whom="Människor på flykt från Ukraina",
        category="social_trygghet",
        call=call,
        status=PostingStatus.PUBLISHED,
        reviewed_by=coordinator,
        reviewed_at=dt.datetime(2022, 3, 3, 12, tzinfo=MALMO),
    )


DESCRIPTION = [
    "  Behov och erbjudanden: en matchning mellan Fritidsförvaltningen och Föreningen Gemenskap väntar på att "
    "forening@example.org accepterar; fonder och bidrag med sista ansökningsdagar.",
]


def describe() -> list[str]:
    return DESCRIPTION
