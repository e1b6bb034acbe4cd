# The stable interface: make serve | test | build   (see README.md)
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SITE := site
# Reproducible output: same input -> same bytes (sitemap dates, etc.).
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1638152000)
export PYTHONDONTWRITEBYTECODE := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: help venv build serve test check clean

help:
	@echo "make serve   本地预览（自动安装依赖，修改 data/ macros/ docs/ 后自动重建）"
	@echo "make test    运行全部测试"
	@echo "make build   严格模式构建网站到 site/"

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

venv: $(STAMP)

# Build into a temporary directory and move it into place only on success, so a
# failed strict build never leaves a half-built, publishable site/.
build: $(STAMP)
	@rm -rf .site-tmp
	$(BIN)/mkdocs build --strict --quiet --site-dir .site-tmp || { rm -rf .site-tmp; exit 1; }
	@rm -rf $(SITE) && mv .site-tmp $(SITE)
	@echo "site/ built"

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(SITE) .site-tmp $(VENV) node_modules .pytest_cache
