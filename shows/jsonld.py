"""schema.org JSON-LD for show, season and person pages, built as dicts and serialized safely."""

CONTEXT = "https://schema.org"

# CrewCredit.Job → the schema.org property of a TVSeries that names them.
CREW_PROPERTY = {"director": "director", "writer": "author", "creator": "creator"}


def absolute(request, url):
    return request.build_absolute_uri(url) if url else None


def image(request, field_file):
    return absolute(request, field_file.url) if field_file else None


def person_ref(person, request):
    return {"@type": "Person", "name": person.name, "url": absolute(request, person.get_absolute_url())}


def performance_role(credit, request):
    return {
        "@type": "PerformanceRole",
        "actor": person_ref(credit.person, request),
        "characterName": credit.character_name,
        "roleName": credit.get_kind_display(),
    }


def series_ref(show, request):
    return {"@type": "TVSeries", "name": show.title, "url": absolute(request, show.get_absolute_url())}


def release_dates(season, today):
    """datePublished once the season is out; a confirmed day to come is its startDate. A window
    (or a day that passed with no release) is no date at all."""
    release = season.release_facts(today)
    return {
        "datePublished": release.day if release.released else None,
        "startDate": release.countdown_to,
    }


def tv_series(show, main_cast, request, today=None):
    crew = {job: [] for job in CREW_PROPERTY}
    for credit in show.crew.all():
        crew[credit.job].append(person_ref(credit.person, request))
    seasons = list(show.seasons.all())
    return {
        "@context": CONTEXT,
        **series_ref(show, request),
        "alternateName": [name for name in (show.original_title, show.original_title_romanized) if name],
        "description": show.synopsis,
        "genre": show.genre_list,
        "countryOfOrigin": {"@type": "Country", "name": show.country} if show.country else None,
        "inLanguage": show.language,
        "startDate": show.first_air_date,
        "isBasedOn": {"@type": "CreativeWork", "name": show.based_on} if show.based_on else None,
        "image": image(request, show.poster),
        "sameAs": show.official_site,
        "trailer": {"@type": "VideoObject", "name": f"{show.title} trailer", "url": show.trailer_url}
        if show.trailer_url
        else None,
        "director": crew["director"],
        "author": crew["writer"],
        "creator": crew["creator"],
        "numberOfSeasons": len(seasons),
        "containsSeason": [
            {
                "@type": "TVSeason",
                "name": season.name,
                "seasonNumber": season.number,
                "url": absolute(request, season.get_absolute_url()),
                **release_dates(season, today),
            }
            for season in seasons
        ],
        "actor": [performance_role(credit, request) for credit in main_cast],
    }


def tv_season(season, request, today=None):
    return {
        "@context": CONTEXT,
        "@type": "TVSeason",
        "name": f"{season.show.title}: {season.name}",
        "seasonNumber": season.number,
        "url": absolute(request, season.get_absolute_url()),
        "partOfSeries": series_ref(season.show, request),
        "description": season.synopsis,
        "image": image(request, season.poster),
        **release_dates(season, today),
        "numberOfEpisodes": season.episode_count,
        "episode": [
            {
                "@type": "TVEpisode",
                "episodeNumber": episode.number,
                "name": episode.name,
                "datePublished": episode.air_date,
                "timeRequired": f"PT{episode.runtime}M" if episode.runtime else None,
            }
            for episode in season.episodes.all()
        ],
        "actor": [performance_role(credit, request) for credit in season.credits.all()],
    }


def person(person, request):
    me = {"@id": absolute(request, person.get_absolute_url()) + "#person"}
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                **me,
                "@type": "Person",
                "name": person.name,
                "alternateName": person.other_names,
                "birthDate": person.birth_date,
                "description": person.bio,
                "image": image(request, person.headshot),
                "url": absolute(request, person.get_absolute_url()),
            },
            *(
                {
                    "@type": "TVSeason",
                    "name": f"{credit.season.show.title}: {credit.season.name}",
                    "seasonNumber": credit.season.number,
                    "url": absolute(request, credit.season.get_absolute_url()),
                    "partOfSeries": series_ref(credit.season.show, request),
                    "actor": {
                        "@type": "PerformanceRole",
                        "actor": me,
                        "characterName": credit.character_name,
                        "roleName": credit.get_kind_display(),
                    },
                }
                for credit in person.credits.all()
            ),
            *(
                {**series_ref(credit.show, request), CREW_PROPERTY[credit.job]: me}
                for credit in person.crew_credits.all()
            ),
        ],
    }
