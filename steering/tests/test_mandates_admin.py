import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import UserFactory
from collaboration.shared.roles import ROLE_GROUPS, Role
from steering.factories import MandateFactory, MeetingFactory, ProposalFactory
from steering.models import (
    AuditAction,
    AuditEvent,
    Ballot,
    BallotStatus,
    FocusArea,
    Mandate,
    ProposalStatus,
    Side,
    composition_on,
)
from steering.services.ballots import vote_cast
from steering.services.mandates import mandate_create, mandate_end, mandates_sync_roles

pytestmark = pytest.mark.django_db


def _is_member(user) -> bool:
    return user.groups.filter(name=ROLE_GROUPS[Role.STEERING_MEMBER]).exists()


def test_mandate_grants_role_ending_revokes_it_and_sync_follows_expiry():
    user = UserFactory()
    today = timezone.localdate()
    mandate = mandate_create(user=user, side=Side.CITY, starts_on=today - dt.timedelta(days=10))
    assert _is_member(user) and mandate.ends_on == (today - dt.timedelta(days=10)).replace(
        year=today.year + 2 if (today - dt.timedelta(days=10)).year == today.year else today.year + 1
    ) - dt.timedelta(days=1)
    mandate_end(mandate=mandate)
    assert not _is_member(user)
    expired = UserFactory()
    MandateFactory(
        user=expired, ends_on=today - dt.timedelta(days=1), starts_on=today - dt.timedelta(days=700)
    )
    seated = UserFactory()
    MandateFactory(user=seated)
    from collaboration.services.users import user_role_grant

    user_role_grant(user=expired, role=Role.STEERING_MEMBER)
    assert mandates_sync_roles() == {"granted": 1, "revoked": 1}
    assert _is_member(seated) and not _is_member(expired)
    assert AuditEvent.objects.filter(action=AuditAction.MANDATE_ENDED).count() == 1


def test_composition_at_a_past_date():
    day = dt.date(2022, 6, 1)
    for _ in range(3):
        MandateFactory(
            side=Side.CITY, category="", starts_on=dt.date(2021, 5, 1), ends_on=dt.date(2023, 4, 30)
        )
    for _ in range(4):
        MandateFactory(starts_on=dt.date(2021, 5, 1), ends_on=dt.date(2023, 4, 30))
    result = composition_on(day)
    assert result["counts"] == {"city": 3, "civil_society": 4}
    assert [(d["required"], d["actual"]) for d in result["deviations"]] == [(5, 4)]
    assert composition_on(dt.date(2024, 1, 1))["counts"] == {"city": 0, "civil_society": 0}


def _action(client, model: str, action: str, pks, **extra):
    return client.post(
        reverse(f"admin:steering_{model}_changelist"),
        {"action": action, admin.helpers.ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **extra},
        follow=True,
    )


