"""The events app's actions. Import from the submodules; the common ones are re-exported here."""

from .events import (
    evaluation_create,
    evaluation_summary,
    event_cancel,
    event_message_send,
    event_statistics,
    events_statistics,
    topic_create,
    topic_join,
    topic_result_record,
)
from .registrations import (
    Person,
    registration_attendance_mark,
    registration_cancel,
    registration_move,
    registrations_create,
    represented_organisations,
)

__all__ = [
    "Person",
    "evaluation_create",
    "evaluation_summary",
    "event_cancel",
    "event_message_send",
    "event_statistics",
    "events_statistics",
    "registration_attendance_mark",
    "registration_cancel",
    "registration_move",
    "registrations_create",
    "represented_organisations",
    "topic_create",
    "topic_join",
    "topic_result_record",
]
