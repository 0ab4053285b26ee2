# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SAMPLE := newsroom/sample/zhuzhou-daily-2020-04-28.txt
# Where `make test` looks for PostgreSQL when DATABASE_URL does not name one.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/newsroom

# A local run over plain http on this machine; production sets its own environment (README.md).
RUN_ENV = DEBUG=$${DEBUG:-0} HTTPS=$${HTTPS:-0} SERVE_MEDIA=$${SERVE_MEDIA:-1} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}"

.PHONY: install run serve setup test lint format bench clean import

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Migrate, import the sample edition and give its page a demo page image, create the demo accounts: safe to run again
# (a page image already there, or redrawn by an editor, is kept).
setup: install var/secret_key
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(BIN)/python manage.py import_edition $(SAMPLE) --date 2020-04-28 --page A2 --page-name 综合 --publish
	$(RUN_ENV) $(BIN)/python manage.py demo_page_image --date 2020-04-28 --page A2
	$(RUN_ENV) $(BIN)/python manage.py demo_accounts

serve: install var/secret_key
	@echo "Serving http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(RUN_ENV) $(BIN)/gunicorn newsroom.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

run: setup serve

# Import a page's text with the settings `make run` uses: make import FILE=page.txt DATE=2020-04-28 PAGE=A2
# (ARGS=--dry-run, --json, --publish or --page-name 综合 as the command takes them).
import: install var/secret_key
	@test -n "$(FILE)" -a -n "$(DATE)" || { echo "make import: give FILE=… DATE=YYYY-MM-DD [PAGE=A1] [ARGS=…]" >&2; exit 2; }
	$(RUN_ENV) $(BIN)/python manage.py import_edition "$(FILE)" --date "$(DATE)" --page "$${PAGE:-A1}" $(ARGS)

# The whole suite on SQLite, then on PostgreSQL when one is reachable.
# REQUIRE_POSTGRES=1 (set by .ci/run) turns "no PostgreSQL" into a failure.
test: install
	env -u DATABASE_URL $(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)
	@url="$${DATABASE_URL:-$(PG_TEST_URL)}"; \
	if $(BIN)/python tests/pg_reachable.py "$$url"; then \
		DATABASE_URL="$$url" $(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS) || exit 1; \
		echo "make test: the suite passed on SQLite and on PostgreSQL ($$url)."; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "make test: PostgreSQL at $$url is not reachable, and REQUIRE_POSTGRES is set." >&2; exit 1; \
	else \
		echo "make test: the suite passed on SQLite only; no PostgreSQL was reachable at $$url."; \
	fi

# The public site measured on a synthetic ten-year archive in PostgreSQL (bench/run.py; the table goes to
# bench/results.md). SCALE=0.1 for a quick run; BENCH_REBUILD=1 builds the kept archive again.
SCALE ?= 1
bench: install
	@command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
		|| echo "make bench: wrk is missing and could not be installed (apt-get install -y wrk): no throughput figures."
	@SCALE=$(SCALE) BENCH_REBUILD=$(BENCH_REBUILD) $(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
