"""Settings read from the environment: embedded default vs PostgreSQL/Redis, loud failures."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; from django.conf import settings as s; django.setup();"
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'],"
    " 'name': str(s.DATABASES['default']['NAME']),"
    " 'conn_max_age': s.DATABASES['default'].get('CONN_MAX_AGE'),"
    " 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL,"
    " 'debug': s.DEBUG, 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE,"
    " 'hosts': s.ALLOWED_HOSTS}))"
)
BASE_ENV = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "secondment.settings"}


def settings_with(env, cwd=ROOT):
    result = subprocess.run([sys.executable, "-c", PROBE], env={**BASE_ENV, **env}, cwd=cwd,
                            capture_output=True, text=True, timeout=60)
    return result


def probe(env):
    result = settings_with(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_urls_the_app_runs_on_sqlite_with_eager_celery():
    got = probe({"DEBUG": "1"})
    assert got["engine"] == "django.db.backends.sqlite3"
    assert got["eager"] is True and got["broker"] == "memory://"
    assert got["lang"] == "zh-hans" and got["tz"] == "Asia/Shanghai"


def test_with_urls_the_app_uses_postgresql_and_redis():
    got = probe({"DEBUG": "1", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
                 "REDIS_URL": "redis://127.0.0.1:6379/3", "CONN_MAX_AGE": "120"})
    assert got["engine"] == "django.db.backends.postgresql"
    assert got["name"] == "x" and got["conn_max_age"] == 120
    assert got["eager"] is False and got["broker"] == "redis://127.0.0.1:6379/3"


@pytest.mark.parametrize("env, needle", [
    ({"DEBUG": "maybe"}, "DEBUG must be a boolean"),
    ({"DEBUG": "1", "CONN_MAX_AGE": "soon"}, "CONN_MAX_AGE must be an integer"),
])
def test_a_bad_value_stops_the_start_with_its_name(env, needle):
    result = settings_with(env)
    assert result.returncode != 0
    assert needle in result.stderr


def test_without_a_secret_key_commands_run_but_serving_refuses_to_start():
    env = {**BASE_ENV, "DEBUG": "0"}
    check = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check",
                            "--dry-run"], env=env, cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stderr
    for module in ("secondment.wsgi", "secondment.asgi"):
        serve = subprocess.run([sys.executable, "-c", f"import {module}"], env=env, cwd=ROOT,
                               capture_output=True, text=True, timeout=60)
        assert serve.returncode != 0
        assert "SECRET_KEY must be set" in serve.stderr


def test_the_os_environment_wins_over_dotenv(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=1\nALLOWED_HOSTS=from-dotenv.example\nLANGUAGE_CODE=en\n",
                        encoding="utf-8")
    got = probe({"ENV_FILE": str(env_file), "LANGUAGE_CODE": "zh-hans"})
    assert got["hosts"] == ["from-dotenv.example"] and got["debug"] is True
    assert got["lang"] == "zh-hans"


def test_production_mode_passes_the_deploy_check():
    env = {**BASE_ENV, "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-!@#",
           "ALLOWED_HOSTS": "secondment.example.gov.cn", "DEBUG": "0"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                             "WARNING"], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_passwords_are_hashed_with_argon2id_and_older_hashes_still_verify():
    """Argon2id at 64 MiB, one pass, two lanes (accounts.hashers); a PBKDF2 hash and one made
    with Django's Argon2 defaults verify, and are made again at the next sign-in."""
    code = ("import django; django.setup();"
            "from django.contrib.auth.hashers import make_password, check_password, "
            "identify_hasher;"
            "from django.contrib.auth.hashers import PBKDF2PasswordHasher as P;"
            "from django.contrib.auth.hashers import Argon2PasswordHasher as A;"
            "old = P().encode('secret', P().salt(), iterations=1000);"
            "default = A().encode('secret', A().salt());"
            "new = make_password('secret');"
            "print(*new.split('$')[:4], check_password('secret', old),"
            " check_password('secret', default), identify_hasher(default).must_update(default),"
            " identify_hasher(new).must_update(new))")
    result = subprocess.run([sys.executable, "-c", code], env={**BASE_ENV, "DEBUG": "1"},
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["argon2", "argon2id", "v=19", "m=65536,t=1,p=2",
                                     "True", "True", "True", "False"]


def test_the_redis_cache_round_trips(settings):
    from django.core.cache import caches

    if not settings.CACHE_URL:
        pytest.skip("the suite runs on the local-memory cache without REDIS_URL")
    cache = caches["default"]
    cache.set("secondment-cache-test", {"页": [1, 2]}, 30)
    assert cache.get("secondment-cache-test") == {"页": [1, 2]}
    cache.delete("secondment-cache-test")
    assert cache.get("secondment-cache-test") is None


def test_the_sqlite_demo_signs_in_by_token_and_lists(tmp_path):
    """The embedded default (SQLite, no Redis): a token signs in and a list shows a change
    made after it was first read."""
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from rest_framework.authtoken.models import Token;"
        "from rest_framework.test import APIClient;"
        "from accounts.models import User;"
        "from programs.models import Region;"
        "user = User.objects.create_superuser('root', password='pw-2026-root');"
        "client = APIClient(HTTP_AUTHORIZATION='Token ' + Token.objects.create(user=user).key);"
        "first = client.get('/api/v1/regions/');"
        "Region.objects.create(name='测试新区', level='province');"
        "second = client.get('/api/v1/regions/');"
        "print(first.status_code, first.json()['count'], second.json()['count'],"
        " client.get('/api/v1/regions/', HTTP_AUTHORIZATION='Token ' + '0' * 40).status_code)")
    env = {**BASE_ENV, "DEBUG": "1", "SQLITE_PATH": str(tmp_path / "demo.sqlite3"),
           "ALLOWED_HOSTS": "testserver"}
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    # The national directory (3,233 regions, migration programs/0009), then one more.
    assert result.stdout.split() == ["200", "3233", "3234", "401"]
