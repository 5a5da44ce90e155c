"""The query plans of the list pages' queries, at the archive's size: printed by bench/pages.py.

SQLite's EXPLAIN QUERY PLAN or PostgreSQL's EXPLAIN, so that a list that sorts the whole table (a
"USE TEMP B-TREE FOR ORDER BY", a "Sort" over a "Seq Scan") shows before the archive grows."""

from django.db import connection


def queries():
    from articles.models import Article, Category
    from comments.models import Comment
    from shows.models import Person, Show

    live = Article.objects.published().for_cards()
    category = Category.objects.order_by("pk").first()
    author_id = live.values_list("author_id", flat=True).first()
    busiest = Article.objects.order_by("-comment_count").first()
    return {
        "news list, page 40": live[780:800],
        "category list": live.filter(category=category)[:20],
        "author list": live.filter(author_id=author_id)[:20],
        "most commented (home)": live.most_commented()[:5],
        "comment threads, first page": Comment.objects.approved()
        .filter(article=busiest, parent__isnull=True)
        .for_display()[:50],
        "latest comments feed": Comment.objects.for_feed().filter(article__in=Article.objects.published())[
            :30
        ],
        "shows list": Show.objects.order_by("title", "id")[:100],
        "people sitemap, page 5": Person.objects.only("slug").order_by("name", "id")[4000:5000],
    }


def plans():
    """{name: [plan lines]} on the database in use."""
    found = {}
    for name, queryset in queries().items():
        text = queryset.explain()
        found[name] = [line.strip() for line in text.splitlines() if line.strip()]
    return found


def print_plans():
    print(f"\nQuery plans ({connection.vendor}):")
    for name, lines in plans().items():
        print(f"- {name}:")
        for line in lines[:8]:
            print(f"    {line}")
