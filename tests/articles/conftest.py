import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Role tests log many users in; the real hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
