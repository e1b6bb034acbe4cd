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

NODE_STAMP := node_modules/.installed

.PHONY: help venv build serve test check verify node pdf bench clean diff lock

help:
	@echo "make serve   本地预览（自动安装依赖，修改 data/ macros/ docs/ 后自动重建；PORT=8001 HOST=0.0.0.0 可换端口和地址）"
	@echo "make test    运行全部测试（浏览器测试需要 chromium、nodejs/npm）"
	@echo "make build   严格模式构建网站到 site/（失败时不留下 site/）"
	@echo "make check   校验 data/ 的全部数据和 docs/ 的全部页面，一次列出所有问题"
	@echo "make verify  检查生成文件（docs/schema/）与数据模型一致、页面符合页面语法、界面文字都有英文"
	@echo "make pdf     构建网站并生成整本报告的 PDF（中文 site/quality-anhui-report.pdf，英文 site/en/quality-anhui-report.pdf）"
	@echo "make bench   性能基准（10/100/1000 页合成报告，与默认 MkDocs 构建对比；结果写入 build/bench/）"
	@echo "make lock    由 requirements.in 重新生成带哈希的 requirements.txt（pip-tools）"
	@echo "make diff    列出当前修改对报告的影响（与 main 比较；BASE=<分支或提交> 可换基准）"

# requirements.txt pins every package, indirect ones included, with hashes: pip
# refuses anything unpinned or whose hash differs (edit requirements.in, then make lock).
# Wheels only: no package runs setup code of its own while it is installed.
# Then the project itself (pyproject.toml: macros/, scripts/, hooks/) by a path file in
# site-packages, as an editable install would leave, so modules import it by name and no file
# edits sys.path; nothing is built or downloaded for it (pyproject.toml says why).
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --only-binary=:all: -r requirements.txt
	$(BIN)/python -c 'import pathlib, sys, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "quality_anhui_report.pth").write_text(sys.argv[1] + "\n")' "$(CURDIR)"
	@touch $@

# Regenerate requirements.txt from requirements.in with pip-tools, itself installed
# from hashes (requirements-lock-tool.txt) into a venv of its own.
lock:
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-lock-tool.txt
	$(VENV)-lock/bin/pip-compile --quiet --generate-hashes --no-strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.txt requirements.in

venv: $(STAMP)

# Build into a temporary directory and move it into place only on success, so a
# failed strict build never leaves a half-built, publishable site/.  No --quiet: it drops
# MkDocs' warnings before --strict counts them (a broken anchor would pass); the INFO lines
# are left out of the output instead.
build: $(STAMP)
	@rm -rf .site-tmp
	@set -o pipefail; $(BIN)/properdocs build -f mkdocs.yml --strict --site-dir .site-tmp 2>&1 | { grep -v '^INFO ' || true; } \
		|| { rm -rf .site-tmp; exit 1; }
	@rm -rf $(SITE) && mv .site-tmp $(SITE)
	@echo "site/ built"

check: $(STAMP)
	@$(BIN)/python -m scripts.datatool check

# Generated files and page policy must not drift from their sources.
verify: $(STAMP)
	@$(BIN)/python -m scripts.datatool verify-schema
	@$(BIN)/python -m scripts.datatool verify-templates
	@$(BIN)/python -m scripts.datatool verify-translations

# npm packages for the browser tests (playwright-core drives Debian's Chromium;
# it never downloads a browser).  Skipped with a message when npm is missing.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

node:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(NODE_STAMP); \
	else echo "npm not found: browser tests will be skipped (apt-get install nodejs npm chromium fonts-noto-cjk)"; fi

# Both editions: the Chinese report from site/, the English one from site/en/ (same script).
pdf: build
	$(BIN)/python -m scripts.build_pdf $(SITE)
	$(BIN)/python -m scripts.build_pdf $(SITE)/en --edition en

# Results go to build/bench/ (not tracked): a run never rewrites the published records in
# bench/ (latest.json, results-*.json), which change only when someone copies a run there.
BENCH_OUT ?= build/bench
bench: $(STAMP) node
	$(BIN)/python -m scripts.bench --out $(BENCH_OUT)

# --dirty: after a data edit only the pages showing the changed records are rebuilt
# (hooks/serve.py decides; anything else rebuilds every page).
# HOST=0.0.0.0 lets other machines of the network see the preview; PORT= another port.
HOST ?= 127.0.0.1
PORT ?= 8000
# QA_SPEEDUPS=off (hooks/speedups.py switched off): every page is rebuilt, so no --dirty.
serve: $(STAMP)
	$(BIN)/properdocs serve -f mkdocs.yml --strict $(if $(filter off 0 false no,$(QA_SPEEDUPS)),,--dirty) --dev-addr $(HOST):$(PORT)

test: $(STAMP) node
	$(BIN)/python -m pytest

# What the current work tree changes in the report, against main (or BASE=<ref>):
# the same summary the pull-request workflow writes into its job summary.
BASE ?= main
diff: $(STAMP)
	@$(BIN)/python -m scripts.prdiff --base $(BASE)

clean:
	rm -rf $(SITE) .site-tmp $(VENV) node_modules .pytest_cache
