from django.urls import path

from outages import views

app_name = "outages"

urlpatterns = [
    path("", views.outage_list, name="list"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
]
