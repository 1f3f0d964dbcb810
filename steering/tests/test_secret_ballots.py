"""Secret ballots: the receipt (who voted) and the choice (what) are stored apart with no link; the voter alone
holds the receipt code that lets them change their choice while the ballot is open."""

import hashlib

import pytest
from django.db import connection
from django.urls import reverse

from collaboration.factories import UserFactory
from steering.factories import open_focus_ballot
from steering.models import AuditAction, AuditEvent, SecretChoice, Vote
from steering.services.ballots import ReceiptCodeError, ballot_close, ballot_tally, vote_cast

pytestmark = pytest.mark.django_db


def _option(ballot, index=0):
    return ballot.options.filter(is_abstain=False).order_by("position")[index]


def _state(ballot):
    return (
        list(Vote.objects.filter(ballot=ballot).values_list("sealed_choice", flat=True)),
        list(Vote.objects.filter(ballot=ballot).values_list("option", "changed_at", "times_changed")),
        AuditEvent.objects.filter(ballot=ballot).count(),
    )


def test_the_choice_table_has_no_voter_no_time_and_only_a_hash_of_the_code():
    columns = {
        c.name
        for c in connection.introspection.get_table_description(connection.cursor(), "steering_secretchoice")
    }
    assert columns == {"id", "ballot_id", "option_id", "receipt_hash"}
    voter = UserFactory()
    ballot = open_focus_ballot(voters=[voter], is_secret=True)
    vote = vote_cast(ballot=ballot, user=voter, option_id=_option(ballot).pk)
    assert vote.option is None and len(vote.receipt_code) >= 32
    # While open the choice is sealed in the receipt, readable by nobody with the database alone.
    assert not SecretChoice.objects.filter(ballot=ballot).exists()
    sealed = Vote.objects.get(pk=vote.pk).sealed_choice
    assert sealed and str(_option(ballot).pk) not in sealed.split('"')
    ballot = ballot_close(ballot=ballot)
    assert Vote.objects.filter(ballot=ballot).exclude(sealed_choice="", receipt_check="").count() == 0
    choice = SecretChoice.objects.get(ballot=ballot)
    assert choice.option == _option(ballot)
    assert vote.receipt_code not in choice.receipt_hash
    expected = hashlib.sha256(f"steering-ballot:{ballot.pk}:{vote.elector_id}:{vote.receipt_code}".encode())
    assert choice.receipt_hash == expected.hexdigest()
    assert Vote.objects.get(pk=vote.pk).receipt_code is None  # the code is never stored


def test_a_secret_vote_changes_with_the_code_and_the_receipt_is_left_untouched():
    voter = UserFactory()
    ballot = open_focus_ballot(voters=[voter], is_secret=True)
    code = vote_cast(ballot=ballot, user=voter, option_id=_option(ballot).pk).receipt_code
    vote = vote_cast(ballot=ballot, user=voter, option_id=_option(ballot, 1).pk, receipt_code=f" {code} ")
    assert vote.receipt_code is None  # no new code: the old one keeps working
    receipt = Vote.objects.get(ballot=ballot)
    assert (receipt.option, receipt.changed_at, receipt.times_changed) == (None, None, 0)
    changed = AuditEvent.objects.get(ballot=ballot, action=AuditAction.VOTE_CHANGED)
    assert (changed.actor, changed.mandate, changed.detail, changed.votes_total) == (None, None, "", 1)
    vote_cast(ballot=ballot, user=voter, option_id=_option(ballot).pk, receipt_code=code)
    ballot = ballot_close(ballot=ballot)
    assert ballot_tally(ballot).winners == [_option(ballot)]
    assert ballot_tally(ballot).votes == 1


