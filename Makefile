# Polku: `make run` to start it with demo data, `make test` to run every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp
PORT ?= 5000
# Open Badges 3.0 credentials name the hub's address; on a laptop it is this one.
export PUBLIC_URL ?= http://localhost:$(PORT)
TRANSLATIONS := webapp/translations
CATALOGS := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run worker worker-media test faults lint format bench translations extract-messages update-messages migrate seed clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(BIN)/activate

$(VENV)/.dev: $(BIN)/activate requirements-openbadges.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	# The Open Badges validator pins what no longer installs beside Flask: see the file.
	$(BIN)/pip install --quiet --no-deps -r requirements-openbadges.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

%.mo: %.po | $(BIN)/activate
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: $(COMPILED)

migrate: $(BIN)/activate translations
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

run: seed
	@echo "Polku: http://127.0.0.1:$(PORT)  (demo logins above, also in README.md)"
	# Reloading, but no interactive debugger: it runs any code typed into an error page.
	$(FLASK) run --debug --no-debugger --port $(PORT)

# Background jobs when REDIS_URL is set (without it, jobs run in the web process).
# Two workers, so a push or an email never waits behind a transcode: `make worker` for
# pushes, email and small jobs, `make worker-media` for videos. Both retry with the scheduler.
RQ_WORKER = $(BIN)/rq worker --with-scheduler --worker-class webapp.worker.PolkuWorker --url "$(REDIS_URL)" --path .

worker: $(BIN)/activate translations
	@test -n "$(REDIS_URL)" || { echo "Set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379/0 make worker"; exit 2; }
	$(RQ_WORKER) polku-push polku-mail polku

worker-media: $(BIN)/activate translations
	@test -n "$(REDIS_URL)" || { echo "Set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379/0 make worker-media"; exit 2; }
	$(RQ_WORKER) polku-media

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.dev translations node_modules/.installed lint
	$(BIN)/pytest

# The slow fault tests: parts killed or stopped on purpose (see tests/faults/).
faults: $(VENV)/.dev translations
	$(BIN)/pytest -m faults tests/faults

bench: $(VENV)/.dev translations
	$(BIN)/python -m bench.pages

# Translators: extract new strings, merge them into each language, then fill in the .po files.
extract-messages: $(BIN)/activate
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output --width=100 -o $(TRANSLATIONS)/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete --width=100

clean:
	rm -rf $(VENV) node_modules $(COMPILED)
