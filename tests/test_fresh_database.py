"""A fresh database gets everything from `migrate` alone: the roles and the search table."""

import sqlite3
import subprocess
import sys

from django.conf import settings


def test_migrate_on_a_fresh_database_makes_the_roles_and_the_search_table(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    env = {"SQLITE_PATH": str(database), "PATH": "/usr/bin:/bin", "CACHE_URL": "dummy://"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    with sqlite3.connect(database) as connection:
        groups = dict(
            connection.execute(
                "SELECT g.name, COUNT(p.id) FROM auth_group g "
                "LEFT JOIN auth_group_permissions p ON p.group_id = g.id GROUP BY g.name"
            ).fetchall()
        )
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(groups) == {"Writer", "Editor", "Moderator"}
    assert all(count > 0 for count in groups.values()), groups
    assert "articles_search_index" in tables
