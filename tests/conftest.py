import pytest


@pytest.fixture(autouse=True)
def _isolated_media_and_static(settings, tmp_path):
    """Uploaded and generated images go to a throwaway folder; static files need no manifest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
