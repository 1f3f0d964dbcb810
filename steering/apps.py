from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "steering"
    verbose_name = _("Styrgrupp")

    def ready(self) -> None:
        from collaboration.models import Organisation, User
        from collaboration.shared import fragments

        from .models import (
            Ballot,
            BallotOption,
            Elector,
            FocusArea,
            Mandate,
            Meeting,
            Nomination,
            SecretChoice,
            Vote,
        )

        # The group page: seats (people's and organisations' names), the next meetings, this year's focus area.
        # The group page also states the last election's deviation from the category rule (a Ballot field).
        # Of people, only their names show: a login (last_login) or a password change renews nothing.
        names = (User, ["first_name", "last_name", "email"])
        fragments.watch("steering", Mandate, Meeting, FocusArea, Ballot, names, Organisation)
        # A ballot's page: its description and meeting, candidates, options and, once closed, the count, the
        # roll call (electors' names) and the decision.
        fragments.watch(
            "ballots",
            Ballot,
            BallotOption,
            Nomination,
            Elector,
            Vote,
            SecretChoice,
            Meeting,
            FocusArea,
            names,
            Organisation,
        )
