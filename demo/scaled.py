"""A large, made-up archive for measuring the site at size: ``manage.py load_demo --scale N``.

For N=1: about 2,000 articles, 200 shows with seasons and episodes, 5,000 people and 50,000
comments (threads, some held, some spam), spread over 2019–2025. It is kept apart from the
hand-written demo: every slug starts with ``archive-`` and its articles have their own author.

Deterministic: the same N gives the same rows (one seeded ``random.Random``, fixed dates). Idempotent:
when the archive in the database already has the counts N asks for, nothing is written; otherwise the
old archive is removed and built again. Rows go in with ``bulk_create``, so no per-row signal runs:
derived fields are filled here (body HTML once per distinct body), comment counts are recounted in
one statement, the search index is rebuilt and the page cache is bumped once, at the end.
"""

import contextlib
import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q

from articles.models import (
    Article,
    ArticleFreshnessNote,
    ArticleImage,
    ArticleSlugHistory,
    AuthorProfile,
    Category,
    Tag,
)
from articles.rendering import render_markdown
from comments import counts
from comments.models import Comment, CommentFlag
from comments.rendering import render_body
from pagecache.policy import COMMENTS, SITE
from pagecache.store import bump
from search.index import rebuild_index
from shows.models import (
    CastCredit,
    Character,
    CrewCredit,
    Episode,
    Person,
    ReleaseEvent,
    Season,
    Show,
    ShowProvider,
)

PREFIX = "archive-"
SEED = 20260511
BATCH = 1000
UTC = datetime.UTC
START = datetime.datetime(2019, 1, 1, 6, 0, tzinfo=UTC)
END = datetime.datetime(2025, 12, 31, 18, 0, tzinfo=UTC)
STAMP = END  # every archive row's "last changed", so that two runs store the same values

PER_SCALE = {"articles": 2000, "shows": 200, "people": 5000, "comments": 50_000}

