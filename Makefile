# 政策问答助手 — one command each for a fresh machine.
#   make app    install everything into .venv, then start the Streamlit app on 127.0.0.1:8501
#               (embedded default: no server, no key, no download); HOST=0.0.0.0 PORT=8080 to change
#   make test   install everything into .venv, then run the checks (make lint) and the test suite
#   make lint   import contracts (.importlinter), ruff (ruff.toml), no source file over 400 lines
#   make eval   install everything into .venv, then run the gold-set evaluation
#   make api    install everything into .venv, then serve the HTTP API on 127.0.0.1:8080 (python -m api)
#   make load   install everything into .venv, then load-test the HTTP API with locust (docs/bench/load.md)
#
# Python packages go into the virtual environment .venv, never into the system Python: every
# install and every run below goes through $(VENV)/bin/python. The venv's pip reads the same
# pip configuration as the system's (/etc/pip.conf, /etc/xdg/pip/pip.conf, ~/.config/pip/pip.conf,
# PIP_* variables), so the local index and find-links still serve torch's CPU wheel.

# The interpreter that creates the venv (Python 3.11).
BOOTSTRAP_PYTHON ?= python3
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PIP := $(PYTHON) -m pip
# Streamlit's address and port: local only unless told otherwise.
HOST ?= 127.0.0.1
PORT ?= 8501
# Debian packages for the browser end-to-end test (headless Chromium, CJK fonts for screenshots).
APT_PACKAGES ?= chromium fonts-noto-cjk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install python-deps system-deps app api lint test eval load

install: python-deps system-deps

$(PYTHON):
	$(BOOTSTRAP_PYTHON) -m venv $(VENV)

# torch==2.13.0 is the first line of requirements.txt: plain pip takes the CPU wheel on disk.
# The stamp skips the install while requirements.txt is unchanged (delete .venv to start over).
python-deps: $(VENV)/.requirements-installed

$(VENV)/.requirements-installed: requirements.txt | $(PYTHON)
	$(PIP) install -q -r requirements.txt
	@touch $@

# Skips at once when Chromium and the CJK fonts are already there.
system-deps:
	@if [ -x /usr/bin/chromium ] && dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
		echo "system packages present: $(APT_PACKAGES)"; \
	else \
		echo "installing system packages: $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $(APT_PACKAGES); \
	fi

app: install
	$(PYTHON) -m streamlit run app.py --server.headless true --browser.gatherUsageStats false \
		--server.address $(HOST) --server.port $(PORT)

# Each check runs and reports even when an earlier one failed; any failure fails the target.
LINT_IMPORTS ?= $(VENV)/bin/lint-imports
lint: python-deps
	@status=0; \
	echo "== lint-imports (.importlinter)"; $(LINT_IMPORTS) --no-cache || status=1; \
	echo "== ruff check ."; $(PYTHON) -m ruff check . || status=1; \
	echo "== source file sizes"; $(PYTHON) scripts/check_sizes.py || status=1; \
	if [ $$status -ne 0 ]; then echo "lint: a check failed" >&2; fi; \
	exit $$status

# The checks run first; pytest runs either way, and the target fails if either failed.
# pytest's exit code 5 (no tests collected) counts as a failure.
test: install
	@$(MAKE) --no-print-directory lint; lint=$$?; \
	$(PYTHON) -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; fi; \
	if [ $$rc -eq 0 ] && [ $$lint -ne 0 ]; then echo "make test: the checks failed (see make lint above)" >&2; rc=1; fi; \
	exit $$rc

eval: install
	$(PYTHON) -m eval

api: install
	$(PYTHON) -m api

# Headless locust, bounded: 1 user per corpus, then 50 users for 60 s (LOAD_ARGS to change).
LOAD_ARGS ?= --users 50 --time 60 --single-time 20 --workers 1
load: install
	$(PYTHON) -m eval.load $(LOAD_ARGS)
