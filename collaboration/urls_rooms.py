"""Nobel 21: rooms and bookings, under /nobel21/ (included from collaboration/urls.py)."""

from django.urls import path

from .views import rooms

urlpatterns = [
    path("", rooms.room_list, name="room-list"),
    path("lokaler/<int:pk>/", rooms.room_week, name="room-week"),
    path("dag/", rooms.room_day, name="room-day"),
    path("ledig-lokal/", rooms.room_search, name="room-search"),
    path("boka/", rooms.booking_create, name="booking-create"),
    path("mina-bokningar/", rooms.booking_list, name="booking-list"),
    path("bokningar/<int:pk>/avboka/", rooms.booking_cancel, name="booking-cancel"),
    path("bokningar/<int:pk>/kalender.ics", rooms.booking_ics, name="booking-ics"),
    path("kalender/<str:token>.ics", rooms.booking_feed, name="booking-feed"),
    path("organisationer/<int:pk>/ny-kalenderlank/", rooms.booking_feed_renew, name="booking-feed-renew"),
    path("statistik/", rooms.nobel21_statistics, name="nobel21-statistics"),
    path("att-godkanna/", rooms.booking_pending, name="booking-pending"),
    path(
        "bokningar/<int:pk>/godkann/", rooms.booking_decide, {"decision": "approve"}, name="booking-approve"
    ),
    path("bokningar/<int:pk>/avsla/", rooms.booking_decide, {"decision": "reject"}, name="booking-reject"),
]