ADJECTIVES = [
    "Silent",
    "Crimson",
    "Hidden",
    "Midnight",
    "Broken",
    "Golden",
    "Last",
    "Frozen",
    "Secret",
    "Burning",
    "Quiet",
    "Lost",
    "Wild",
    "Paper",
    "Glass",
    "Iron",
    "Velvet",
    "Hollow",
    "Distant",
    "Northern",
    "Electric",
    "Second",
    "Little",
    "Endless",
    "Bitter",
]
NOUNS = [
    "Harbor",
    "Lantern",
    "Garden",
    "Tide",
    "Kingdom",
    "Signal",
    "Orchard",
    "Station",
    "Mirror",
    "Season",
    "Island",
    "Letter",
    "Crown",
    "Bridge",
    "River",
    "Empire",
    "Academy",
    "Market",
    "Summer",
    "Winter",
    "Hospital",
    "Courtroom",
    "Kitchen",
    "Alley",
    "Frontier",
]
GENRES = [
    "Drama",
    "Thriller",
    "Romance",
    "Comedy",
    "Horror",
    "Mystery",
    "Fantasy",
    "Crime",
    "Historical",
    "Medical",
    "Legal",
    "Sci-fi",
]
COUNTRIES = [("South Korea", "Korean"), ("Japan", "Japanese"), ("Spain", "Spanish"), ("UK", "English")]
FAMILY = [
    "Kim",
    "Lee",
    "Park",
    "Choi",
    "Jung",
    "Kang",
    "Cho",
    "Yoon",
    "Jang",
    "Lim",
    "Han",
    "Oh",
    "Seo",
    "Shin",
    "Kwon",
    "Hwang",
    "Ahn",
    "Song",
    "Yoo",
    "Hong",
]
GIVEN = [
    "Min-jun",
    "Seo-yeon",
    "Ji-ho",
    "Ha-eun",
    "Do-yun",
    "Su-ah",
    "Ye-jun",
    "Ji-woo",
    "Si-woo",
    "Chae-won",
    "Joon-young",
    "Da-eun",
    "Hyun-woo",
    "Yu-na",
    "Tae-yang",
    "So-yeon",
    "Jae-won",
    "Mi-rae",
    "Eun-ji",
    "Sung-min",
    "Ara",
    "Hae-won",
    "Bo-ra",
    "Dong-hyun",
]
COMMENTERS = [
    "Mina",
    "Alex",
    "Sam",
    "Priya",
    "Jordan",
    "Yuki",
    "Lena",
    "Omar",
    "Chris",
    "Noor",
    "Hana",
    "Leo",
    "Ines",
    "Tom",
    "Ada",
    "Ravi",
]
ANGLES = [
    ("{show} season {n}: release date, cast and what we know", "news"),
    ("{show} season {n} review: {adjective} and worth the wait", "reviews"),
    ("{show} episode {episode} recap: the {noun} changes everything", "recaps"),
    ("Who plays who in {show}: the cast of season {n}", "explainers"),
    ("{person} joins {show} for season {n}", "news"),
    ("{show} ending explained: the {noun}, the twist and season {n}", "explainers"),
]
PARAGRAPHS = [
    "The production has not confirmed a release day, and we will not guess one. What the platform "
    "has said is that filming wrapped on schedule and that post-production is under way.",
    "Returning cast members were seen at the script reading, according to photos the studio shared. "
    "Two new characters are expected, though neither name nor role has been announced.",
    "Critics praised the first season for its pacing and its young cast. The second, the writers "
    "say, slows down to spend time with the survivors and what they carry with them.",
    "The series adapts a webtoon that ran for four years. Readers of the original will recognise "
    "the setting, but the show has already taken its own road with more than one character.",
    "Episodes run between fifty and seventy minutes. The finale is longer, and the director has "
    "said it was shot over three weeks in a disused factory outside the city.",
    "Viewing figures put the show in the platform's global top ten for six weeks running, a first "
    "for a series in its language and a reason the renewal came so quickly.",
    "The soundtrack returns too: the composer confirmed on social media that the main theme will be "
    "rearranged for strings, and that a new song closes the season.",
    "Nothing here is a spoiler beyond the first episode. Where we discuss later events, the section "
    "says so in its heading, so you can skip it.",
]
HEADINGS = ["What we know", "The cast", "Where to watch", "What the first season set up", "Our take"]
REMARKS = [
    "Can't wait for this one!",
    "The first season was so good, I rewatched it twice.",
    "Finally some news. The wait has been too long.",
    "I hope they keep the original composer.",
    "Does anyone know if it will be on the same platform?",
    "That ending still hurts.",
    "Great write-up, thanks for not spoiling anything.",
    "The webtoon was better, but the show is close.",
    "Please let the side characters have more time this season.",
    "Ten episodes is not enough for this story.",
    "Who else is here after the trailer?",
    "I started watching because of this site, no regrets.",
]


@dataclass
class Sizes:
    articles: int
    shows: int
    people: int
    comments: int

    @classmethod
    def of(cls, scale):
        return cls(**{name: max(1, round(count * scale)) for name, count in PER_SCALE.items()})


def load_scaled_demo(scale, stdout=None):
    """Build the archive for ``scale`` (a positive number; 1 is the full size); returns a dict of counts."""
    if scale <= 0:
        raise ValueError("The scale must be a positive number, e.g. 1 or 0.05.")
    sizes = Sizes.of(scale)
    if _present(sizes):
        _say(stdout, "The archive for this scale is already loaded: nothing to do.")
        return _counts()
    with transaction.atomic():
        _remove()
        _Builder(sizes, random.Random(f"{SEED}:{scale}"), stdout).build()
    rebuild_index()
    # PostgreSQL plans by statistics, stale after a bulk load. (Not SQLite: with sqlite_stat1 it
    # drives the latest-comments feed from articles instead of the comments' newest-first index.)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # One bump for the whole load: every page depends on the site; no page was cached per row.
    bump(SITE, COMMENTS)
    counted = _counts()
    _say(stdout, ", ".join(f"{count:,} {name}" for name, count in counted.items()))
    return counted


def _say(stdout, line):
    if stdout is not None:
        stdout.write(line)


