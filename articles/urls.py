from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("contributors/<int:pk>/", views.contributor_detail, name="contributor"),
    path("columns/<str:slug>/", views.column_detail, name="column"),
    path("latest/", views.latest_news, name="latest"),
]
