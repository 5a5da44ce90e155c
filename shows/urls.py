from django.urls import path

from . import feeds, views

app_name = "shows"
urlpatterns = [
    path("shows/", views.ShowListView.as_view(), name="show-list"),
    path("shows/<slug:slug>/", views.ShowDetailView.as_view(), name="show-detail"),
    path("shows/<slug:slug>/feed/", feeds.ShowFeed(), name="show-feed"),
    path("shows/<slug:slug>/releases.ics", views.releases_ics, name="show-releases-ics"),
    path("shows/<slug:slug>/season-<int:number>/", views.SeasonDetailView.as_view(), name="season-detail"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
]
