from django.urls import path

from . import views

app_name = "steering"

urlpatterns = [
    path("styrgrupp/", views.group, name="group"),
    path("styrgrupp/moten/", views.meeting_list, name="meeting-list"),
    path("styrgrupp/moten/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("styrgrupp/moten/<int:pk>/protokoll.pdf", views.meeting_minutes_pdf, name="meeting-minutes-pdf"),
    path("styrgrupp/fokusomraden/", views.focusarea_list, name="focusarea-list"),
    path("styrgrupp/forslag/", views.proposal_list, name="proposal-list"),
    path("styrgrupp/forslag/<int:year>/avvagning/", views.proposal_weigh, name="proposal-weigh"),
    path("styrgrupp/forslag/nytt/", views.proposal_create_view, name="proposal-create"),
    path("styrgrupp/forslag/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("styrgrupp/forslag/<int:pk>/kommentera/", views.proposal_comment, name="proposal-comment"),
    path("styrgrupp/omrostningar/", views.ballot_list, name="ballot-list"),
    path("styrgrupp/omrostningar/<int:pk>/", views.ballot_detail, name="ballot-detail"),
    path("styrgrupp/omrostningar/<int:pk>/rosta/", views.ballot_vote, name="ballot-vote"),
    path(
        "styrgrupp/omrostningar/<int:pk>/valberedning/",
        views.nomination_committee,
        name="nomination-committee",
    ),
    path("styrgrupp/omrostningar/<int:pk>/nominera/", views.nomination_create_view, name="nomination-create"),
]
