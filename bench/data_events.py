"""Events over five years: 40 a year of every kind, 1 500 sign-ups a year, topics and evaluations."""

from __future__ import annotations

import datetime as dt

KINDS = [  # (kind, events per 40, capacity)
    ("dialogforum", 2, 120),
    ("ideverkstad", 2, 40),
    ("malmotimmen", 5, 60),
    ("larandelunch", 9, 40),
    ("utbildning", 8, 25),
    ("other", 14, 30),
]


def build(*, rng, scale, start: dt.date, end: dt.date, today: dt.date, people) -> dict[str, int]:
    from collaboration.models import Membership
    from events.factories import EventFactory, RegistrationFactory, TopicFactory
    from events.models import Evaluation, Event, EventStatus, Registration, RegistrationStatus, Topic
    from steering.models import FocusArea

    from .dataset import at

    focus = {f.start_year: f for f in FocusArea.objects.all()}
    memberships = list(Membership.objects.select_related("user", "organisation").order_by("pk"))
    events = []
    for year in range(start.year, end.year + 1):
        first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        days = (last - first).days
        count = round(scale.events_per_year * days / 365)
        # Every kind at least once a year (the report has a section per kind), the rest as in a real year.
        kinds = [kind for kind, _n, _c in KINDS][:count]
        kinds += rng.choices(
            [k for k, _n, _c in KINDS], weights=[n for _k, n, _c in KINDS], k=count - len(kinds)
        )
        rng.shuffle(kinds)
        capacity = {kind: cap for kind, _n, cap in KINDS}
        for index, kind in enumerate(kinds):
            day = first + dt.timedelta(days=min(days, round(index * days / count) + rng.randint(0, 3)))
            begins = at(day, rng.choice([9, 12, 13, 17]))
            events.append(
                EventFactory.build(
                    kind=kind,
                    title=f"{kind.capitalize()} {day:%Y-%m-%d}",
                    description="Välkommen! " * 40,
                    starts_at=begins,
                    ends_at=begins + dt.timedelta(hours=rng.choice([1, 2, 3])),
                    capacity=capacity[kind],
                    focus_area=focus.get(day.year),
                    status=EventStatus.CANCELLED if rng.random() < 0.03 else EventStatus.PUBLISHED,
                )
            )
    events = Event.objects.bulk_create(events)

    # Sign-ups: spread so that some events fill up and keep a waiting list.
    now = dt.datetime.now(tz=dt.UTC)
    per_event = scale.signups_per_year * scale.years / max(1, len(events))
    registrations = []
    for event in events:
        wanted = max(1, round(rng.uniform(0.3, 1.7) * per_event))
        past = event.ends_at < now
        for position, membership in enumerate(rng.sample(memberships, min(wanted, len(memberships))), 1):
            if position > event.capacity:
                status = RegistrationStatus.WAITING if not past else RegistrationStatus.CANCELLED
            elif past:
                status = RegistrationStatus.ATTENDED if rng.random() < 0.85 else RegistrationStatus.NO_SHOW
            else:
                status = RegistrationStatus.CONFIRMED
            user = membership.user
            registrations.append(
                RegistrationFactory.build(
                    event=event,
                    user=user,
                    name=user.get_full_name() or user.email,
                    email=user.email,
                    organisation=membership.organisation,
                    status=status,
                    position=position,
                    registered_by=user,
                )
            )
    registrations = Registration.objects.bulk_create(registrations, batch_size=2_000)

    evaluations = [
        Evaluation(
            registration=r, rating=rng.randint(2, 5), comment=rng.choice(["", "Givande.", "Bra möte."])
        )
        for r in registrations
        if r.status == RegistrationStatus.ATTENDED and rng.random() < 0.4
    ]
    Evaluation.objects.bulk_create(evaluations, batch_size=2_000)
    topics = [
        TopicFactory.build(event=e, proposed_by=rng.choice(people))
        for e in events
        if e.kind == "dialogforum"
        for _ in range(8)
    ]
    Topic.objects.bulk_create(topics)
    return {
        "events": len(events),
        "registrations": len(registrations),
        "evaluations": len(evaluations),
        "topics": len(topics),
    }
