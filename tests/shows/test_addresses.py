"""shows.addresses writes what Django's reverse() would, for every route it serves."""

import pytest
from django.urls import reverse, set_script_prefix

from shows.addresses import address


@pytest.mark.parametrize("prefix", ["/", "/site/"])
@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("shows:show-detail", {"slug": "all-of-us-are-dead"}),
        ("shows:season-detail", {"slug": "all-of-us-are-dead", "number": 2}),
        ("shows:season-detail", {"slug": "show-9", "number": 918}),
        ("shows:person-detail", {"slug": "park_ji-hu-2"}),
    ],
)
def test_an_address_is_what_reverse_writes(name, kwargs, prefix):
    set_script_prefix(prefix)
    try:
        assert address(name, **kwargs) == reverse(name, kwargs=kwargs)
    finally:
        set_script_prefix("/")