def test_coordinator_runs_the_yearly_decision_from_the_admin(client, coordinator):
    client.force_login(coordinator)
    a, b = UserFactory(), UserFactory()
    MandateFactory(user=a)
    MandateFactory(user=b)
    year = timezone.localdate().year + 1
    p1, p2, p3 = (ProposalFactory(year=year) for _ in range(3))
    _action(client, "proposal", "recommend", [p1.pk])  # the coordinators may recommend, not choose
    assert ProposalFactory._meta.model.objects.get(pk=p1.pk).status == ProposalStatus.SUBMITTED
    september = MeetingFactory(held_at=timezone.now() - dt.timedelta(days=1))
    september.attendees.set(Mandate.objects.all())
    form = _action(client, "proposal", "record_shortlist", [p1.pk, p2.pk])
    assert "Mötet där styrgruppen beslutade" in form.content.decode()
    _action(client, "proposal", "record_shortlist", [p1.pk, p2.pk], apply="1", meeting=str(september.pk))
    assert ProposalFactory._meta.model.objects.get(pk=p3.pk).status == ProposalStatus.DECLINED
    assert {p1.pk, p2.pk} == set(
        ProposalFactory._meta.model.objects.filter(status=ProposalStatus.SHORTLISTED).values_list(
            "pk", flat=True
        )
    )
    now = timezone.now()
    october = MeetingFactory(held_at=now + dt.timedelta(days=2))
    ballot = Ballot.objects.create(
        title="Fokus",
        year=year,
        opens_at=now - dt.timedelta(minutes=1),
        closes_at=now + dt.timedelta(days=1),
        meeting=october,
    )
    # Before opening, the ballot's admin page shows no result.
    page = client.get(reverse("admin:steering_ballot_change", args=[ballot.pk])).content.decode()
    assert "Visas när omröstningen har stängt" in page
    _action(client, "ballot", "open_ballots", [ballot.pk])
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN and ballot.options.count() == 3  # two proposals and abstain
    o1, o2 = ballot.options.filter(is_abstain=False)
    vote_cast(ballot=ballot, user=a, option_id=o1.pk)
    vote_cast(ballot=ballot, user=b, option_id=o2.pk)
    page = client.get(reverse("admin:steering_ballot_change", args=[ballot.pk])).content.decode()
    assert "Visas när omröstningen har stängt" in page  # coordinators do not see the count while open
    _action(client, "ballot", "close_ballots", [ballot.pk])
    ballot.refresh_from_db()
    assert ballot.is_closed and ballot.is_tied and not FocusArea.objects.filter(start_year=year).exists()
    form = _action(client, "ballot", "record_chair_decision", [ballot.pk])
    assert "Alternativ med lika röstetal" in form.content.decode()
    # The tie is the deciding meeting's (no casting vote in the plan): nobody attended, so it is not quorate.
    _action(client, "ballot", "record_chair_decision", [ballot.pk], apply="1", option=[str(o2.pk)])
    assert not ballot.chair_decision.exists()
    _action(client, "ballot", "confirm_at_meeting", [ballot.pk])
    assert not FocusArea.objects.filter(start_year=year).exists()  # nothing to confirm, and not quorate
    october.attendees.set(Mandate.objects.all())
    _action(client, "ballot", "record_chair_decision", [ballot.pk], apply="1", option=[str(o2.pk)])
    assert not FocusArea.objects.filter(start_year=year).exists()  # the meeting confirms the result
    _action(client, "ballot", "confirm_at_meeting", [ballot.pk])
    assert FocusArea.objects.get(start_year=year).title == o2.label
    actions = set(AuditEvent.objects.filter(ballot=ballot).values_list("action", flat=True))
    assert {"opened", "vote_cast", "closed", "tie", "chair_decision", "decided"} <= actions
    assert AuditEvent.objects.get(ballot=ballot, action="decided").meeting == october


def test_audit_trail_is_readable_by_coordinators_and_editable_by_nobody(client, coordinator):
    event = AuditEvent.objects.create(action=AuditAction.OPENED, detail="x")
    client.force_login(coordinator)
    assert client.get(reverse("admin:steering_auditevent_changelist")).status_code == 200
    change = client.post(reverse("admin:steering_auditevent_change", args=[event.pk]), {"detail": "y"})
    assert change.status_code in (302, 403) or "y" not in change.content.decode()
    assert (
        client.post(reverse("admin:steering_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:steering_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.detail == "x"


def test_new_mandate_from_admin_grants_the_role(client, coordinator):
    client.force_login(coordinator)
    user = UserFactory()
    response = client.post(
        reverse("admin:steering_mandate_add"),
        {
            "user": user.pk,
            "side": "city",
            "role": "member",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": (timezone.localdate() + dt.timedelta(days=700)).isoformat(),
            "appointed_by": "KSAU",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Mandate.objects.get(user=user) and _is_member(user)


def test_changing_a_term_in_the_admin_keeps_the_role_in_step(client, coordinator):
    client.force_login(coordinator)
    user = UserFactory()
    mandate = mandate_create(
        user=user, side=Side.CITY, starts_on=timezone.localdate() - dt.timedelta(days=30)
    )
    assert _is_member(user)
    response = client.post(
        reverse("admin:steering_mandate_change", args=[mandate.pk]),
        {
            "user": user.pk,
            "side": "city",
            "role": "member",
            "starts_on": mandate.starts_on.isoformat(),
            "ends_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "appointed_by": "KSAU",
        },
    )
    assert response.status_code == 302
    assert not _is_member(user)


def test_admin_forms_open_for_coordinators(client, coordinator):
    from steering.factories import MeetingFactory, open_focus_ballot

    client.force_login(coordinator)
    ballot, meeting, mandate = open_focus_ballot(), MeetingFactory(), MandateFactory()
    for name in ["ballot", "meeting", "mandate", "proposal", "focusarea"]:
        assert client.get(reverse(f"admin:steering_{name}_add")).status_code == 200, name
    for name, obj in [("ballot", ballot), ("meeting", meeting), ("mandate", mandate)]:
        assert client.get(reverse(f"admin:steering_{name}_change", args=[obj.pk])).status_code == 200
