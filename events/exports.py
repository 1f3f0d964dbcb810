from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from collaboration.shared.exports import Column, Export

from .models import Event, RegistrationAnswer

PARTICIPANTS = Export(
    "deltagare",
    [
        Column(_("Ankomstordning"), "position"),
        Column(_("Namn"), "name"),
        Column(_("E-post"), "email"),
        Column(_("Organisation"), "organisation_label"),
        Column(_("Sektor"), "sector_label"),
        Column(_("Status"), "get_status_display"),
        Column(_("Anmäld"), "created_at"),
    ],
)


def answers_prefetch() -> Prefetch:
    """The registrations' answers to the sign-up questions, with their questions, in one query."""
    return Prefetch("answers", queryset=RegistrationAnswer.objects.select_related("question"))


def _answer(question_id: int):
    def read(registration) -> str:
        return next((a.answer for a in registration.answers.all() if a.question_id == question_id), "")

    return read


def participants_export(event: Event) -> Export:
    """The participant list of one event: PARTICIPANTS and a column per sign-up question (prefetch the
    answers with answers_prefetch())."""
    questions = list(event.questions.all())
    return PARTICIPANTS.extended([Column(question.text, _answer(question.pk)) for question in questions])
