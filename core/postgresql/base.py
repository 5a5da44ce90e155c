"""Django's PostgreSQL backend, with a cheaper health check.

With ``CONN_HEALTH_CHECKS`` Django asks a kept connection ``SELECT 1`` before its first use in each
request: a round trip to the server on every request that touches the database, the whole of
/healthz's own query again. A server that closed the connection (a restart, a terminated backend,
an idle timeout) always tells the client: it sends its error and closes the socket, which then
reads as ready. An idle connection otherwise has nothing to read. So the socket is polled first,
without waiting, and only a connection with something waiting is asked ``SELECT 1``: a closed one
fails it and Django connects afresh, as before.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        if self.connection is None:
            return False
        if self.connection.closed or _has_something_to_read(self.connection.fileno()):
            return super().is_usable()
        return True


def _has_something_to_read(fd):
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))