def archive_articles():
    return Article.objects.filter(slug__startswith=PREFIX)


def _counts():
    articles = archive_articles()
    return {
        "articles": articles.count(),
        "shows": Show.objects.filter(slug__startswith=PREFIX).count(),
        "seasons": Season.objects.filter(show__slug__startswith=PREFIX).count(),
        "episodes": Episode.objects.filter(season__show__slug__startswith=PREFIX).count(),
        "people": Person.objects.filter(slug__startswith=PREFIX).count(),
        "comments": Comment.objects.filter(article__in=articles).count(),
    }


def _present(sizes):
    counted = _counts()
    return all(counted[name] == getattr(sizes, name) for name in PER_SCALE)


def _remove():
    """The previous archive, in dependency order, without collecting rows in Python."""
    articles = archive_articles()
    shows = Show.objects.filter(slug__startswith=PREFIX)
    people = Person.objects.filter(slug__startswith=PREFIX)
    for queryset in (
        CommentFlag.objects.filter(comment__article__in=articles),
        Comment.objects.filter(article__in=articles, depth=3),
        Comment.objects.filter(article__in=articles, depth=2),
        Comment.objects.filter(article__in=articles),
        *(through.objects.filter(article__in=articles) for through in _article_throughs()),
        ArticleFreshnessNote.objects.filter(Q(article__in=articles) | Q(show__in=shows)),
        ArticleImage.objects.filter(article__in=articles),
        ArticleSlugHistory.objects.filter(article__in=articles),
        Article.history.model.objects.filter(slug__startswith=PREFIX),
        articles,
        CastCredit.objects.filter(Q(season__show__in=shows) | Q(person__in=people)),
        CrewCredit.objects.filter(Q(show__in=shows) | Q(person__in=people)),
        ReleaseEvent.objects.filter(season__show__in=shows),
        ShowProvider.objects.filter(show__in=shows),
        Episode.objects.filter(season__show__in=shows),
        Season.objects.filter(show__in=shows),
        Character.objects.filter(show__in=shows),
        shows,
        people,
        Tag.objects.filter(slug__startswith=PREFIX),
    ):
        queryset._raw_delete(queryset.db)


def _article_throughs():
    return [getattr(Article, name).through for name in ("shows", "seasons", "people", "tags")]


@contextlib.contextmanager
def stored_as_given(*fields):
    """Let bulk_create store the dates given for auto_now/auto_now_add fields (history, not today)."""
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field, _now, _add in saved:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, now, add in saved:
            field.auto_now, field.auto_now_add = now, add


def _stamped(model):
    return stored_as_given(model._meta.get_field("updated_at"))


