from django.urls import path

from pagecache.policy import SITE, readers_page

from . import feeds, views

app_name = "shows"
urlpatterns = [
    path("shows/", readers_page(views.ShowListView.as_view(), params=["page"]), name="show-list"),
    path("shows/<slug:slug>/", readers_page(views.ShowDetailView.as_view()), name="show-detail"),
    path("shows/<slug:slug>/feed/", readers_page(feeds.ShowFeed(), tags=[SITE]), name="show-feed"),
    path(
        "shows/<slug:slug>/releases.ics",
        readers_page(views.releases_ics, tags=[SITE]),
        name="show-releases-ics",
    ),
    path(
        "shows/<slug:slug>/season-<int:number>/",
        readers_page(views.SeasonDetailView.as_view()),
        name="season-detail",
    ),
    path("people/<slug:slug>/", readers_page(views.PersonDetailView.as_view()), name="person-detail"),
]
