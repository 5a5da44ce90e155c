"""Pages every safety test can use."""

from tests.pagecache.conftest import site  # noqa: F401  (the fixture: a show, a season, an article, a comment)