class _Builder:
    def __init__(self, sizes, rng, stdout):
        self.sizes, self.rng, self.stdout = sizes, rng, stdout

    def build(self):
        self.authors()
        self.people()
        self.shows()
        self.articles()
        self.comments()

    def moment(self):
        span = (END - START).total_seconds()
        return START + datetime.timedelta(seconds=int(self.rng.random() * span))

    def authors(self):
        User = get_user_model()
        self.author_ids = []
        for number, (first, last) in enumerate([("Night", "Desk"), ("Dana", "Reyes"), ("Jae", "Park")]):
            username = f"{PREFIX}writer-{number + 1}"
            user, _created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
            AuthorProfile.objects.get_or_create(
                user=user,
                defaults={"display_name": f"{first} {last}", "slug": f"{PREFIX}{first}-{last}".lower()},
            )
            self.author_ids.append(user.pk)
        self.categories = {category.slug: category.pk for category in Category.objects.all()}
        self.default_category = self.categories.get("news") or next(iter(self.categories.values()))
        tags = [Tag(name=f"{genre} (archive)", slug=f"{PREFIX}{genre.lower()}") for genre in GENRES]
        self.tags = Tag.objects.bulk_create(tags)

    def people(self):
        rng, people = self.rng, []
        for number in range(self.sizes.people):
            name = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
            people.append(
                Person(
                    name=name,
                    slug=f"{PREFIX}person-{number + 1:05d}",
                    bio=f"{name} is an actor and presenter, in our archive since {1990 + number % 30}.",
                    updated_at=STAMP,
                )
            )
        with _stamped(Person):
            self.people = Person.objects.bulk_create(people, batch_size=BATCH)

    def shows(self):
        rng = self.rng
        shows = []
        for number in range(self.sizes.shows):
            title = f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
            country, language = rng.choice(COUNTRIES)
            first_air = self.moment().date()
            shows.append(
                Show(
                    title=f"{title} {number + 1}" if number >= len(ADJECTIVES) * len(NOUNS) else title,
                    slug=f"{PREFIX}show-{number + 1:04d}",
                    tagline=f"A {rng.choice(GENRES).lower()} about a {rng.choice(NOUNS).lower()}.",
                    synopsis=" ".join(rng.sample(PARAGRAPHS, 2)),
                    genres=", ".join(rng.sample(GENRES, 2)),
                    country=country,
                    language=language,
                    status=rng.choice(list(Show.Status.values)),
                    first_air_date=first_air,
                    updated_at=STAMP,
                )
            )
        with _stamped(Show):
            self.shows = Show.objects.bulk_create(shows, batch_size=BATCH)
        seasons, characters = [], []
        for show in self.shows:
            for number in range(1, rng.choice((1, 2, 2, 3, 4)) + 1):
                released = number == 1 or rng.random() < 0.6
                start = show.first_air_date + datetime.timedelta(days=420 * (number - 1))
                seasons.append(
                    Season(
                        show=show,
                        number=number,
                        status=Season.Status.RELEASED if released else Season.Status.FILMING,
                        release_precision=Season.Precision.DAY if released else Season.Precision.YEAR,
                        release_start=start,
                        release_confirmed=released,
                        episode_count=rng.choice((8, 10, 12, 16)) if released else None,
                        synopsis=rng.choice(PARAGRAPHS),
                        updated_at=STAMP,
                    )
                )
            for number in range(8):
                characters.append(Character(show=show, name=f"{rng.choice(GIVEN)} {number + 1}"))
        with _stamped(Season):
            self.seasons = Season.objects.bulk_create(seasons, batch_size=BATCH)
        self.characters = Character.objects.bulk_create(characters, batch_size=BATCH)
        by_show = {}
        for character in self.characters:
            by_show.setdefault(character.show_id, []).append(character)
        episodes, credits = [], []
        for season in self.seasons:
            for number in range(1, (season.episode_count or 0) + 1):
                air_date = season.release_start + datetime.timedelta(days=7 * (number - 1))
                episodes.append(Episode(season=season, number=number, air_date=air_date, updated_at=STAMP))
            cast = rng.sample(self.people, min(6, len(self.people)))
            for order, (person, character) in enumerate(zip(cast, by_show[season.show_id], strict=False)):
                kind = CastCredit.Kind.MAIN if order < 4 else CastCredit.Kind.RECURRING
                credits.append(
                    CastCredit(
                        season=season, person=person, character=character, billing_order=order + 1, kind=kind
                    )
                )
        with _stamped(Episode):
            Episode.objects.bulk_create(episodes, batch_size=BATCH)
        CastCredit.objects.bulk_create(credits, batch_size=BATCH)
        self.seasons_of = {}
        for season in self.seasons:
            self.seasons_of.setdefault(season.show_id, []).append(season)

    def body(self):
        rng = self.rng
        parts = []
        for heading in rng.sample(HEADINGS, 2):
            parts += [f"## {heading}", *rng.sample(PARAGRAPHS, 2)]
        return "\n\n".join(parts) + "\n"

    def articles(self):
        rng = self.rng
        rendered = {}  # body -> (html, toc): each distinct body is rendered once
        articles, relations = [], []
        for number in range(self.sizes.articles):
            show = rng.choice(self.shows)
            season = rng.choice(self.seasons_of[show.pk])
            person = rng.choice(self.people)
            template, category = rng.choice(ANGLES)
            title = template.format(
                show=show.title,
                n=season.number,
                episode=rng.randint(1, 12),
                adjective=rng.choice(ADJECTIVES).lower(),
                noun=rng.choice(NOUNS).lower(),
                person=person.name,
            )
            body = self.body()
            if body not in rendered:
                rendered[body] = render_markdown(body)
            body_html, toc = rendered[body]
            published_at = self.moment()
            status = Article.Status.PUBLISHED if rng.random() < 0.97 else Article.Status.DRAFT
            articles.append(
                Article(
                    title=title,
                    slug=f"{PREFIX}{number + 1:05d}",
                    summary=f"{title}. {rng.choice(PARAGRAPHS).split('. ')[0]}.",
                    body=body,
                    body_html=body_html,
                    toc=toc,
                    category_id=self.categories.get(category, self.default_category),
                    author_id=rng.choice(self.author_ids),
                    status=status,
                    published_at=published_at,
                    created_at=published_at,
                    updated_at=published_at,
                )
            )
            relations.append((show, season, person, rng.sample(self.tags, rng.randint(1, 2))))
        fields = [Article._meta.get_field(name) for name in ("created_at", "updated_at")]
        with stored_as_given(*fields):
            self.articles = Article.objects.bulk_create(articles, batch_size=BATCH)
        shows, seasons, people, tags = _article_throughs()
        links = {model: [] for model in (shows, seasons, people, tags)}
        for article, (show, season, person, chosen) in zip(self.articles, relations, strict=True):
            links[shows].append(shows(article_id=article.pk, show_id=show.pk))
            links[seasons].append(seasons(article_id=article.pk, season_id=season.pk))
            links[people].append(people(article_id=article.pk, person_id=person.pk))
            links[tags] += [tags(article_id=article.pk, tag_id=tag.pk) for tag in chosen]
        for model, rows in links.items():
            model.objects.bulk_create(rows, batch_size=BATCH)

    def comments(self):
        rng = self.rng
        live = [article for article in self.articles if article.status == Article.Status.PUBLISHED]
        # A few stories draw most of the conversation, as on any news site.
        weights = [rng.paretovariate(1.2) for _ in live]
        rendered = {}
        levels = {1: [], 2: [], 3: []}
        placed = {}  # article pk -> comments so far (parents for replies)
        for number, article in enumerate(rng.choices(live, weights=weights, k=self.sizes.comments)):
            earlier = placed.setdefault(article.pk, [])
            parent = rng.choice(earlier) if earlier and rng.random() < 0.35 else None
            if parent is not None and parent.depth >= 3:
                parent = None
            body = rng.choice(REMARKS)
            if rng.random() < 0.5:
                body += " " + rng.choice(REMARKS)
            if body not in rendered:
                rendered[body] = render_body(body)
            roll = rng.random()
            status = (
                Comment.Status.APPROVED
                if roll < 0.86
                else Comment.Status.PENDING
                if roll < 0.95
                else Comment.Status.SPAM
            )
            name = f"{rng.choice(COMMENTERS)} {rng.choice(FAMILY)}"
            base = parent.created_at if parent is not None else article.published_at
            comment = Comment(
                article_id=article.pk,
                parent=parent,
                depth=parent.depth + 1 if parent is not None else 1,
                name=name,
                email=f"reader{number % 4000}@example.com",
                body=body,
                body_html=rendered[body],
                status=status,
                created_at=base + datetime.timedelta(minutes=rng.randint(5, 60 * 24 * 3)),
            )
            earlier.append(comment)
            levels[comment.depth].append(comment)
        with stored_as_given(Comment._meta.get_field("created_at")):
            for depth in (1, 2, 3):
                # Parents first, so that replies can name their parent's id (and their thread's
                # first comment, as Comment.save() would).
                for comment in levels[depth]:
                    parent = comment.parent
                    comment.parent_id = parent.pk if parent is not None else None
                    comment.root_id = (parent.root_id or parent.pk) if parent is not None else None
                Comment.objects.bulk_create(levels[depth], batch_size=BATCH)
        # Loaded as rows, not posted by readers: count what readers see in one statement.
        counts.recount(list(archive_articles().values_list("pk", flat=True)))
