# Two commands for a new machine: `make run` (the app with demo data) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint bench worker beat messages lock wheels

# Every Python dependency from the hashed lock files (requirements*.lock, made from
# requirements*.txt by `make lock`): pip refuses any file whose hash differs.
$(STAMP): requirements.lock requirements-dev.lock
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP)

## Pin again after changing requirements*.txt: the locks with every file's sha256 (pip-tools).
lock: $(STAMP)
	$(PY) -m pip install --quiet pip-tools==7.6.2
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock requirements.txt
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements-dev.lock requirements-dev.txt

## The offline bundle for a server without PyPI: wheelhouse/ holds a wheel of every runtime
## dependency, checked against the lock's hashes, for this machine's Python and platform
## (another: WHEEL_TARGET="--platform manylinux2014_aarch64 --python-version 3.11").
## On the server: pip install --no-index --find-links wheelhouse --require-hashes -r requirements.lock
wheels: $(STAMP)
	rm -rf wheelhouse && mkdir -p wheelhouse
	$(PY) -m pip download --quiet --require-hashes --only-binary=:all: $(WHEEL_TARGET) \
		-r requirements.lock -d wheelhouse
	cp requirements.lock wheelhouse/
	@echo "wheelhouse/: $$(ls wheelhouse/*.whl | wc -l) wheels"

## The app on the embedded default (SQLite, eager Celery) with the demo data, at :8000.
run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## The whole test suite (PostgreSQL and Redis when reachable, see scripts/test.sh).
test: $(STAMP)
	PY=$(PY) scripts/test.sh $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

## Benchmarks: the matching engine, then the pages' time to first byte under gunicorn on a
## PostgreSQL database of the demo (BENCH_DATABASE_URL, created and loaded when missing), then
## the reports over 1,000,000 work logs (BENCH_REPORTS_DATABASE_URL, filled when missing), then
## a 10,000-row cadre import (BENCH_IMPORTS_DATABASE_URL), then 8 cadres writing diary days
## while a 10,000-row placements import is applied in their batch (BENCH_WRITERS_DATABASE_URL,
## with the old figure stamps put back once for comparison), then the national scale
## (BENCH_NATIONAL_DATABASE_URL: made by `manage.py make_bench_data --scale national` on first
## use, about 3 minutes; BENCH_SCALE=small for a quick run); between them, a batch-wide 民主测评 of
## 200 cadres × 30 sheets voted by 16 clients (BENCH_BALLOTS_DATABASE_URL, made afresh).
bench: $(STAMP)
	$(PY) -m benchmarks.matching
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/secondment_bench} \
		$(PY) -m benchmarks.pages
	$(PY) -m benchmarks.reports
	$(PY) -m benchmarks.imports
	$(PY) -m benchmarks.writers --old-stamps
	$(PY) -m benchmarks.ballots
	$(PY) -m benchmarks.national

worker: $(STAMP)
	$(VENV)/bin/celery -A secondment worker -l info

beat: $(STAMP)
	$(VENV)/bin/celery -A secondment beat -l info

## Refresh the English catalog after changing Chinese strings: fill the new msgstr in
## locale/en/LC_MESSAGES/django.po, then run this again to compile (the .mo is committed).
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l en --ignore=.venv --ignore=static --ignore=screenshots --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv
