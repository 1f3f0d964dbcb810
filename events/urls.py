from django.urls import include, path

from . import views
from .views import coordinators, mine, public, recording, signup, yearplan

event_patterns = [
    path("", public.event_list, name="event-list"),
    path("tidigare/", public.event_past, name="event-past"),
    path("kalender/", public.event_calendar, name="event-calendar"),
    path("kalender.ics", public.event_feed, name="event-feed"),
    path("aret/", yearplan.year_overview, name="year-overview"),
    path("mina-anmalningar/", signup.registration_list, name="registration-list"),
    path("avboka/<str:token>/", signup.registration_cancel_view, name="registration-cancel"),
    path("utvardering/<str:token>/", signup.evaluation_create_view, name="evaluation-create"),
    path("<int:pk>/", public.event_detail, name="event-detail"),
    path("<int:pk>/kalender.ics", public.event_ics_download, name="event-ics"),
    path("<int:pk>/anmalan/", signup.registration_create, name="registration-create"),
    path("<int:pk>/amnen/", signup.topic_create_view, name="topic-create"),
    path("<int:pk>/amnen/<int:topic_pk>/delta/", signup.topic_join_view, name="topic-join"),
    path("<int:pk>/amnen/<int:topic_pk>/resultat/", coordinators.topic_result, name="topic-result"),
    path("<int:pk>/deltagare/", coordinators.participant_list, name="participant-list"),
    path("<int:pk>/deltagare/export.<str:fmt>", coordinators.participant_export, name="participant-export"),
    path(
        "<int:pk>/deltagare/<int:registration_pk>/narvaro/",
        coordinators.registration_attendance,
        name="registration-attendance",
    ),
    path(
        "<int:pk>/deltagare/<int:registration_pk>/flytta/",
        coordinators.registration_move_view,
        name="registration-move",
    ),
    path("<int:pk>/deltagare/lagg-till/", recording.walk_in_create, name="walk-in-create"),
    path("<int:pk>/deltagare/import/", recording.participant_import, name="participant-import"),
    path(
        "<int:pk>/deltagare/import/<int:batch_pk>/angra/",
        recording.participant_import_undo,
        name="participant-import-undo",
    ),
    path("<int:pk>/antal/", recording.head_count_edit, name="head-count-edit"),
    path("<int:pk>/utvardering/papper/", recording.paper_evaluation_create, name="paper-evaluation-create"),
    path("<int:pk>/amnen/registrera/", recording.topic_record, name="topic-record"),
    path("<int:pk>/medverkande/", recording.presenter_add, name="presenter-add"),
    path("<int:pk>/meddelande/", coordinators.event_message, name="event-message"),
    path("<int:pk>/installa/", coordinators.event_cancel_view, name="event-cancel"),
    path("<int:pk>/utvardering/", coordinators.evaluation_invite, name="evaluation-invite"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("evenemang/", include((event_patterns, "events"))),
    path("mina-sidor/", mine.my_pages, name="my-pages"),
    path("mina-sidor/kalender/<str:token>.ics", mine.my_calendar_feed, name="my-calendar-feed"),
    path("mina-sidor/ny-kalenderlank/", mine.my_calendar_renew, name="my-calendar-renew"),
]
