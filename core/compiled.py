"""SQL of querysets that a hot page runs with different values each time, built and compiled once.

Django builds and compiles a queryset with nested subqueries and joins (a comment thread, an
article's related stories) in a few milliseconds, several times what the database takes to run
it. ``Compiled.rows`` builds such a queryset once per process, for each shape and database, from
stand-in values, and runs its SQL with the real ones in their places: the queryset still says
what the query means, and the SQL is what Django writes for it, with its choice constants (a
status) written in rather than sent as parameters (``with_choices_written_in``).
"""

import datetime
import enum
import inspect
import re
import threading
from collections import OrderedDict
from contextlib import contextmanager, nullcontext

from django.db import connections, router
from django.db.models import DateTimeField
from django.db.models.query import get_related_populators
from django.utils import timezone

# Stand-ins no real value can equal: negative ids, moments in 1901, and text no slug is.
SAMPLE_ID = -987654321


def sample(value, index):
    if isinstance(value, datetime.datetime):
        return datetime.datetime(1901, 1, 1, 0, 0, index, 123457, tzinfo=datetime.UTC)
    if isinstance(value, int) and not isinstance(value, bool):
        return SAMPLE_ID - index
    if isinstance(value, str):
        return f"zqxstandin{index}zqx"
    raise TypeError(f"No stand-in for {value!r}: only ids, moments and text (a slug) vary between runs.")


def for_database(value, connection):
    """``value`` as the compiled query holds it (a moment, as its field writes it for this database)."""
    if isinstance(value, datetime.datetime):
        return DateTimeField().get_db_prep_value(value, connection)
    return value


class Compiled:
    """Instances of ``model`` from ``build(**values)``, with the SQL compiled once per shape."""

    def __init__(self, model, size=64, one_plan=False):
        """``one_plan``: on PostgreSQL, run the statement on the plan it makes once for any values
        (``generic_plan``), where PostgreSQL would plan it again for each run's."""
        self.model, self.size, self.one_plan = model, size, one_plan
        self.entries, self.lock = OrderedDict(), threading.Lock()

    def values(self, shape, build, **values):
        """As ``rows``, for a ``values_list`` queryset of fields: its tuples, read as Django reads them."""
        connection, (sql, params, compiler) = self.prepared(shape, build, values)
        rows = fetched(connection, sql, params, self.one_plan)
        return list(compiler.results_iter([rows], tuple_expected=True))

    def rows(self, shape, build, **values):
        """The model instances of ``build(**values)``, any queryset (``only``, ``select_related``
        and annotations included, not ``prefetch_related``), made as Django's iterator makes them.
        ``shape``: whatever changes the SQL itself (limits, depths); ``values``: ids and moments,
        passed to ``build`` by name. (Read through ``raw()``, the same rows took 6 % longer to
        render a show or an article page: its iterator maps the cursor's columns row by row.)"""
        connection, (sql, params, compiler) = self.prepared(shape, build, values)
        select, klass_info, annotations = compiler.select, compiler.klass_info, compiler.annotation_col_map
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        related = get_related_populators(klass_info, select, connection.alias)
        found = []
        for row in compiler.results_iter([fetched(connection, sql, params, self.one_plan)]):
            instance = klass_info["model"].from_db(connection.alias, names, row[start:end])
            for populator in related:
                populator.populate(row, instance)
            for name, position in (annotations or {}).items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def prepared(self, shape, build, values):
        """The connection, and the SQL with this call's values in place, its params and compiler."""
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
        sql, params, places, compiler = found
        prepared = {name: for_database(value, connection) for name, value in values.items()}
        params = [prepared[places[index]] if index in places else param for index, param in enumerate(params)]
        return connection, (sql, params, compiler)

    @staticmethod
    def compile(connection, build, names, values):
        samples = {name: sample(values[name], index) for index, name in enumerate(names)}
        # Kept with the SQL: after as_sql() it knows the columns, their converters and models.
        compiler = build(**samples).query.get_compiler(connection.alias)
        sql, params = compiler.as_sql()
        stand_ins = {for_database(value, connection): name for name, value in samples.items()}
        places = {
            index: stand_ins[param] for index, param in enumerate(params) if _hashable(param) in stand_ins
        }
        missing = set(names) - set(places.values())
        if missing:
            # A value the query changed (a lookup that wraps it, a moment truncated) or left out: its
            # stand-in would stay in the SQL and every call would get the stand-in's rows.
            raise ValueError(f"{sorted(missing)} do not reach the SQL as they were given: not compiled.")
        sql, params, places = with_choices_written_in(sql, params, places)
        return sql, params, places, compiler


