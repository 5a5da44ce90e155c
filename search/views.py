from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.lazy import Later
from pagecache.fragments import timed_fragment

from .engine import MAX_QUERY_LENGTH, search


@require_safe
def search_view(request):
    query = request.GET.get("q", "")
    shown = query[:MAX_QUERY_LENGTH]
    # The results are kept as a fragment under the query as shown (the words searched, and the
    # echo) and the site's token: any edit to an article, show or person replaces it, and the key
    # moves on at the next scheduled publication. Searched only when the fragment is not kept.
    key, timeout = timed_fragment()
    return render(
        request,
        "search/search.html",
        {
            "query": shown,
            "query_was_cut": len(query) > MAX_QUERY_LENGTH,
            "searched": bool(query.strip()),
            "found": Later(results=lambda: search(query)),
            "results_key": key,
            "results_timeout": timeout,
        },
    )
