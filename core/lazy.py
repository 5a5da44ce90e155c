"""Values a page computes only if a fragment that shows them is rendered."""


class Later:
    """``Later(cast=lambda: …, articles=lambda: …)``: each attribute is computed on first use and
    kept. A page passes one to its template and reads it only inside its ``{% fragment %}``: when
    the fragment is kept, none of its queries run."""

    def __init__(self, **computations):
        self.__dict__["_computations"] = computations

    def __getattr__(self, name):
        try:
            compute = self._computations[name]
        except KeyError:
            raise AttributeError(name) from None
        value = compute()
        self.__dict__[name] = value
        return value
