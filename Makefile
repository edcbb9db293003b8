# Sohoa. `make run` and `make test` each set up what they need on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BENCH_VENV := .venv-bench
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd poppler-utils qpdf \
	softhsm2 fonts-liberation2 jbig2dec libnss3-tools fonts-freefont-ttf xmlsec1 \
	libreoffice-writer-nogui chromium
BENCH_APT_PACKAGES := ghostscript unpaper
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Two test processes, each taking whole files (a module's shared set-up stays in one):
# much of the suite waits on services and subprocesses, so two keep both cores busy.
PARALLEL := -n 2 --dist loadfile
# axe-core, which the browser tests inject into pages to check accessibility (pinned by the
# lock file; installed with npm, Debian's when the machine has none).
AXE := tests/browser/node_modules/axe-core/axe.min.js
# The command line's Vietnamese: the .po is the source, the .mo is compiled from it.
CATALOGUE := service/locale/vi/LC_MESSAGES/sohoa

.PHONY: setup system-packages run test test-fast lint bench clean catalogue

setup: system-packages $(VENV)/.installed $(AXE) $(CATALOGUE).mo

system-packages:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

$(AXE): tests/browser/package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends npm; }
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

$(CATALOGUE).mo: $(CATALOGUE).po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -D sohoa -d service/locale -l vi

# After writing or changing a message in `_()`: the new ones join the Vietnamese catalogue
# (untranslated until someone writes their Vietnamese; a test lists them).
catalogue: $(VENV)/.installed
	$(VENV)/bin/pybabel extract --no-location --omit-header -F service/locale/babel.cfg \
		-k _ -k ngettext:1,2 -k pgettext:1c,2 -k N_ -o service/locale/sohoa.pot .
	$(VENV)/bin/pybabel update --ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date \
		-D sohoa -d service/locale -l vi -i service/locale/sohoa.pot
	rm service/locale/sohoa.pot

run: setup
	$(VENV)/bin/sohoa run

test: setup
	@if [ "$$CI" = "true" ]; then $(MAKE) --no-print-directory lint; fi
	$(VENV)/bin/pytest $(PARALLEL)

test-fast: setup
	$(VENV)/bin/pytest $(PARALLEL) -m "not slow"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: setup
	@for p in $(BENCH_APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || \
		(DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$p); done
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q -e '.[test,bench]'
	$(BENCH_VENV)/bin/python bench/ocr_bench.py $(BENCH_ARGS)
	$(BENCH_VENV)/bin/python bench/intake_bench.py $(INTAKE_ARGS)
	$(BENCH_VENV)/bin/python bench/sign_bench.py $(SIGN_ARGS)
	$(BENCH_VENV)/bin/python bench/receipt_bench.py $(RECEIPT_ARGS)
	$(BENCH_VENV)/bin/python bench/rates_bench.py $(RATES_ARGS)
	$(BENCH_VENV)/bin/python bench/web_bench.py $(WEB_ARGS)
	$(BENCH_VENV)/bin/python bench/scale_bench.py $(SCALE_ARGS)

clean:
	rm -rf $(VENV) $(BENCH_VENV) tests/browser/node_modules .mypy_cache .ruff_cache .pytest_cache
