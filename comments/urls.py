from django.urls import path

from pagecache.policy import readers_page

from . import feeds, views

app_name = "comments"
urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("form-token/", views.form_token, name="form-token"),
    path("held/<int:article_id>/", views.held_comments, name="held"),
    path("feed/", readers_page(feeds.LatestCommentsFeed()), name="feed"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/report/", views.report, name="report"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
