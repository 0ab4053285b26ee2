from django.urls import path

from newsroom import converters  # noqa: F401 - registers isodate
from notices import views

app_name = "notices"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("print/<isodate:date>.txt", views.print_column, name="print"),
]
