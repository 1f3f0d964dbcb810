from tests.url_access import coordinators_only, post_only, public, signed_in


def _event(users):
    from events.factories import EventFactory

    return {"pk": EventFactory().pk}


def _event_registration(users):
    from events.factories import RegistrationFactory

    registration = RegistrationFactory()
    return {"pk": registration.event_id, "registration_pk": registration.pk}


def _event_topic(users):
    from events.factories import TopicFactory

    topic = TopicFactory()
    return {"pk": topic.event_id, "topic_pk": topic.pk}


def _import_batch(users):
    from events.factories import EventFactory
    from events.models import ImportBatch

    batch = ImportBatch.objects.create(event=EventFactory(), filename="lista.csv")
    return {"pk": batch.event_id, "batch_pk": batch.pk}


def _cancel_token(users):
    from events.factories import RegistrationFactory
    from events.tokens import CANCEL, token_make

    return {"token": token_make(CANCEL, RegistrationFactory().pk)}


def _evaluation_token(users):
    from events.factories import RegistrationFactory
    from events.models import RegistrationStatus
    from events.tokens import EVALUATION, token_make

    return {"token": token_make(EVALUATION, RegistrationFactory(status=RegistrationStatus.ATTENDED).pk)}


def _personal_feed(users):
    from events.services.mine import personal_calendar_token_for

    return {"token": personal_calendar_token_for(user=users["representative"]).token}


URL_ACCESS = {
    "home": public(),
    "events:event-list": public(),
    "events:event-past": public(),
    "events:event-calendar": public(query="manad=2022-11"),
    "events:event-feed": public(),
    "events:year-overview": public(),
    "events:registration-list": signed_in(),
    "events:registration-cancel": public(kwargs=_cancel_token),
    "events:evaluation-create": public(kwargs=_evaluation_token),
    "events:event-detail": public(kwargs=_event),
    "events:event-ics": public(kwargs=_event),
    "events:registration-create": signed_in(kwargs=_event),
    "events:topic-create": post_only(kwargs=_event),
    "events:topic-join": post_only(kwargs=_event_topic),
    "events:topic-result": coordinators_only(kwargs=_event_topic),
    "events:participant-list": coordinators_only(kwargs=_event),
    "events:participant-export": coordinators_only(kwargs=lambda users: {**_event(users), "fmt": "csv"}),
    "events:registration-attendance": post_only(kwargs=_event_registration),
    "events:registration-move": post_only(kwargs=_event_registration),
    "events:event-message": coordinators_only(kwargs=_event),
    "events:event-cancel": coordinators_only(kwargs=_event),
    "events:evaluation-invite": post_only(kwargs=_event),
    "events:walk-in-create": coordinators_only(kwargs=_event),
    "events:participant-import": coordinators_only(kwargs=_event),
    "events:participant-import-undo": post_only(kwargs=_import_batch),
    "events:head-count-edit": coordinators_only(kwargs=_event),
    "events:paper-evaluation-create": coordinators_only(kwargs=_event),
    "events:topic-record": coordinators_only(kwargs=_event),
    "events:presenter-add": coordinators_only(kwargs=_event),
    "my-pages": signed_in(),
    # The secret in the URL is the key (a calendar program has no session): anyone holding it gets the feed.
    "my-calendar-feed": public(kwargs=_personal_feed),
    "my-calendar-renew": post_only(),
}
