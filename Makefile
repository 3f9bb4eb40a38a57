# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
# Both use PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set, SQLite and in-memory otherwise.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ADMIN_EMAIL ?= admin@example.com
DEV_ADMIN_PASSWORD ?= admin-dev-password

FRONTEND_PORT ?= 3000

.PHONY: run test install migrate seed lint format check clean frontend

$(BIN)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# This checkout's own secret, so manage.py works here with DEBUG off (git-ignored; the environment overrides it).
.env:
	@printf '# Made by `make install` for this checkout only (git-ignored). Deployments set their environment.\nSECRET_KEY=%s\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "wrote .env with a fresh SECRET_KEY for this checkout"

install: $(BIN)/.installed .env

run: export DEBUG ?= 1
# The headless frontend (`make frontend`, another origin) calls the API from the browser.
run: export CORS_ALLOWED_ORIGINS ?= http://$(HOST):$(FRONTEND_PORT),http://localhost:$(FRONTEND_PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py create_dev_admin --email "$(DEV_ADMIN_EMAIL)" --password "$(DEV_ADMIN_PASSWORD)" --site-url "http://$(HOST):$(PORT)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# The headless Next.js storefront (frontend/), built and served on FRONTEND_PORT against the site of `make run`.
frontend/node_modules/.installed: frontend/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20 and npm are required"; exit 1; }
	npm ci --prefix frontend
	touch $@

frontend: frontend/node_modules/.installed
	npm run build --prefix frontend
	STOREFRONT_API_URL="$${STOREFRONT_API_URL:-http://$(HOST):$(PORT)}" PORT=$(FRONTEND_PORT) npm start --prefix frontend

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media staticfiles .pytest_cache .ruff_cache
