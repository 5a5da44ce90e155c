from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from articles import feeds
from articles import views as article_views
from articles.models import PAGE_TAG
from articles.sitemaps import ArticleSitemap
from comments.feeds import ArticleCommentsFeed
from core.logins import GuardedAdminLoginForm
from core.sitemaps import index as sitemap_index
from core.sitemaps import section as sitemap_section
from pagecache.policy import SITE, readers_page
from search.views import search_view
from shows.sitemaps import PersonSitemap, SeasonSitemap, ShowSitemap

from . import views

admin.site.site_header = f"{settings.SITE_NAME} — editors"
admin.site.site_title = settings.SITE_NAME
# Refuses every attempt, with a clear message, once a username or an address failed too often.
admin.site.login_form = GuardedAdminLoginForm
# The admin home with a panel of articles the shows data has moved past (articles.freshness).
admin.site.index_template = "admin/site_index.html"

SITEMAPS = {
    "articles": ArticleSitemap,
    "shows": ShowSitemap,
    "seasons": SeasonSitemap,
    "people": PersonSitemap,
}

urlpatterns = [
    path("", readers_page(views.HomeView.as_view()), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", readers_page(views.robots_txt, tags=[SITE]), name="robots-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # An index of sections, each split into pages of core.sitemaps.SECTION_LIMIT URLs (both written
    # by core.sitemaps, not by Django's templates: a page of 1,000 URLs in milliseconds).
    path(
        "sitemap.xml",
        readers_page(sitemap_index, tags=[SITE]),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        readers_page(sitemap_section, tags=[SITE], params=["p"]),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Results show no comment counts: a new comment leaves kept searches alone.
    path("search/", readers_page(search_view, tags=[SITE], params=["q"]), name="search"),
    path("feeds/news/", readers_page(feeds.LatestNewsFeed(), tags=[SITE]), name="news-feed"),
    path("feeds/news/atom/", readers_page(feeds.AtomNewsFeed(), tags=[SITE]), name="news-feed-atom"),
    path(
        "authors/<slug:slug>/",
        readers_page(article_views.AuthorView.as_view(), params=["page"]),
        name="author",
    ),
    path(
        "news/<slug:slug>/comments/feed/",
        readers_page(ArticleCommentsFeed(), tags=[SITE, PAGE_TAG]),
        name="article-comments-feed",
    ),
    path("news/", include("articles.urls")),
    path("comments/", include("comments.urls")),
    path("", include("shows.urls")),
    path("api/", include("api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
