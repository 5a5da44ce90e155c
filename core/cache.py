"""The embedded default cache: diskcache's SQLite files, shared by every process, kept open."""

from diskcache import DjangoCache


class DiskCache(DjangoCache):
    """Django closes every cache when a request ends; diskcache's close() drops its SQLite
    connections, so each request would connect again and replay diskcache's set-up statements,
    which measured as most of a page-cache hit. Its connections are per thread and made afresh
    in a forked process (diskcache compares the process id), so keeping them open is safe."""

    def close(self, **kwargs):
        pass
