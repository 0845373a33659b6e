"""Backups of the PostgreSQL database and the uploaded files, with a manifest of row counts
taken in the very snapshot pg_dump copies, and the restore drill that proves a backup restores:
it loads the latest dump into a scratch database and compares every table's count with the
manifest (and the files with the archive's)."""
import datetime
import hashlib
import json
import os
import subprocess
import tarfile
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connection


def backup_dir() -> Path:
    path = Path(os.environ.get("BACKUP_DIR", settings.BASE_DIR / "backups"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _params(dbname=None):
    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
    params["dbname"] = dbname or connection.settings_dict["NAME"]
    return params


def _pg_env(params):
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = params["password"]
    return env


def _pg_args(params):
    args = []
    for flag, key in (("-h", "host"), ("-p", "port"), ("-U", "user")):
        if params.get(key):
            args += [flag, str(params[key])]
    return args


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _table_counts(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                   "ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _media_files(root: Path):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) \
        if root.exists() else []


def make_backup() -> Path:
    """Dump the database and archive the media; write the manifest last (a backup without
    its manifest is unfinished). Returns the manifest's path."""
    if connection.vendor != "postgresql":
        raise RuntimeError("备份需要PostgreSQL（DATABASE_URL）")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = backup_dir()
    dump, media = folder / f"secondment-{stamp}.dump", folder / f"secondment-{stamp}-media.tar.gz"
    params = _params()
    # Counts and dump from one snapshot: the manifest says exactly what the dump holds.
    holder = psycopg2.connect(**params)
    holder.set_session(isolation_level="REPEATABLE READ", readonly=True)
    try:
        with holder.cursor() as cur:
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            counts = _table_counts(cur)
            subprocess.run(["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}",
                            "-f", str(dump), *_pg_args(params), params["dbname"]],
                           check=True, env=_pg_env(params))
    finally:
        holder.rollback()
        holder.close()
    root = Path(settings.MEDIA_ROOT)
    files = _media_files(root)
    with tarfile.open(media, "w:gz") as archive:
        for name in files:
            archive.add(root / name, arcname=name)
    manifest = {
        "created": datetime.datetime.now().isoformat(timespec="seconds"),
        "database": params["dbname"], "dump": dump.name, "dump_sha256": _sha256(dump),
        "media": media.name, "media_sha256": _sha256(media), "media_files": len(files),
        "tables": counts,
    }
    path = folder / f"secondment-{stamp}.manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return path


def latest_manifest() -> Path:
    manifests = sorted(backup_dir().glob("secondment-*.manifest.json"))
    if not manifests:
        raise RuntimeError(f"{backup_dir()} 中没有备份（先运行 manage.py backup）")
    return manifests[-1]


def restore_drill(manifest_path=None, scratch=None) -> dict:
    """Restore the backup into a scratch database, compare, drop the scratch database.
    Returns {"manifest", "tables", "mismatches", "media_files"}; mismatches empty = passed."""
    manifest_path = Path(manifest_path or latest_manifest())
    manifest = json.loads(manifest_path.read_text())
    folder = manifest_path.parent
    dump, media = folder / manifest["dump"], folder / manifest["media"]
    mismatches = []
    for path, key in ((dump, "dump_sha256"), (media, "media_sha256")):
        if _sha256(path) != manifest[key]:
            mismatches.append(f"{path.name}: 校验和不符")
    params = _params("postgres")
    scratch = scratch or f"{manifest['database']}_restore_drill"
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
            cur.execute(f'CREATE DATABASE "{scratch}"')
        target = {**params, "dbname": scratch}
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", scratch,
                        *_pg_args(target), str(dump)], check=True, env=_pg_env(target))
        restored = psycopg2.connect(**target)
        try:
            with restored.cursor() as cur:
                counts = _table_counts(cur)
        finally:
            restored.close()
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.close()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            mismatches.append(f"{table}: 备份时{expected}行，恢复后{counts.get(table)}行")
    with tarfile.open(media, "r:gz") as archive:
        archived = len([m for m in archive.getmembers() if m.isfile()])
    if archived != manifest["media_files"]:
        mismatches.append(f"附件：备份时{manifest['media_files']}个，归档中{archived}个")
    return {"manifest": manifest_path.name, "tables": len(counts), "mismatches": mismatches,
            "media_files": archived, "rows": sum(counts.values())}
