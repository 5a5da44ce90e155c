from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from pagecache.policy import COMMENTS, SITE, readers_page

from . import views

app_name = "api"

# The query parameters every list reads; any other parameter shares the cached page.
LIST_PARAMS = ["page", "show", "updated_since"]


def endpoints(prefix, viewset, lookup, *, tags=(SITE,)):
    list_view = readers_page(viewset.as_view({"get": "list"}), tags=list(tags), params=LIST_PARAMS)
    detail_view = readers_page(viewset.as_view({"get": "retrieve"}), tags=list(tags))
    name = viewset.serializer_class.Meta.model._meta.model_name
    return [
        path(f"{prefix}/", list_view, name=f"{name}-list"),
        path(f"{prefix}/<{lookup}>/", detail_view, name=f"{name}-detail"),
    ]


urlpatterns = [
    path("", readers_page(views.index, tags=[SITE]), name="index"),
    path("openapi.json", readers_page(SpectacularJSONAPIView.as_view(), tags=[SITE]), name="openapi"),
    *endpoints("shows", views.ShowViewSet, "slug:slug"),
    *endpoints("seasons", views.SeasonViewSet, "int:pk"),
    *endpoints("episodes", views.EpisodeViewSet, "int:pk"),
    *endpoints("people", views.PersonViewSet, "slug:slug"),
    # Articles carry their comment count.
    *endpoints("articles", views.ArticleViewSet, "slug:slug", tags=(SITE, COMMENTS)),
]
