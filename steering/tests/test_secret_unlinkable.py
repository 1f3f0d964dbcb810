"""On PostgreSQL, a closed secret ballot cannot be undone by reading the database: every column of the
receipts, the electorate and the counted choices, system columns included, leads from no voter to a choice."""

import pytest
from django.db import connection

from collaboration.factories import UserFactory
from steering.factories import open_focus_ballot
from steering.models import Vote
from steering.services.ballots import ballot_close, vote_cast

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SYSTEM = ("xmin", "xmax", "cmin", "cmax", "ctid")


def _rows(table: str, ballot_id: int) -> list[dict]:
    with connection.cursor() as cursor:
        system = ", ".join(f"{c}::text AS sys_{c}" for c in SYSTEM)
        cursor.execute(f"SELECT {system}, * FROM {table} WHERE ballot_id = %s", [ballot_id])
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _ctid_key(row: dict) -> tuple[int, int]:
    page, item = row["sys_ctid"].strip("()").split(",")
    return int(page), int(item)


def test_no_column_of_a_closed_secret_ballot_links_a_voter_to_a_choice():
    voters = [UserFactory() for _ in range(7)]
    ballot = open_focus_ballot(voters=voters, proposals=7, is_secret=True)
    options = list(ballot.options.filter(is_abstain=False).order_by("position"))
    codes = {}
    for voter, option in zip(voters, options, strict=True):  # each voter a choice of their own
        codes[voter.pk] = vote_cast(ballot=ballot, user=voter, option_id=option.pk).receipt_code
    # Two change their minds, as voters do; the change leaves the receipt's columns as they were.
    vote_cast(ballot=ballot, user=voters[0], option_id=options[0].pk, receipt_code=codes[voters[0].pk])
    vote_cast(ballot=ballot, user=voters[1], option_id=options[1].pk, receipt_code=codes[voters[1].pk])
    truth = {voter.pk: option.pk for voter, option in zip(voters, options, strict=True)}

    ballot_close(ballot=ballot)

    receipts = _rows("steering_vote", ballot.pk)
    electors = _rows("steering_elector", ballot.pk)
    choices = _rows("steering_secretchoice", ballot.pk)
    assert len(receipts) == len(electors) == len(choices) == 7
    assert sorted(c["option_id"] for c in choices) == sorted(truth.values())  # every vote counted

    # The receipts keep nothing of the choice any more.
    assert all(
        r["option_id"] is None and r["sealed_choice"] == "" and r["receipt_check"] == "" for r in receipts
    )
    # All choices come from one statement in one transaction, and the receipts were emptied by one
    # statement in that same transaction: the transaction and command columns are the same on every row.
    for column in ("sys_xmin", "sys_xmax", "sys_cmin"):
        assert len({c[column] for c in choices}) == 1, column
        assert len({r[column] for r in receipts}) == 1, column
    # A choice's own values (its key and its tracker hash) occur in no voter's row.
    voter_values = {str(value) for row in receipts + electors for value in row.values() if value is not None}
    assert not {str(c["id"]) for c in choices} & voter_values
    assert not {c["receipt_hash"] for c in choices} & voter_values
    # Neither the physical order nor the key order of the choices is the order the voters voted in.
    by_voter = [truth[v.pk] for v in voters]
    in_ctid_order = [c["option_id"] for c in sorted(choices, key=_ctid_key)]
    in_key_order = [c["option_id"] for c in sorted(choices, key=lambda c: str(c["id"]))]
    assert in_ctid_order != by_voter and in_key_order != by_voter
    # And the receipt code, the voter's alone, is what finds their choice again (Helios' ballot tracker).
    from steering.services.ballots import receipt_hash

    vote = Vote.objects.get(ballot=ballot, elector__user=voters[2])
    mine = receipt_hash(ballot_id=ballot.pk, elector_id=vote.elector_id, code=codes[voters[2].pk])
    assert [c["option_id"] for c in choices if c["receipt_hash"] == mine] == [truth[voters[2].pk]]
