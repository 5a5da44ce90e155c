"""manage.py backup and restore (issue 11): the demo site round-trips through one archive, on
SQLite and, in the scale-out run (DATABASE_URL=postgres://…), on PostgreSQL with pg_dump.

The commands run in processes of their own against scratch databases, as an operator runs them.
"""

import hashlib
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPARED = ["auth.user", "articles", "comments", "shows", "search"]


class Site:
    """One copy of the site: its own database (SQLite file or PostgreSQL database) and media folder."""

    def __init__(self, tmp_path, name):
        self.media = tmp_path / f"media-{name}"
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith("postgres")
        if self.postgres:
            base, database = url.rsplit("/", 1)
            self.admin_url = f"{base}/postgres"
            self.database = f"{database}_backup_{name}"
            self._sql(f'DROP DATABASE IF EXISTS "{self.database}"', f'CREATE DATABASE "{self.database}"')
            database_env = {"DATABASE_URL": f"{base}/{self.database}"}
        else:
            database_env = {"SQLITE_PATH": str(tmp_path / f"{name}.sqlite3")}
        self.env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))},
            **database_env,
            "CACHE_URL": f"disk://{tmp_path}/cache-{name}",
            "MEDIA_ROOT": str(self.media),
            "DJANGO_SETTINGS_MODULE": "aouad_site.settings",
        }

    def _sql(self, *statements):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def drop(self):
        if self.postgres:
            self._sql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def manage(self, *args, check=True):
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    def content(self):
        return json.loads(self.manage("dumpdata", *COMPARED, "--indent", "0").stdout)

    def media_files(self):
        return {
            path.relative_to(self.media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.media.rglob("*"))
            if path.is_file()
        }


@pytest.fixture(scope="module")
def demo_and_backup(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("backup")
    source = Site(tmp_path, f"a{secrets.token_hex(2)}")
    source.manage("migrate", "-v0")
    source.manage("load_demo", "-v0")
    archive = tmp_path / "backup.tar.gz"
    source.manage("backup", "--output", str(archive))
    yield source, archive, tmp_path
    source.drop()


@pytest.fixture
def empty_site(demo_and_backup):
    _source, _archive, tmp_path = demo_and_backup
    site = Site(tmp_path, f"b{secrets.token_hex(2)}")
    yield site
    site.drop()


def test_the_demo_content_and_media_round_trip_onto_an_empty_database(demo_and_backup, empty_site):
    source, archive, _tmp_path = demo_and_backup
    restored = empty_site.manage("restore", str(archive))
    assert "Restored" in restored.stdout
    content = source.content()
    assert len([row for row in content if row["model"] == "articles.article"]) >= 3
    assert empty_site.content() == content
    assert source.media_files() and empty_site.media_files() == source.media_files()
    # The restored site is a whole site: nothing left to migrate, and it serves.
    plan = empty_site.manage("migrate", "--plan").stdout
    assert "No planned migration operations." in plan


def test_the_manifest_lists_the_database_migrations_and_every_file_with_its_checksum(demo_and_backup):
    source, archive, _tmp_path = demo_and_backup
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
        for entry in manifest["files"]:
            assert hashlib.sha256(tar.extractfile(entry["path"]).read()).hexdigest() == entry["sha256"]
    assert manifest["database"]["vendor"] == ("postgresql" if source.postgres else "sqlite")
    assert ["articles", "0001_initial"] in manifest["migrations"]
    assert manifest["created_at"].endswith("+00:00")
    assert {entry["path"] for entry in manifest["files"]} | {"manifest.json"} == names
    assert any(entry["path"].startswith("media/") for entry in manifest["files"])


def test_a_database_that_is_not_empty_is_refused_unless_forced(demo_and_backup, empty_site):
    _source, archive, _tmp_path = demo_and_backup
    empty_site.manage("migrate", "-v0")
    refused = empty_site.manage("restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "The database is not empty" in refused.stderr
    empty_site.manage("restore", str(archive), "--force")
    assert any(row["model"] == "articles.article" for row in empty_site.content())


def test_a_damaged_archive_is_refused_before_anything_is_written(demo_and_backup, empty_site, tmp_path):
    _source, archive, _tmp = demo_and_backup
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as tar, tarfile.open(damaged, "w:gz") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            if member.name.startswith("media/") and not any(
                m.name.startswith("media/") and m.name < member.name for m in tar.getmembers()
            ):
                data = data[:-1] + bytes([data[-1] ^ 1])  # one bit flipped in the first image
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    refused = empty_site.manage("restore", str(damaged), check=False)
    assert refused.returncode != 0
    assert "does not match the manifest" in refused.stderr
    assert not empty_site.media.exists()
    tables = empty_site.manage(
        "shell", "-c", "from django.db import connection; print(connection.introspection.table_names())"
    )
    assert tables.stdout.strip().splitlines()[-1] == "[]"
