from django.shortcuts import render
from django.views.decorators.http import require_safe

from .engine import MAX_QUERY_LENGTH, search


@require_safe
def search_view(request):
    query = request.GET.get("q", "")
    results = search(query) if query.strip() else None
    return render(
        request,
        "search/search.html",
        {
            "query": query[:MAX_QUERY_LENGTH],
            "query_was_cut": len(query) > MAX_QUERY_LENGTH,
            "results": results,
        },
    )
