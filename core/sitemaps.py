"""Sitemap sections written straight to XML: a page of 1,000 URLs in a few milliseconds.

Django's sitemap view makes a model instance, a ``reverse()`` and a dictionary per URL, then loops
over them in a template: about 0.25 ms per URL, a quarter of a second per page at the archive's
size. A ``Section`` reads plain rows (``values_list``) straight from the cursor, builds every URL
from one reversed pattern (core.paths), and ``section`` joins the XML in Python. The output is the
same as Django's views and templates give (tests/articles/test_feeds.py compares them).
"""

import datetime
from html import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connections
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date

from core.paths import Paths
from pagecache.fragments import kept_response

# URLs per page of a sitemap section (Google accepts 50,000; smaller pages render in milliseconds
# and are cached apart). /sitemap.xml is the index that lists every section's pages.
SECTION_LIMIT = 1000

URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_CLOSE = "\n</urlset>\n"
INDEX_OPEN = '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
INDEX_CLOSE = "\n</sitemapindex>\n"


class Section(Sitemap):
    """A sitemap section over rows rather than model instances.

    ``items()`` returns a ``values_list`` queryset in the section's order; ``url_kwargs(row)`` gives
    the keyword arguments of the ``url_name`` view (its path from a pattern reversed once,
    core.paths); ``lastmod(row)``, where defined, a moment as ``Moments`` reads it, or a date.
    """

    limit = SECTION_LIMIT
    url_name = None

    def url_kwargs(self, row):
        raise NotImplementedError

    @cached_property
    def paths(self):
        return Paths(self.url_name)  # a section is made for each request

    def location(self, row):
        return self.paths(**self.url_kwargs(row))


def plain_rows(queryset):
    """``(rows, moments)``: the rows of a ``values_list`` queryset as the database driver gives
    them, and a ``Moments`` that reads their moments. Django's converters, called for every value,
    cost more than the query itself on a page of 1,000 URLs."""
    connection = connections[queryset.db]
    try:
        sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:  # the first page of an empty section: Django's view answers no URL
        return [], Moments(connection.timezone)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall(), Moments(connection.timezone)


class Moments:
    """Moments as a section's rows hold them, read only as far as the page needs (a day, and once
    the latest moment): ISO text in the connection's zone (a moment the query casts to text, as
    the article section does: SQLite's stored text, PostgreSQL's with its offset; texts of one
    kind sort as their moments do), naive datetimes in that zone (SQLite's driver, for a column),
    aware datetimes, or dates."""

    def __init__(self, stored_zone):
        self.stored_zone, self.zone = stored_zone, timezone.get_current_timezone()
        # The usual case (a site and a database in UTC): the day is the text's first ten characters.
        self.utc = is_utc(stored_zone) and is_utc(self.zone)

    def aware(self, value):
        if type(value) is str:
            value = datetime.datetime.fromisoformat(value)
        if type(value) is datetime.datetime and value.tzinfo is None and self.stored_zone is not None:
            value = value.replace(tzinfo=self.stored_zone)
        return value

    def day(self, value):
        """The value as Django's sitemap template writes it (``|date:"Y-m-d"``, in the current zone)."""
        if self.utc and type(value) is str:
            return value[:10]
        value = self.aware(value)
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.astimezone(self.zone)
        return value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()


def is_utc(zone):
    return zone is not None and str(zone) in ("UTC", "Etc/UTC")


@x_robots_tag
def section(request, sitemaps, section):
    """One page (``?p=``) of one section, as Django's ``sitemaps.views.sitemap`` serves it; kept
    whole (pagecache.fragments.kept_response) while the site is as it was."""
    return kept_response(request, lambda: render_section(request, sitemaps, section))


