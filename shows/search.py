"""What site search reads of shows and people: plain data, so that the search app (which sits above
shows) can index, rank and quote them while shows knows nothing of how.

A document names its model by label (migrations index historical models), the text fields of its
title and body, and the fields its snippets quote. Fields a model lacks are skipped, so these models
can be reshaped without breaking search.
"""

from .models import Person, Show


class ShowDocument:
    kind = "show"
    model = "shows.Show"
    title_fields = ("title", "original_title", "original_title_romanized")
    body_fields = ("tagline", "synopsis", "genres")
    html_fields = ()
    snippet_fields = ("synopsis",)

    @staticmethod
    def public():
        return Show.objects.all()


class PersonDocument:
    kind = "person"
    model = "shows.Person"
    title_fields = ("name", "native_name", "birth_name", "aliases")
    body_fields = ("bio",)
    html_fields = ()
    snippet_fields = ("bio",)

    @staticmethod
    def public():
        return Person.objects.all()
