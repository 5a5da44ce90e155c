"""SQL of querysets that a hot page runs with different values each time, built and compiled once.

Django builds and compiles a queryset with nested subqueries and joins (a comment thread, an
article's related stories) in a few milliseconds, several times what the database takes to run
it. ``Compiled.rows`` builds such a queryset once per process, for each shape and database, from
stand-in values, and runs its SQL with the real ones in their places: the queryset still says
what the query means, and the SQL is exactly what Django writes for it.
"""

import datetime
import threading
from collections import OrderedDict

from django.db import connections, router
from django.db.models import DateTimeField

# Stand-ins no real value can equal: negative ids, and moments in 1901.
SAMPLE_ID = -987654321


def sample(value, index):
    if isinstance(value, datetime.datetime):
        return datetime.datetime(1901, 1, 1, 0, 0, index, 123457, tzinfo=datetime.UTC)
    if isinstance(value, int) and not isinstance(value, bool):
        return SAMPLE_ID - index
    raise TypeError(f"No stand-in for {value!r}: only ids and moments vary between runs.")


def for_database(value, connection):
    """``value`` as the compiled query holds it (a moment, as its field writes it for this database)."""
    if isinstance(value, datetime.datetime):
        return DateTimeField().get_db_prep_value(value, connection)
    return value


class Compiled:
    """Instances of ``model`` from ``build(**values)``, with the SQL compiled once per shape."""

    def __init__(self, model, size=64):
        self.model, self.size = model, size
        self.entries, self.lock = OrderedDict(), threading.Lock()

    def rows(self, shape, build, **values):
        """``shape``: whatever changes the SQL itself (limits, depths); ``values``: ids and moments,
        passed to ``build`` by name."""
        connection = connections[router.db_for_read(self.model)]
        key = (connection.alias, connection.vendor, *shape, *sorted(values))
        with self.lock:
            found = self.entries.get(key)
        if found is None:
            found = self.compile(connection, build, sorted(values), values)
            with self.lock:
                self.entries[key] = found
                while len(self.entries) > self.size:
                    self.entries.popitem(last=False)
        sql, params, places = found
        prepared = {name: for_database(value, connection) for name, value in values.items()}
        params = [prepared[places[index]] if index in places else param for index, param in enumerate(params)]
        return list(self.model.objects.db_manager(connection.alias).raw(sql, params))

    @staticmethod
    def compile(connection, build, names, values):
        samples = {name: sample(values[name], index) for index, name in enumerate(names)}
        sql, params = build(**samples).query.get_compiler(connection.alias).as_sql()
        stand_ins = {for_database(value, connection): name for name, value in samples.items()}
        places = {
            index: stand_ins[param] for index, param in enumerate(params) if _hashable(param) in stand_ins
        }
        return sql, params, places


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return None
    return value
