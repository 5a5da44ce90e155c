"""What shows announces to apps above it (which it never imports)."""

from django.dispatch import Signal

# A fact readers rely on changed: a season's status, release window or date, its cast, a new
# release event, or where the show streams. Sent with ``show``, ``season`` (None when the change
# concerns every season of the show, such as a new streaming service), ``changes`` (one sentence
# each, for editors: "Status: Renewed → Filming") and ``changed_at``.
season_facts_changed = Signal()
