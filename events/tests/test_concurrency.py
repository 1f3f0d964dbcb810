"""Capacity holds under concurrent sign-ups and cancellations: real threads against PostgreSQL."""

import threading

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collaboration.models import Membership, User
from events.factories import EventFactory, RegistrationFactory
from events.models import RegistrationStatus
from events.tokens import CANCEL, token_make

THREADS = 16  # the test database is shared with other work; 16 connections keep well under max_connections


def _members(organisation, count: int) -> list[User]:
    password = make_password("x")
    users = User.objects.bulk_create(
        User(email=f"concurrent{i}@example.org", first_name="P", last_name=str(i), password=password)
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, confirmed_at=timezone.now()) for user in users
    )
    return users


def _run_in_threads(jobs) -> list:
    """Run the callables on THREADS threads that start together; returns their results."""
    results = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)
    chunks = [jobs[i::THREADS] for i in range(THREADS)]

    def worker(chunk):
        try:
            barrier.wait()
            for job in chunk:
                outcome = job()
                with lock:
                    results.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _signup_job(user, event, organisation):
    client = Client()
    client.force_login(user)
    url = reverse("events:registration-create", kwargs={"pk": event.pk})
    data = {
        "organisation": organisation.pk,
        "include_myself": "on",
        "kollega-TOTAL_FORMS": "0",
        "kollega-INITIAL_FORMS": "0",
    }
    return lambda: client.post(url, data).status_code


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_sign_ups_to_50_places_leave_50_confirmed_and_150_waiting_in_arrival_order(
    organisation,
):
    event = EventFactory(capacity=50)
    users = _members(organisation, 200)
    jobs = [_signup_job(user, event, organisation) for user in users]

    statuses = _run_in_threads(jobs)

    assert len(statuses) == 200
    assert set(statuses) == {302}, "every sign-up answered with a redirect to the event, no errors"
    registrations = list(event.registrations.order_by("position"))
    assert len(registrations) == 200
    assert [r.position for r in registrations] == list(range(1, 201))
    assert [r.status for r in registrations] == [RegistrationStatus.CONFIRMED] * 50 + [
        RegistrationStatus.WAITING
    ] * 150


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_10_cancellations_racing_new_sign_ups_promote_exactly_the_10_first_waiting(organisation):
    event = EventFactory(capacity=50)
    confirmed = [
        RegistrationFactory(event=event, organisation=organisation, position=i) for i in range(1, 51)
    ]
    waiting = [
        RegistrationFactory(
            event=event, organisation=organisation, position=i, status=RegistrationStatus.WAITING
        )
        for i in range(51, 71)
    ]
    newcomers = _members(organisation, 22)
    cancel_jobs = []
    for registration in confirmed[:10]:
        url = reverse("events:registration-cancel", kwargs={"token": token_make(CANCEL, registration.pk)})
        cancel_jobs.append(lambda url=url: Client().post(url).status_code)
    signup_jobs = [_signup_job(user, event, organisation) for user in newcomers]
    jobs = [job for pair in zip(cancel_jobs + [None] * 12, signup_jobs, strict=True) for job in pair if job]

    statuses = _run_in_threads(jobs)

    assert statuses.count(302) == 32
    by_position = {r.position: r.status for r in event.registrations.all()}
    assert [by_position[i] for i in range(1, 11)] == [RegistrationStatus.CANCELLED] * 10
    assert [by_position[i] for i in range(51, 61)] == [RegistrationStatus.CONFIRMED] * 10
    assert [by_position[i] for i in range(61, 71)] == [RegistrationStatus.WAITING] * 10
    assert event.registrations.holding_place().count() == 50
    newcomer_statuses = set(event.registrations.filter(position__gt=70).values_list("status", flat=True))
    assert newcomer_statuses == {RegistrationStatus.WAITING}
    assert [r.position for r in event.registrations.waiting()] == sorted(
        r.position for r in event.registrations.waiting()
    )
    assert {w.pk for w in waiting[:10]} == set(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED, position__gt=50).values_list(
            "pk", flat=True
        )
    )
