from django.urls import path

from . import feeds, views

app_name = "articles"
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("category/<slug:slug>/feed/", feeds.CategoryFeed(), name="category-feed"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
