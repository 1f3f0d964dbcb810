"""Vote integrity on PostgreSQL with real threads: the database keeps one vote per voter."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import UserFactory
from steering.factories import open_focus_ballot
from steering.models import AuditAction, AuditEvent, SecretChoice, Vote
from steering.services.ballots import BallotError, ReceiptCodeError, ballot_close, vote_cast

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_submissions_by_one_member_leave_one_vote():
    voter = UserFactory()
    ballot = open_focus_ballot(voters=[voter])
    options = list(ballot.options.values_list("pk", flat=True))
    barrier = threading.Barrier(20)
    errors: list[Exception] = []

    def submit(i: int):
        try:
            barrier.wait()
            vote_cast(ballot=ballot, user=voter, option_id=options[i % len(options)])
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Vote.objects.filter(ballot=ballot).count() == 1
    vote = Vote.objects.get(ballot=ballot)
    assert vote.times_changed == 19
    assert AuditEvent.objects.filter(ballot=ballot, action=AuditAction.VOTE_CAST).count() == 1
    assert AuditEvent.objects.filter(ballot=ballot, action=AuditAction.VOTE_CHANGED).count() == 19


def _twenty_at_once(submit) -> list[Exception]:
    barrier = threading.Barrier(20)
    errors: list[Exception] = []

    def run(i: int):
        try:
            barrier.wait()
            submit(i)
        except Exception as error:  # collected and asserted by the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_twenty_concurrent_submissions_in_a_secret_ballot_leave_one_receipt_and_one_choice():
    voter = UserFactory()
    ballot = open_focus_ballot(voters=[voter], is_secret=True)
    options = list(ballot.options.values_list("pk", flat=True))
    codes: list[str] = []

    def first(i: int):
        codes.append(vote_cast(ballot=ballot, user=voter, option_id=options[i % len(options)]).receipt_code)

    errors = _twenty_at_once(first)
    # One of them voted and got the code; the other 19 came without it and changed nothing.
    assert len(codes) == 1 and len(errors) == 19
    assert all(isinstance(e, ReceiptCodeError) for e in errors)
    assert (
        Vote.objects.filter(ballot=ballot).count(),
        Vote.objects.filter(ballot=ballot).exclude(sealed_choice="").count(),
        SecretChoice.objects.filter(ballot=ballot).count(),
    ) == (1, 1, 0)  # the choice stays sealed until closing

    errors = _twenty_at_once(
        lambda i: vote_cast(
            ballot=ballot, user=voter, option_id=options[i % len(options)], receipt_code=codes[0]
        )
    )
    assert errors == []
    assert (
        Vote.objects.filter(ballot=ballot).count(),
        Vote.objects.filter(ballot=ballot).exclude(sealed_choice="").count(),
        SecretChoice.objects.filter(ballot=ballot).count(),
    ) == (1, 1, 0)  # the choice stays sealed until closing
    assert AuditEvent.objects.filter(ballot=ballot, action=AuditAction.VOTE_CAST).count() == 1
    assert AuditEvent.objects.filter(ballot=ballot, action=AuditAction.VOTE_CHANGED).count() == 20
    ballot_close(ballot=ballot)
    assert SecretChoice.objects.filter(ballot=ballot).count() == 1


def test_database_refuses_a_second_vote_row_for_one_voter():
    from django.db import IntegrityError

    voter = UserFactory()
    ballot = open_focus_ballot(voters=[voter])
    vote = vote_cast(ballot=ballot, user=voter, option_id=ballot.options.first().pk)
    with pytest.raises(IntegrityError):
        Vote.objects.create(ballot=ballot, elector=vote.elector, option=vote.option)


@pytest.mark.parametrize("case", ["before_opening", "after_closing", "non_member"])
def test_refused_votes_through_the_page_change_nothing(client, case):
    voter, outsider = UserFactory(), UserFactory()
    if case == "before_opening":
        ballot = open_focus_ballot(
            voters=[voter],
            opens_at=timezone.now() + dt.timedelta(days=1),
            closes_at=timezone.now() + dt.timedelta(days=2),
        )
    else:
        ballot = open_focus_ballot(voters=[voter])
    if case == "after_closing":
        ballot_close(ballot=ballot)
    client.force_login(outsider if case == "non_member" else voter)
    option = ballot.options.first()
    option_id = option.pk if option else 0  # a scheduled ballot gets its options when it opens
    before = (Vote.objects.count(), AuditEvent.objects.count())
    response = client.post(reverse("steering:ballot-vote", args=[ballot.pk]), {"option": option_id})
    assert response.status_code == 400
    expected = {
        "before_opening": "inte öppnat än",
        "after_closing": "Omröstningen är stängd",
        "non_member": "inte i röstlängden",
    }[case]
    assert expected in response.content.decode()
    assert (Vote.objects.count(), AuditEvent.objects.count()) == before
    with pytest.raises(BallotError):
        vote_cast(
            ballot=ballot,
            user=outsider if case == "non_member" else voter,
            option_id=option_id,
        )


def test_database_keeps_the_audit_trail_append_only():
    from django.db import DatabaseError, transaction

    event = AuditEvent.objects.create(action=AuditAction.OPENED, detail="öppnad")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="ändrad")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    AuditEvent.objects.filter(pk=event.pk).update(actor=None)  # detaching an erased account is allowed
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(actor=UserFactory())  # repointing it is not
    event.refresh_from_db()
    assert event.detail == "öppnad" and event.actor is None