def render_section(request, sitemaps, section):
    if section not in sitemaps:
        raise Http404(f"No sitemap available for section: {section!r}")
    site = sitemaps[section]
    site = site() if callable(site) else site
    try:
        rows = site.paginator.page(request.GET.get("p", 1)).object_list
    except EmptyPage:
        raise Http404("Page empty") from None
    except PageNotAnInteger:
        raise Http404("No such page") from None
    prefix = f"{site.get_protocol(request.scheme)}://{get_current_site(request).domain}"
    changefreq = f"<changefreq>{site.changefreq}</changefreq>" if getattr(site, "changefreq", None) else ""
    lastmod = getattr(site, "lastmod", None)
    rows, moments = plain_rows(rows)
    parts, latest, every_lastmod = [URLSET_OPEN], None, lastmod is not None
    for row in rows:
        loc = escape(prefix + site.location(row), quote=False)
        changed = lastmod(row) if lastmod is not None else None
        if changed is None:
            every_lastmod = False
            parts.append(f"<url><loc>{loc}</loc>{changefreq}</url>")
        else:
            # A section's moments are all of one kind (one column, as the driver gives it).
            latest = changed if latest is None or changed > latest else latest
            parts.append(f"<url><loc>{loc}</loc><lastmod>{moments.day(changed)}</lastmod>{changefreq}</url>")
    parts.append(URLSET_CLOSE)
    response = HttpResponse("".join(parts), content_type="application/xml")
    if every_lastmod and latest is not None:
        response.headers["Last-Modified"] = http_date(as_datetime(moments.aware(latest)).timestamp())
    return response


@x_robots_tag
def index(request, sitemaps, sitemap_url_name):
    """/sitemap.xml: every page of every section, as Django's ``sitemaps.views.index`` serves it,
    written without its template (the same bytes); kept whole while the site is as it was."""
    return kept_response(request, lambda: render_index(request, sitemaps, sitemap_url_name))


def render_index(request, sitemaps, sitemap_url_name):
    domain = get_current_site(request).domain
    parts, latest, every_lastmod = [INDEX_OPEN], None, True
    sites = {name: site() if callable(site) else site for name, site in sitemaps.items()}
    paginators = {name: site.paginator for name, site in sites.items()}  # a new one on each access
    for paginator, count in zip(paginators.values(), counted(paginators.values()), strict=True):
        paginator.count = count
    for name, site in sites.items():
        url = f"{site.get_protocol(request.scheme)}://{domain}{reverse(sitemap_url_name, kwargs={'section': name})}"
        changed = site.get_latest_lastmod()
        if changed is None:
            every_lastmod, lastmod = False, ""
        else:
            latest = max(latest, as_datetime(changed)) if latest is not None else as_datetime(changed)
            lastmod = f"<lastmod>{iso_moment(changed)}</lastmod>"
        parts.append(f"<sitemap><loc>{escape(url)}</loc>{lastmod}</sitemap>")
        for page in range(2, paginators[name].num_pages + 1):
            parts.append(f"<sitemap><loc>{escape(f'{url}?p={page}')}</loc>{lastmod}</sitemap>")
    parts.append(INDEX_CLOSE)
    response = HttpResponse("".join(parts), content_type="application/xml")
    if every_lastmod and latest is not None:
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response


def counted(paginators):
    """How many items each paginator holds, its querysets counted in one statement: a round trip
    per section, each count planned apart, was most of what the index cost on PostgreSQL."""
    lists = [paginator.object_list for paginator in paginators]
    counts = iter(count_together([items for items in lists if isinstance(items, QuerySet)]))
    return [next(counts) if isinstance(items, QuerySet) else len(items) for items in lists]


def count_together(querysets):
    """``[queryset.count() for queryset in querysets]``, in one statement (one database's querysets)."""
    if not querysets:
        return []
    connection, parts, params = connections[querysets[0].db], [], []
    for number, queryset in enumerate(querysets):
        try:
            sql, values = queryset.order_by().query.get_compiler(connection=connection).as_sql()
        except EmptyResultSet:
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{number})")
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return list(cursor.fetchone())


def as_datetime(value):
    """A lastmod date as an aware datetime (midnight UTC for a date or a naive moment), as Django's
    index compares them."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    return value if value.utcoffset() is not None else value.replace(tzinfo=datetime.UTC)


def iso_moment(value):
    """``value`` as Django's index template writes it (``|date:"c"``, an aware moment in the current zone)."""
    if isinstance(value, datetime.datetime) and value.utcoffset() is not None:
        value = timezone.localtime(value)
    return value.isoformat()
