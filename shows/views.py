from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import CastCredit, Person, Season, Show


class ShowListView(ListView):
    template_name = "shows/show_list.html"
    context_object_name = "shows"

    def get_queryset(self):
        return Show.objects.for_cards()


class ShowDetailView(DetailView):
    template_name = "shows/show_detail.html"
    context_object_name = "show"

    def get_queryset(self):
        return Show.objects.for_cards()

    def get_context_data(self, **kwargs):
        main_cast = (
            CastCredit.objects.main()
            .filter(season__show=self.object)
            .select_related("person", "season")
            .order_by("season__number", "billing_order", "id")
        )
        return super().get_context_data(
            main_cast=first_credit_per_person(main_cast),
            articles=self.object.articles.published().for_cards()[:6],
            **kwargs,
        )


def first_credit_per_person(credits):
    """One line per person: their earliest billed role across seasons."""
    seen = {}
    for credit in credits:
        seen.setdefault(credit.person_id, credit)
    return list(seen.values())


class SeasonDetailView(DetailView):
    template_name = "shows/season_detail.html"
    context_object_name = "season"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Season.objects.with_cast(), show__slug=self.kwargs["slug"], number=self.kwargs["number"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(articles=self.object.articles.published().for_cards()[:6], **kwargs)


class PersonDetailView(DetailView):
    template_name = "shows/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            Prefetch(
                "credits",
                queryset=CastCredit.objects.select_related("season__show").order_by(
                    "season__show__title", "season__number", "billing_order"
                ),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(articles=self.object.articles.published().for_cards()[:6], **kwargs)
