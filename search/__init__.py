"""Site search across articles, shows and people. It sits above the apps it searches: each of them
describes its own search document (``articles/search.py``, ``shows/search.py``), and this app indexes,
ranks and quotes them."""
