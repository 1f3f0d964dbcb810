from django.urls import path

from . import views

app_name = "coordination"

urlpatterns = [
    path("behov-och-erbjudanden/", views.posting_list, name="posting-list"),
    path("behov-och-erbjudanden/nytt/", views.posting_create_view, name="posting-create"),
    path("behov-och-erbjudanden/granska/", views.posting_review_list, name="posting-review-list"),
    path("behov-och-erbjudanden/<int:pk>/", views.posting_detail, name="posting-detail"),
    path("behov-och-erbjudanden/<int:pk>/granska/", views.posting_review_view, name="posting-review"),
    path("behov-och-erbjudanden/<int:pk>/amne/", views.posting_topic_view, name="posting-topic"),
    path("behov-och-erbjudanden/<int:pk>/matcha/", views.match_create_view, name="match-create"),
    path("matchningar/", views.match_list, name="match-list"),
    path("matchningar/<int:pk>/", views.match_detail, name="match-detail"),
    path("matchningar/<int:pk>/acceptera/", views.match_accept_view, name="match-accept"),
    path("matchningar/<int:pk>/samverkan/", views.match_partnership_view, name="match-partnership"),
    path("samordning/<int:pk>/", views.call_detail, name="call-detail"),
    path("finansiering/", views.fund_list, name="fund-list"),
    path("finansiering/bevakning/", views.funding_subscription, name="funding-subscription"),
    path("finansiering/avsluta/<str:token>/", views.funding_unsubscribe_view, name="funding-unsubscribe"),
    path("finansiering/<int:pk>/", views.fund_detail, name="fund-detail"),
    path("finansiering/<int:pk>/hjalp/", views.fund_help_view, name="fund-help"),
    path("utskick/", views.mailing_list, name="mailing-list"),
    path("utskick/nytt/", views.mailing_create_view, name="mailing-create"),
    path("utskick/<int:pk>/", views.mailing_detail, name="mailing-detail"),
    path("utskick/<int:pk>/skicka/", views.mailing_send_view, name="mailing-send"),
    path("avregistrera/<str:token>/", views.mail_opt_out_view, name="mail-opt-out"),
]
