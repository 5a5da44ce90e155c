"""One archive with everything the site needs back after a disaster: a consistent snapshot of
the database and the media files, with a manifest that says what is in it and proves it whole.

archive.tar.gz
    manifest.json        created_at, database vendor and format, the migrations applied, and
                         every other member's path, size and sha256
    database/db.sqlite3  SQLite: a copy made with SQLite's online backup API (consistent while
                         the site keeps writing; WAL pages included)
    database/db.dump     PostgreSQL: pg_dump's custom format (one consistent snapshot)
    media/...            the uploaded and generated images

``restore`` verifies every member against the manifest before it touches anything, and refuses
a database that is not empty unless told to replace it.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.dump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(output, *, using=DEFAULT_DB_ALIAS):
    """Write the archive to ``output`` (a path); return its manifest."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backup-") as scratch:
        snapshot = Path(scratch) / "database"
        if vendor == "sqlite":
            _sqlite_snapshot(connection, snapshot)
        else:
            _pg_dump(connection.settings_dict, snapshot)
        members = [(DATABASE_MEMBERS[vendor], snapshot)]
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    members.append(("media/" + path.relative_to(media_root).as_posix(), path))
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": {"vendor": vendor, "member": DATABASE_MEMBERS[vendor]},
            "migrations": applied_migrations(connection),
            "files": [
                {"path": name, "size": path.stat().st_size, "sha256": sha256_of(path)}
                for name, path in members
            ],
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.datetime.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            for name, path in members:
                archive.add(path, arcname=name, recursive=False)
        partial.replace(output)  # a half-written archive never has the final name
    return manifest


def applied_migrations(connection):
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _sqlite_snapshot(connection, target):
    """SQLite's online backup API: a consistent copy even while other processes write."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        with destination:
            connection.connection.backup(destination)
    finally:
        destination.close()


def _pg_environment(settings_dict):
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _pg_tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found: install PostgreSQL's client programs (Debian: apt-get install "
            "postgresql-client, the server's major version) and try again."
        )
    return path


def _pg_dump(settings_dict, target):
    _run(
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
         "--dbname", settings_dict["NAME"]],
        _pg_environment(settings_dict),
    )  # fmt: skip


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


# Restore ------------------------------------------------------------------------------------------------


def read_manifest(archive):
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("This archive has no manifest.json: it is not a backup of this site.") from None
    manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _safe_name(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Refusing a file outside the archive's folders: {name!r}")
    return path


def extract_verified(path, into):
    """Extract the members the manifest lists into ``into``, each checked against its size and
    sha256; anything else in the archive is ignored. Returns the manifest."""
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        for entry in manifest["files"]:
            name = _safe_name(entry["path"])
            try:
                member = archive.getmember(entry["path"])
            except KeyError:
                raise BackupError(f"The archive lacks {entry['path']}, which its manifest lists.") from None
            if not member.isfile():
                raise BackupError(f"{entry['path']} is not a regular file.")
            target = Path(into) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
            if target.stat().st_size != entry["size"] or sha256_of(target) != entry["sha256"]:
                raise BackupError(f"{entry['path']} does not match the manifest: the archive is damaged.")
    return manifest


def is_empty(connection):
    """No table at all, or only Django's record of migrations with nothing applied."""
    tables = set(connection.introspection.table_names())
    if not tables:
        return True
    if tables == {MigrationRecorder.Migration._meta.db_table}:
        return not MigrationRecorder(connection).applied_migrations()
    return False


def restore_backup(path, *, force=False, using=DEFAULT_DB_ALIAS):
    """Bring a backup back: verify it, then load the database and write the media files.

    Returns a list of notes for the operator (e.g. migrations to run)."""
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="restore-") as scratch:
        manifest = extract_verified(path, scratch)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(f"This is a {vendor} backup; the site's database is {connection.vendor}.")
        unknown = _unknown_migrations(manifest, connection)
        if unknown and not force:
            raise BackupError(
                "The backup was made by a newer version of the site (migrations this code lacks: "
                f"{', '.join(unknown[:5])}). Deploy that version first, or pass --force."
            )
        if not is_empty(connection) and not force:
            raise BackupError(
                "The database is not empty. Restore onto an empty database, or pass --force to replace it."
            )
        database_file = Path(scratch) / manifest["database"]["member"]
        if vendor == "sqlite":
            _sqlite_restore(connection, database_file)
        else:
            _pg_restore(connection, database_file, replace=not is_empty(connection))
        media_root = Path(settings.MEDIA_ROOT)
        scratch_media = Path(scratch) / "media"
        for entry in manifest["files"]:
            if entry["path"].startswith("media/"):
                target = media_root / _safe_name(entry["path"]).relative_to("media")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(scratch_media / PurePosixPath(entry["path"]).relative_to("media"), target)
    notes = []
    if _missing_migrations(manifest, connection):
        notes.append("The backup predates some of this code's migrations: run `manage.py migrate` now.")
    _forget_cached_pages()
    return notes


def _unknown_migrations(manifest, connection):
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]


def _missing_migrations(manifest, connection):
    in_backup = {tuple(pair) for pair in manifest["migrations"]}
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(on_disk - in_backup)


def _sqlite_restore(connection, database_file):
    """The backup API again, the other way: the site's database becomes the snapshot, page by page."""
    connection.close()
    connection.ensure_connection()
    source = sqlite3.connect(database_file)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _pg_restore(connection, dump, *, replace):
    connection.close()
    command = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    ]
    if replace:
        command += ["--clean", "--if-exists"]
    _run(
        [*command, "--dbname", connection.settings_dict["NAME"], str(dump)],
        _pg_environment(connection.settings_dict),
    )


def _forget_cached_pages():
    """Every cached page shows what the database held before: a new site token retires them all."""
    from pagecache.policy import SITE
    from pagecache.store import bump

    bump(SITE)
