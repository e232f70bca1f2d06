# lic_policy — `make demo` sets everything up and runs the main job on the samples;
# `make test` does its own install the same way and runs the suite less the slow tests (`make test-all`: all).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-all mutation bench install clean schema tools typecheck sdist-test release-tag serve browser-tools model eval

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Microsoft's official SARIF validator (npm package, a native binary): the SARIF tests use it
# where it installs and fall back to the JSON Schema elsewhere.
SARIF_TOOL := bench/.tools/sarif-multitool/node_modules/.bin/sarif-multitool
$(SARIF_TOOL):
	@command -v npm >/dev/null 2>&1 && npm install --silent --no-audit --no-fund --prefix bench/.tools/sarif-multitool @microsoft/sarif-multitool >/dev/null 2>&1 \
	  || echo "note: sarif-multitool not installed (no npm or no registry); SARIF is checked against the JSON Schema only"

# axe-core (npm package): the review room's browser tests inject it to check accessibility;
# without npm they still run and say that axe was skipped.
AXE := bench/.tools/axe/node_modules/axe-core/axe.min.js
$(AXE):
	@command -v npm >/dev/null 2>&1 && npm install --silent --no-audit --no-fund --prefix bench/.tools/axe axe-core >/dev/null 2>&1 \
	  || echo "note: axe-core not installed (no npm or no registry); the browser tests skip their accessibility checks"

tools: $(SARIF_TOOL) $(AXE)

# Chromium and its driver for the review room's browser tests, and poppler-utils for the tests
# that look at published PDFs as pictures and text (Debian packages; needs root): without them
# those tests skip and say why.
browser-tools:
	@if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -q poppler-utils >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q poppler-utils >/dev/null 2>&1)) \
	      || echo "note: poppler-utils could not be installed; the PDF picture tests will skip"; \
	  else echo "note: no pdftoppm (install Debian's poppler-utils as root); the PDF picture tests will skip"; fi; \
	fi
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium chromium-driver >/dev/null 2>&1)) \
	      || echo "note: chromium could not be installed; the browser tests will skip"; \
	  else echo "note: no chromium (install Debian's chromium and chromium-driver as root); the browser tests will skip"; fi; \
	fi

# The review room on the sample guidelines (http://127.0.0.1:8000; the staff link is printed)
serve: $(STAMP)
	$(BIN)/lic-policy serve guidelines

demo: $(STAMP)
	@echo "== lic-policy validate: the bundled sample guidelines"
	$(BIN)/lic-policy validate --summary guidelines
	@echo "== lic-policy check: the good samples are clean"
	$(BIN)/lic-policy check --no-cache guidelines/cedar-harbour-sex-work-response.yaml guidelines/cedar-harbour-police-guideline.yaml
	@echo "== lic-policy check: the early draft (a teaching example) shows what the reviewers catch"
	$(BIN)/lic-policy check --no-cache --fail-on none guidelines/cedar-harbour-early-draft.yaml
	@echo "== lic-policy compare: the city and police guidelines side by side (contradictions, gaps)"
	$(BIN)/lic-policy compare guidelines/cedar-harbour-sex-work-response.yaml guidelines/cedar-harbour-police-guideline.yaml
	@echo "== lic-policy fix: the safe fixes for the draft, as a diff (nothing is written)"
	$(BIN)/lic-policy fix guidelines/cedar-harbour-early-draft.yaml | head -40
	@echo "== lic-policy diff: redline from the early draft (0.3.0) to the published guideline (2.1.0)"
	$(BIN)/lic-policy diff --format text guidelines/cedar-harbour-early-draft.yaml guidelines/cedar-harbour-sex-work-response.yaml | head -60
	@echo "== lic-policy review list: the advisory reviewers' threads on the published guideline"
	$(BIN)/lic-policy review list guidelines/cedar-harbour-sex-work-response.yaml
	@echo "== lic-policy review packet: Word tracked changes since the early draft, with the open threads as comments"
	@mkdir -p out/review && $(BIN)/lic-policy review packet guidelines/cedar-harbour-sex-work-response.yaml --since guidelines/cedar-harbour-early-draft.yaml -o out/review/cedar-harbour-review-packet.docx
	@echo "== lic-policy publish: the published guideline as HTML, Word and PDF (written to out/publish/, git-ignored)"
	$(BIN)/lic-policy publish guidelines/cedar-harbour-sex-work-response.yaml --to html,docx,pdf --out out/publish
	@echo "== the review room: review the samples in the browser (prints a staff link; Ctrl-C stops it)"
	@echo "   make serve      # or: $(BIN)/lic-policy serve guidelines"

