"""A page cache for anonymous readers, shared by every process and never stale.

A view opts in with ``readers_page`` (see ``policy.py``), naming the tags its page depends
on. Each tag has a token in the shared cache; a page is stored under a key that holds the
tokens current when its rendering started, so changing a token (``bump``) makes every page
that depends on it unreachable at once, in every process. Apps bump their tags from their
own signals; nothing here knows about shows, articles or comments.
"""
