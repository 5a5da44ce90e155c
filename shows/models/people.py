from django.core.exceptions import ValidationError
from django.db import models

from core.paths import path_for

from ..scripts import lang_of
from .pictures import image_fields, related_or_none, require_alt
from .stamps import Stamped


class Person(Stamped):
    name = models.CharField(max_length=200, help_text="The name they are credited under.")
    native_name = models.CharField(
        max_length=200, blank=True, help_text="The name in its own script, e.g. Hangul."
    )
    birth_name = models.CharField(
        max_length=200, blank=True, help_text="If they are credited under another name, e.g. Park Solomon."
    )
    aliases = models.CharField(
        max_length=300, blank=True, help_text="Other names they are known by, comma-separated."
    )
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the person's URL.")
    birth_date = models.DateField(null=True, blank=True, help_text="Only if publicly confirmed.")
    bio = models.TextField(blank=True, help_text="A short biography in our own words.")
    headshot, headshot_width, headshot_height, headshot_alt = image_fields("people/", "headshot")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        # Lists and sitemap pages in name order: walked from the index, never sorted whole.
        indexes = [models.Index(fields=["name", "id"], name="person_name_order")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_for("shows:person-detail", slug=self.slug)

    def clean(self):
        require_alt(self, "headshot")

    @property
    def initials(self):
        return "".join(part[0] for part in self.name.replace("-", " ").split()[:2]).upper()

    @property
    def native_name_lang(self):
        """The language of the native name's script ("ko" for Hangul), or "" when unsure."""
        return lang_of(self.native_name)

    @property
    def alias_list(self):
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]

    @property
    def other_names(self):
        """Every other name, native script first, without repeats."""
        names = [self.native_name, self.birth_name, *self.alias_list]
        return list(dict.fromkeys(name for name in names if name and name != self.name))


class CrewCredit(models.Model):
    class Job(models.TextChoices):
        DIRECTOR = "director", "Directed by"
        WRITER = "writer", "Written by"
        CREATOR = "creator", "Created by"

    show = models.ForeignKey("shows.Show", on_delete=models.CASCADE, related_name="crew")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="crew_credits")
    job = models.CharField(max_length=10, choices=Job.choices)
    order = models.PositiveSmallIntegerField(default=0, help_text="1 is listed first.")

    class Meta:
        ordering = ["show", "order", "id"]
        verbose_name = "crew credit"
        constraints = [
            models.UniqueConstraint(
                fields=["show", "person", "job"],
                name="crewcredit_unique_job",
                violation_error_message="This person already has this job on the show.",
            ),
        ]

    def __str__(self):
        return f"{self.get_job_display()} {self.person.name} ({self.show})"


class Character(models.Model):
    show = models.ForeignKey("shows.Show", on_delete=models.CASCADE, related_name="characters")
    name = models.CharField(max_length=200, help_text="The character as credited.")
    description = models.CharField(
        max_length=300, blank=True, help_text="A short, spoiler-light line about the character."
    )

    class Meta:
        ordering = ["show", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "name"],
                name="character_unique_name_per_show",
                violation_error_message="This show already has a character with this name.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.show.title})"


class CastCreditQuerySet(models.QuerySet):
    def main(self):
        return self.filter(kind=CastCredit.Kind.MAIN)


class CastCredit(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", "Main"
        RECURRING = "recurring", "Recurring"
        GUEST = "guest", "Guest"

    season = models.ForeignKey("shows.Season", on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    character = models.ForeignKey(
        Character,
        # A credited character cannot be deleted on its own, but goes with its show.
        on_delete=models.RESTRICT,
        related_name="credits",
        help_text="The character, from the same show as the season.",
    )
    billing_order = models.PositiveSmallIntegerField(default=0, help_text="1 is billed first.")
    kind = models.CharField(
        max_length=10, choices=Kind.choices, default=Kind.MAIN, help_text="Main, recurring or guest."
    )

    objects = CastCreditQuerySet.as_manager()

    class Meta:
        ordering = ["season", "billing_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "person", "character"],
                name="castcredit_unique_role_per_season",
                violation_error_message="This person is already credited in this role for this season.",
            ),
        ]

    def __str__(self):
        return f"{self.person.name} as {self.character_name} ({self.season})"

    @property
    def character_name(self):
        return self.character.name

    @property
    def character_note(self):
        return self.character.description

    def clean(self):
        season, character = related_or_none(self, "season"), related_or_none(self, "character")
        show = related_or_none(season, "show") if season else None
        if show and character and character.show_id != show.pk:
            raise ValidationError({"character": f"Choose a character of {show.title}."})