# `make test`: the suite less the tests marked slow (end-to-end runs of pip, pre-commit, LibreOffice,
# the browser, model training, megabyte inputs, and each test measured at 0.2 s of CPU a case or more
# by bench/pytest_cpu.py, its cost in a comment by the marker); `make test-all` (and CI) runs everything
# --dist worksteal: a worker that runs out of tests takes queued ones from the other (with the
# default `load`, one worker idled for the last 50 s of a 3-minute run while the other finished its queue).
# PYTHONDONTWRITEBYTECODE= : the suite keeps its bytecode (gitignored __pycache__) even where the shell
# sets PYTHONDONTWRITEBYTECODE; without it each worker rewrites the asserts of every test module again
# on every run (collection 4.4 s -> 1.9 s of CPU per worker from the second run on).
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n 2 --dist worksteal -p no:cacheprovider

# LIC_POLICY_TEST_HYPOTHESIS=quick: each Hypothesis property runs a third of its examples (at least 30;
# tests/conftest.py, quick_examples); `make test-all` and CI run them all.
# LIC_POLICY_TEST_PANDOC=keep: pandoc's answers (under --sandbox, a pure function of the binary, its
# arguments, its input and the files it is given) are kept from run to run in .lic-policy-test-pandoc/
# (tests/pandoc_memo.py; 26 s of CPU a run); `make test-all` and CI keep them for one run only, so
# they run pandoc on every distinct input (LIC_POLICY_TEST_PANDOC=check: run it always and compare).
test: $(STAMP) tools
	LIC_POLICY_TEST_PANDOC=$${LIC_POLICY_TEST_PANDOC:-keep} LIC_POLICY_TEST_HYPOTHESIS=$${LIC_POLICY_TEST_HYPOTHESIS:-quick} \
	  $(PYTEST) -m "not slow" tests

test-all: $(STAMP) tools
	LIC_POLICY_TEST_HYPOTHESIS=full $(PYTEST) tests

# mutation testing (mutmut; not in CI) of re-anchoring and the checks engine's decisions (rule
# selection, suppressions) against the tests that pin them; prints the score and the survivors
MUTATE := 'lic_policy.review.anchoring.*' 'lic_policy.checks.engine.x*RuleSet*__init__*' \
          'lic_policy.checks.suppressions.x_find_suppressions__*' 'lic_policy.checks.suppressions.x_apply_suppressions__*' \
          'lic_policy.checks.engine.x_check_document__*'
mutation: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 $(MUTATE) > /dev/null
	$(BIN)/python bench/mutation_score.py $(MUTATE)

# the learned models, rebuilt from the development corpus (commit the corpus and the models
# together; tests/test_learned.py and tests/test_span_model.py check the shipped files are
# exactly what this writes). The language reviewer's learned context first: the framing model's
# report counts the language findings.
model: $(STAMP)
	$(BIN)/lic-policy rules train tests/corpus/values --rule lang.learned-context -o reviewers/models/language.json
	$(BIN)/lic-policy rules train tests/corpus/values -o reviewers/models/framing.json

# precision and recall of the language and framing reviewers: development part, then held out
eval: $(STAMP)
	$(BIN)/lic-policy rules eval tests/corpus/values tests/corpus/values-holdout --split dev
	$(BIN)/lic-policy rules eval tests/corpus/values tests/corpus/values-holdout --split test

bench: $(STAMP)
	$(BIN)/python bench/run.py

# mypy --strict on the public API surface (lic_policy/__init__.py and a user's script)
typecheck: $(STAMP)
	$(BIN)/python -m mypy

# build the sdist and run the whole suite from it, unpacked in a temporary folder with its own venv
sdist-test: $(STAMP)
	@rm -rf dist && $(BIN)/python -m build --sdist --no-isolation --outdir dist . >/dev/null
	@tmp=$$(mktemp -d) && tar -xzf dist/*.tar.gz -C $$tmp && cd $$tmp/lic_policy-* && \
	  $(MAKE) test PYTHON=$(abspath $(BIN)/python) && echo "sdist-test: the suite passed from $$(ls $(CURDIR)/dist/*.tar.gz)"

# tag the release named by __version__ (vX.Y.Z) once CHANGELOG.md has its section
VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' lic_policy/__init__.py)
release-tag:
	@grep -q "^## $(VERSION) " CHANGELOG.md || { echo "CHANGELOG.md has no '## $(VERSION) - date' section"; exit 1; }
	git tag -a v$(VERSION) -m "lic-policy $(VERSION)"
	@echo "tagged v$(VERSION); push it with: git push origin v$(VERSION)"

schema: $(STAMP)
	$(BIN)/lic-policy schema --write schemas

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .lic-policy-cache mutants