@pytest.mark.parametrize("code", [None, "", "fel-kod"])
def test_a_secret_vote_is_not_changed_without_its_own_code(code):
    voter, other = UserFactory(), UserFactory()
    ballot = open_focus_ballot(voters=[voter, other], is_secret=True)
    vote_cast(ballot=ballot, user=voter, option_id=_option(ballot).pk)
    others_code = vote_cast(ballot=ballot, user=other, option_id=_option(ballot).pk).receipt_code
    before = _state(ballot)
    message = "behövs kvittokoden" if not code else "Kvittokoden stämmer inte"
    with pytest.raises(ReceiptCodeError, match=message):
        vote_cast(ballot=ballot, user=voter, option_id=_option(ballot, 1).pk, receipt_code=code)
    # Another voter's code does not open this voter's choice either.
    with pytest.raises(ReceiptCodeError, match="Kvittokoden stämmer inte"):
        vote_cast(ballot=ballot, user=voter, option_id=_option(ballot, 1).pk, receipt_code=others_code)
    assert _state(ballot) == before


def test_the_page_shows_the_code_once_and_keeps_it_in_a_cookie_for_this_ballot_only(client):
    voter = UserFactory()
    ballot = open_focus_ballot(voters=[voter], is_secret=True)
    client.force_login(voter)
    detail = reverse("steering:ballot-detail", args=[ballot.pk])
    page = client.get(detail).content.decode()
    assert 'name="receipt_code"' not in page  # a first vote needs no code
    response = client.post(reverse("steering:ballot-vote", args=[ballot.pk]), {"option": _option(ballot).pk})
    assert response.status_code == 200
    code = response.context["vote"].receipt_code
    assert code in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    cookie = response.cookies["kvitto"]
    assert cookie.value != code and cookie.value.startswith(f"{code}:")  # signed, so it cannot be forged
    assert cookie["path"] == detail and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert code not in str(dict(client.session))  # never in the server-side session
    page = client.get(detail).content.decode()
    assert code not in page  # shown once
    assert "har din kvittokod sparad" in page


def test_the_browser_that_voted_changes_the_vote_with_its_cookie(client):
    voter = UserFactory()
    ballot = open_focus_ballot(voters=[voter], is_secret=True)
    client.force_login(voter)
    url = reverse("steering:ballot-vote", args=[ballot.pk])
    client.post(url, {"option": _option(ballot).pk})
    response = client.post(url, {"option": _option(ballot, 1).pk}, follow=True)
    assert "Din röst är ändrad" in response.content.decode()
    ballot_close(ballot=ballot)
    assert list(SecretChoice.objects.values_list("option", flat=True)) == [_option(ballot, 1).pk]
    assert AuditEvent.objects.filter(ballot=ballot, action=AuditAction.VOTE_CHANGED).count() == 1


def test_another_browser_changes_the_vote_with_the_pasted_code_and_not_with_a_wrong_one(client):
    voter = UserFactory()
    ballot = open_focus_ballot(voters=[voter], is_secret=True)
    code = vote_cast(ballot=ballot, user=voter, option_id=_option(ballot).pk).receipt_code
    client.force_login(voter)  # a fresh browser: no cookie
    url = reverse("steering:ballot-vote", args=[ballot.pk])
    page = client.get(reverse("steering:ballot-detail", args=[ballot.pk])).content.decode()
    assert 'name="receipt_code"' in page and "klistra in kvittokoden" in page
    before = _state(ballot)
    for data, message in [
        ({}, "behövs kvittokoden"),
        ({"receipt_code": "fel-kod"}, "Kvittokoden stämmer inte"),
    ]:
        response = client.post(url, {"option": _option(ballot, 1).pk, **data})
        assert response.status_code == 400 and message in response.content.decode()
        assert 'aria-invalid="true"' in response.content.decode() or "is-invalid" in response.content.decode()
    client.cookies["kvitto"] = "förfalskad"  # a tampered cookie counts as none
    response = client.post(url, {"option": _option(ballot, 1).pk})
    assert response.status_code == 400 and "behövs kvittokoden" in response.content.decode()
    assert _state(ballot) == before
    response = client.post(url, {"option": _option(ballot, 1).pk, "receipt_code": code})
    assert response.status_code == 302
    assert response.cookies["kvitto"]["path"]  # this browser now remembers the code too
    ballot_close(ballot=ballot)
    assert list(SecretChoice.objects.values_list("option", flat=True)) == [_option(ballot, 1).pk]
