from django.urls import path

from pagecache.policy import SITE, readers_page

from . import feeds, views
from .models import PAGE_TAG

app_name = "articles"
PAGE = ["page"]
urlpatterns = [
    path("", readers_page(views.ArticleListView.as_view(), params=PAGE), name="list"),
    path("category/<slug:slug>/", readers_page(views.CategoryView.as_view(), params=PAGE), name="category"),
    path("category/<slug:slug>/feed/", readers_page(feeds.CategoryFeed(), tags=[SITE]), name="category-feed"),
    path("tag/<slug:slug>/", readers_page(views.TagView.as_view(), params=PAGE), name="tag"),
    path(
        "<slug:slug>/",
        readers_page(views.article_detail, tags=[SITE, PAGE_TAG], params=["cpage", "replytocom"]),
        name="detail",
    ),
]