PLACEHOLDER = re.compile(r"%%|%s")


def with_choices_written_in(sql, params, places):
    """The SQL with each choice constant (an article's or comment's status) written in as a literal,
    and the params and places that are left.

    PostgreSQL runs a prepared statement with a generic plan once it costs no more than planning
    it for each run's values. A status sent as a parameter leaves that plan guessing how many rows
    it matches, so for the latest comments PostgreSQL planned the statement again on every run
    (1.4 ms, ten times running it); written in, the generic plan knows, and is taken. Choices are
    the code's own constants, never a reader's input; the quoting is SQL's own (quotes doubled)."""
    literal_at = {
        index: "'" + str(param.value).replace("'", "''").replace("%", "%%") + "'"
        for index, param in enumerate(params)
        if index not in places and isinstance(param, enum.Enum) and isinstance(param.value, str)
    }
    if not literal_at or len(literal_at) == len(params):
        # With no parameter left, drivers would no longer read %% as a percent sign.
        return sql, params, places
    counter = iter(range(len(params)))

    def written(match):
        if match.group() == "%%":
            return "%%"
        index = next(counter)
        return literal_at.get(index, "%s")

    sql = PLACEHOLDER.sub(written, sql)
    kept = [index for index in range(len(params)) if index not in literal_at]
    return (
        sql,
        [params[index] for index in kept],
        {new: places[old] for new, old in enumerate(kept) if old in places},
    )


def fetched(connection, sql, params, one_plan=False):
    with connection.cursor() as cursor:
        with generic_plan(connection) if one_plan else nullcontext():
            cursor.execute(sql, params)
        return cursor.fetchall()


@contextmanager
def generic_plan(connection):
    """Statements executed inside run on their generic plan, made once per prepared statement
    and connection, in the one round trip they take anyway (psycopg's pipeline mode).

    PostgreSQL keeps planning a prepared statement for each run's values while its generic plan
    looks costlier than those: for a comment thread it always does (an article's comments, the
    planner guesses, are fewer than the average article's), although both plans are the same
    index lookups. Planning it took longer than running it: the thread cost 1.05 ms, and 0.55
    on its generic plan. The setting is put back before the results are read; when a statement
    fails, the implicit transaction it ran in takes the setting with it."""
    raw = connection.connection
    # Only a prepared statement keeps a plan (DB_PREPARED_STATEMENTS, on unless a pooler needs it off).
    if connection.vendor != "postgresql" or raw.prepare_threshold is None:
        yield
        return
    # The statement's own error comes when the pipeline ends, outside Django's cursor: read as
    # Django's (a DatabaseError) all the same.
    with connection.wrap_database_errors, raw.pipeline():
        raw.execute("SET plan_cache_mode = force_generic_plan", prepare=False)
        try:
            yield
        finally:
            raw.execute("RESET plan_cache_mode", prepare=False)


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return None
    return value


class OneRow:
    """``OneRow(rows)(**lookup)``: the one row of ``rows()`` that ``lookup`` finds (None if none),
    as an instance; ``rows(now)`` when the rows depend on the moment of the request (live
    articles). A detail page's own row, with no fragment kept: building and compiling a live
    article's queryset (its author, profile and section joined) took 0.8 ms on SQLite, many times
    what the database takes to find the row."""

    def __init__(self, rows):
        self.rows = rows
        self.takes_now = "now" in inspect.signature(rows).parameters
        self.compiled = None

    def __call__(self, **lookup):
        values = {**lookup, "now": timezone.now()} if self.takes_now else lookup
        if not all(isinstance(value, str) for value in lookup.values()):
            # A number (a season's) has no stand-in its field accepts: a negative one makes Django
            # rule the lookup out before any SQL is written.
            return next(iter(self.build(**values)), None)
        if self.compiled is None:
            self.compiled = Compiled(self.build(**values).model)
        found = self.compiled.rows(("one row",), self.build, **values)
        return found[0] if found else None

    def build(self, now=None, **lookup):
        # Unordered: ordering one row is no work for the database, but compiling the model's
        # default order (a join for a season's show title) was a third of the query's cost.
        return (self.rows(now) if self.takes_now else self.rows()).filter(**lookup).order_by()[:1]
