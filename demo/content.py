"""The demo content: one show, its seasons and cast, a few articles and comments.

Written from /work/shared/demo/FACTS.md. Anything *reported* is worded as reported,
with its date; anything only *expected* is worded as expected. Article bodies are
Markdown files in ``demo/prose/``.
"""

import datetime
from pathlib import Path

from articles.models import Article
from comments.models import Comment
from shows.models import CastCredit, CrewCredit, ReleaseEvent, Season, Show

PROSE_DIR = Path(__file__).resolve().parent / "prose"
UTC = datetime.UTC


def prose(name):
    return (PROSE_DIR / name).read_text(encoding="utf-8").strip() + "\n"


def at(year, month, day, hour=9, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


AUTHOR = {
    "username": "newsdesk",
    "first_name": "News",
    "last_name": "Desk",
    "email": "newsdesk@example.com",
}

SHOW = {
    "slug": "all-of-us-are-dead",
    "title": "All of Us Are Dead",
    "original_title": "지금 우리 학교는",
    "original_title_romanized": "Jigeum Uri Hakgyoneun",
    "tagline": "One school, one outbreak, and the classmates who have to get out together.",
    "genres": "Horror, Zombie, Coming-of-age",
    "based_on": "The Naver webtoon Now at Our School by Joo Dong-geun",
    "first_air_date": datetime.date(2022, 1, 28),
    "last_air_date": datetime.date(2022, 1, 28),
    "official_site": "https://www.netflix.com/title/81237994",
    "country": "South Korea",
    "language": "Korean",
    "status": Show.Status.RENEWED,
    "synopsis": (
        "A science teacher's experiment goes wrong at Hyosan High School, and a zombie outbreak "
        "begins inside its walls. The students trapped in the building have to rely on one another "
        "to stay alive. The South Korean series adapts a Naver webtoon and is as much about "
        "growing up as it is about survival."
    ),
    "poster_alt": (
        "Poster illustration: the title All of Us Are Dead in large white capitals, with the "
        "subtitle Now at Our School, above a school's silhouette at night under a low moon, and a "
        "crowd of zombie silhouettes coming forward in a red mist."
    ),
}
BACKDROP = {
    "filename": "all-of-us-are-dead.jpg",
    "headline": "All of Us Are Dead",
    "scene": "corridor",
    "colours": ((170, 20, 30), (60, 40, 34)),
    "alt": "Backdrop illustration: an empty school corridor in perspective, lit red at its far end, "
    "where a lone figure stands.",
}
# slug, name, website, logo alt; then the show's own page on each service.
PROVIDERS = [
    (
        "netflix",
        "Netflix",
        "https://www.netflix.com/",
        "Placeholder logo: a white letter N on a red square. It is not the Netflix logo.",
    ),
]
SHOW_PROVIDERS = [("netflix", "https://www.netflix.com/title/81237994")]

POSTER = {
    "filename": "all-of-us-are-dead.jpg",
    "title": "All of Us Are Dead",
    "subtitle": "Now at Our School",
}

SEASONS = [
    {
        "number": 1,
        "status": Season.Status.RELEASED,
        "release_precision": Season.Precision.DAY,
        "release_start": datetime.date(2022, 1, 28),
        "release_end": None,
        "release_confirmed": True,
        "episode_count": 12,
        "poster_alt": (
            "Season poster illustration: Season 1 in large white capitals under the show's title, above "
            "a school's silhouette at night and a crowd of zombie silhouettes, in red."
        ),
        "synopsis": (
            "An outbreak set off by a teacher's experiment turns Hyosan High into a trap, and a "
            "group of classmates has to work together to get out alive. Netflix released all "
            "twelve episodes on the same day."
        ),
    },
    {
        "number": 2,
        "status": Season.Status.RENEWED,
        "release_precision": Season.Precision.YEAR_RANGE,
        "release_start": datetime.date(2024, 1, 1),
        "release_end": datetime.date(2025, 12, 31),
        "release_confirmed": False,
        "episode_count": None,
        "poster_alt": (
            "Season poster illustration: Season 2 in large white capitals under the show's title, above "
            "a school's silhouette at night and a crowd of zombie silhouettes, in cold blue."
        ),
        "synopsis": (
            "Netflix renewed the series in June 2022 but has not announced a date. The new season "
            "is expected to move towards a world where humans and zombies live side by side, with "
            "the halfbies, people who carry the virus but keep their minds, at its centre."
        ),
    },
]

# Season 1 came out all at once: twelve episodes on one day. Their titles are not in our facts,
# so they stay empty (the pages say "Episode 3") rather than being made up.
EPISODES = {1: [(number, datetime.date(2022, 1, 28)) for number in range(1, 13)]}

# season, date, date precision, kind, certainty, summary, source: ("article", slug) or a URL or "".
EVENTS = [
    (
        1,
        datetime.date(2022, 1, 28),
        ReleaseEvent.DatePrecision.DAY,
        ReleaseEvent.Kind.RELEASED,
        ReleaseEvent.Certainty.CONFIRMED,
        "Netflix released all twelve episodes of the first season on the same day.",
        "",
    ),
    (
        2,
        datetime.date(2022, 6, 1),
        ReleaseEvent.DatePrecision.MONTH,
        ReleaseEvent.Kind.RENEWED,
        ReleaseEvent.Certainty.CONFIRMED,
        "Netflix renewed All of Us Are Dead for a second season.",
        "",
    ),
    (
        2,
        datetime.date(2023, 3, 1),
        ReleaseEvent.DatePrecision.MONTH,
        ReleaseEvent.Kind.UPDATE,
        ReleaseEvent.Certainty.REPORTED,
        "Park Ji-hu said in an interview that production on the second season had not started yet, "
        "which made a 2023 release unlikely.",
        ("article", "all-of-us-are-dead-season-2-release-date-cast-story-where-to-watch"),
    ),
]

# slug, name, Korean name, birth name, bio
PEOPLE = [
    (
        "park-ji-hu",
        "Park Ji-hu",
        "박지후",
        "",
        "Park Ji-hu plays Nam On-jo, one of the six leads of All of Us Are Dead. "
        "In a March 2023 interview, Park Ji-hu said that production on Season 2 had not started yet.",
    ),
    (
        "yoon-chan-young",
        "Yoon Chan-young",
        "윤찬영",
        "",
        "Yoon Chan-young plays Lee Cheong-san, one of the central characters caught up in the "
        "outbreak at Hyosan High School. The role is part of the main cast expected back for Season 2.",
    ),
    (
        "cho-yi-hyun",
        "Cho Yi-hyun",
        "조이현",
        "",
        "Cho Yi-hyun plays Choi Nam-ra, the class president, in All of Us Are Dead. "
        "Nam-ra's story is expected to matter a great deal in Season 2, "
        "where Cho Yi-hyun returns among the main cast.",
    ),
    (
        "lomon",
        "Lomon",
        "로몬",
        "Park Solomon",
        "Lomon plays Lee Su-hyeok in All of Us Are Dead. Born Park Solomon, Lomon is credited "
        "under the shorter name and is one of the six main cast members returning for Season 2.",
    ),
    (
        "ha-seung-ri",
        "Ha Seung-ri",
        "하승리",
        "",
        "Ha Seung-ri plays Jang Ha-ri, part of the main cast of the first season. "
        "Ha Seung-ri is expected to return to the role when the series comes back for Season 2.",
    ),
    (
        "lee-eun-saem",
        "Lee Eun-saem",
        "이은샘",
        "",
        "Lee Eun-saem plays Park Mi-jin, one of the six leads of All of Us Are Dead. "
        "The role carries over into Season 2 with the rest of the main cast.",
    ),
    (
        "yoo-in-soo",
        "Yoo In-soo",
        "유인수",
        "",
        "Yoo In-soo plays Yoon Gwi-nam in the first season of All of Us Are Dead, "
        "one of the recurring roles around the six leads.",
    ),
    (
        "lee-yoo-mi",
        "Lee Yoo-mi",
        "이유미",
        "",
        "Lee Yoo-mi plays Lee Na-yeon in the first season of All of Us Are Dead. "
        "The role is part of the wider ensemble at Hyosan High School.",
    ),
    (
        "kim-byung-chul",
        "Kim Byung-chul",
        "김병철",
        "",
        "Kim Byung-chul plays Lee Byeong-chan, the science teacher at Hyosan High School. "
        "The character's experiment is what sets the zombie outbreak off, "
        "so the whole first season starts with this role.",
    ),
    (
        "jeon-bae-soo",
        "Jeon Bae-soo",
        "전배수",
        "",
        "Jeon Bae-soo plays Nam So-ju, On-jo's father, in the first season of All of Us Are Dead. "
        "The role is one of four that round out the cast around the six leads.",
    ),
]

# The crew named in our facts: slug, name, bio, job. Korean names are left out: they are not in the facts.
CREW = [
    (
        "lee-jae-kyoo",
        "Lee Jae-kyoo",
        "Lee Jae-kyoo directed All of Us Are Dead, sharing the director's credit with Kim Nam-su.",
        CrewCredit.Job.DIRECTOR,
    ),
    (
        "kim-nam-su",
        "Kim Nam-su",
        "Kim Nam-su directed All of Us Are Dead together with Lee Jae-kyoo.",
        CrewCredit.Job.DIRECTOR,
    ),
    (
        "chun-sung-il",
        "Chun Sung-il",
        "Chun Sung-il wrote All of Us Are Dead, adapting Joo Dong-geun's webtoon for Netflix.",
        CrewCredit.Job.WRITER,
    ),
]

# person slug, character, spoiler-light note, kind in Season 1; billing follows this order.
CAST = [
    ("park-ji-hu", "Nam On-jo", "", CastCredit.Kind.MAIN),
    ("yoon-chan-young", "Lee Cheong-san", "", CastCredit.Kind.MAIN),
    ("cho-yi-hyun", "Choi Nam-ra", "The class president", CastCredit.Kind.MAIN),
    ("lomon", "Lee Su-hyeok", "", CastCredit.Kind.MAIN),
    ("ha-seung-ri", "Jang Ha-ri", "", CastCredit.Kind.MAIN),
    ("lee-eun-saem", "Park Mi-jin", "", CastCredit.Kind.MAIN),
    ("yoo-in-soo", "Yoon Gwi-nam", "", CastCredit.Kind.RECURRING),
    ("lee-yoo-mi", "Lee Na-yeon", "", CastCredit.Kind.RECURRING),
    (
        "kim-byung-chul",
        "Lee Byeong-chan",
        "The science teacher whose experiment starts the outbreak",
        CastCredit.Kind.RECURRING,
    ),
    ("jeon-bae-soo", "Nam So-ju", "On-jo's father", CastCredit.Kind.RECURRING),
]
# Season 2: the six main cast of Season 1 return in the same roles.
SEASON_CAST = {1: CAST, 2: [role for role in CAST if role[3] == CastCredit.Kind.MAIN]}
MAIN_CAST = [role[0] for role in SEASON_CAST[2]]

TAGS = [
    ("Season 1", "season-1"),
    ("Season 2", "season-2"),
    ("Cast", "cast"),
    ("Recap", "recap"),
    ("Spoilers", "spoilers"),
    ("Where to watch", "where-to-watch"),
    ("Netflix", "netflix"),
]

FLAGSHIP_SLUG = "all-of-us-are-dead-season-2-release-date-cast-story-where-to-watch"
# Honest and short: the pictures are drawn for the demo, not photographs of the show.
HERO_CAPTION = "Illustration"

ARTICLES = [
    {
        "slug": "all-of-us-are-dead-season-1-ending-explained",
        "title": "All of Us Are Dead Season 1 ending explained",
        "summary": (
            "A spoiler-heavy walk through the last episodes of the first season, "
            "and the reveal that points the way to Season 2."
        ),
        "body": prose("season-1-ending-explained.md"),
        "published_at": at(2023, 2, 14, 10, 0),
        "tags": ["recap", "season-1", "spoilers"],
        "seasons": [1],
        "people": ["cho-yi-hyun"],
        "hero": (
            "rooftop",
            (150, 30, 24),
            (210, 110, 40),
            "students stand on a school roof at dusk, silhouetted against a burning city",
        ),
    },
    {
        "slug": "where-to-watch-all-of-us-are-dead",
        "title": "Where to watch All of Us Are Dead",
        "summary": (
            "The zombie series streams in one place only. Here is what you need to watch "
            "Season 1, and where Season 2 is expected to appear."
        ),
        "body": prose("where-to-watch.md"),
        "published_at": at(2023, 6, 5, 8, 30),
        "tags": ["where-to-watch", "netflix"],
        "seasons": [1, 2],
        "people": [],
        "hero": (
            "screen",
            (150, 20, 32),
            (90, 40, 30),
            "a viewer on a sofa, seen from behind, facing a glowing screen with a play sign",
        ),
    },
    {
        "slug": "all-of-us-are-dead-cast-guide",
        "title": "All of Us Are Dead cast guide: who plays whom",
        "summary": (
            "The actors behind On-jo, Cheong-san, Nam-ra and the rest of the Season 1 cast, "
            "with their names in Korean."
        ),
        "body": prose("cast-guide.md"),
        "published_at": at(2023, 9, 12, 9, 0),
        "tags": ["cast", "season-1", "season-2"],
        "seasons": [1, 2],
        "people": [person[0] for person in PEOPLE],
        "hero": (
            "lineup",
            (190, 120, 20),
            (90, 40, 10),
            "five head-and-shoulders silhouettes in a row, lit from behind in amber",
        ),
    },
    {
        "slug": FLAGSHIP_SLUG,
        "title": "All of Us Are Dead Season 2: release date, cast, storyline, and where to watch",
        "summary": (
            "Netflix has renewed All of Us Are Dead, but Season 2 still has no date. Here is what "
            "is confirmed, what is only expected, who is coming back, and where to watch Season 1 now."
        ),
        "body": prose("season-2-explainer.md"),
        "published_at": at(2023, 11, 20, 9, 0),
        "tags": ["season-2", "cast", "where-to-watch", "netflix"],
        "seasons": [2],
        "people": MAIN_CAST,
        "hero": (
            "school",
            (150, 16, 28),
            (40, 24, 80),
            "a school at night under a low moon, with a crowd of zombie silhouettes coming forward",
        ),
    },
]
# (name, slug, description, position): the same three the articles migration creates.
CATEGORIES = [
    ("News", "news", "Announcements, renewals, casting and release dates.", 1),
    ("Recaps", "recaps", "Episode and season recaps, with spoilers.", 2),
    ("Explainers", "explainers", "What we know, where to watch, and who plays whom.", 3),
]
ARTICLE_CATEGORIES = {
    "all-of-us-are-dead-season-1-ending-explained": "recaps",
    "where-to-watch-all-of-us-are-dead": "explainers",
    "all-of-us-are-dead-cast-guide": "explainers",
    FLAGSHIP_SLUG: "news",
}
for article in ARTICLES:
    article["category"] = ARTICLE_CATEGORIES[article["slug"]]
    article["status"] = Article.Status.PUBLISHED
    article["hero_caption"] = HERO_CAPTION
    _scene, _start, _end, described = article["hero"]
    article["hero_alt"] = f"Illustration: {described}."

COMMENTS = [
    {
        "article": FLAGSHIP_SLUG,
        "name": "Min-ji Park",
        "email": "minji.park@example.com",
        "body": (
            "Thank you for keeping what is confirmed apart from what is only expected. "
            "Too many sites print a guessed date as if Netflix had announced it."
        ),
        "status": Comment.Status.APPROVED,
        "created_at": at(2023, 11, 20, 12, 47),
    },
    {
        "article": FLAGSHIP_SLUG,
        "name": "Tom Becker",
        "email": "tom.becker@example.com",
        "body": (
            "I rewatched the whole first season last month and the finale still hits hard. "
            "A story built around the halfbies sounds right to me, as long as it keeps the "
            "tension of the school scenes."
        ),
        "status": Comment.Status.APPROVED,
        "created_at": at(2023, 11, 20, 18, 15),
    },
    {
        "article": FLAGSHIP_SLUG,
        "name": "Aisha Rahman",
        "email": "aisha.rahman@example.com",
        "body": (
            "If the trailer really comes about a month before release, I will know when to start "
            "getting excited. Until then, 2025 feels like a long way off."
        ),
        "status": Comment.Status.APPROVED,
        "created_at": at(2023, 11, 21, 7, 32),
    },
    {
        "article": FLAGSHIP_SLUG,
        "name": "Jae-won",
        "email": "jaewon@example.com",
        "body": (
            "Nam-ra was my favourite character by a mile. I hope the new season gives her time "
            "to deal with what happened to her, not just more running."
        ),
        "status": Comment.Status.APPROVED,
        "created_at": at(2023, 11, 22, 21, 5),
    },
    {
        "article": FLAGSHIP_SLUG,
        "name": "Chris M.",
        "email": "chris.m@example.com",
        "body": (
            "Does the webtoon carry on past the point where the show stops? "
            "I wonder whether it hints at what Season 2 might do."
        ),
        "status": Comment.Status.PENDING,
        "created_at": at(2023, 11, 27, 16, 40),
    },
    {
        "article": "all-of-us-are-dead-season-1-ending-explained",
        "name": "Sofia Lindqvist",
        "email": "sofia.lindqvist@example.com",
        "body": "That last scene at the school changed how I saw the whole season. Clear write-up, thanks.",
        "status": Comment.Status.APPROVED,
        "created_at": at(2023, 2, 15, 20, 10),
    },
    # Replies: "reply_to" names an earlier comment on the same article.
    {
        "article": FLAGSHIP_SLUG,
        "reply_to": "Tom Becker",
        "name": "Min-ji Park",
        "email": "minji.park@example.com",
        "body": "Same here. The school scenes were the best part; I hope the halfbie story keeps that feeling.",
        "status": Comment.Status.APPROVED,
        "created_at": at(2023, 11, 21, 9, 10),
    },
    {
        "article": "all-of-us-are-dead-season-1-ending-explained",
        "reply_to": "Sofia Lindqvist",
        "name": "Daniel Okafor",
        "email": "daniel.okafor@example.com",
        "body": "Agreed. I missed how much the rooftop scene set up the ending until I read this.",
        "status": Comment.Status.APPROVED,
        "created_at": at(2023, 2, 16, 8, 25),
    },
]


def headshot_alt(name, initials):
    return (
        f"Illustrated placeholder portrait for {name}: a head-and-shoulders silhouette over the "
        f"initials {initials}. It is not a photograph."
    )
