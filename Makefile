# Allmenning — build, run and test.
#   make run    builds and starts the server on http://127.0.0.1:8080 with SQLite and demo content
#   make test   runs every test (SQLite, PostgreSQL and the browser), starting a throwaway PostgreSQL when none is given

GO ?= go
BIN := bin/allmenning
VENDOR := web/static/vendor

.PHONY: all build run test assets clean bench

all: build

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Front-end packages from npm, copied into the embedded static folder.
assets: node_modules/.package-lock.json
	@mkdir -p $(VENDOR)/fonts
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/designsystemet.css
	cp node_modules/@digdir/designsystemet-css/dist/theme/designsystemet.css $(VENDOR)/theme.css
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/@fontsource/inter/files/inter-latin-400-normal.woff2 \
	   node_modules/@fontsource/inter/files/inter-latin-500-normal.woff2 \
	   node_modules/@fontsource/inter/files/inter-latin-600-normal.woff2 \
	   node_modules/@fontsource/inter/files/inter-latin-700-normal.woff2 \
	   node_modules/@fontsource/inter/files/inter-latin-ext-400-normal.woff2 \
	   node_modules/@fontsource/inter/files/inter-latin-ext-600-normal.woff2 $(VENDOR)/fonts/

build: assets
	$(GO) build -trimpath -o $(BIN) ./cmd/allmenning

run: build
	./$(BIN) serve --demo

test: assets
	./scripts/test.sh

# Load benchmark (BENCHMARKS.md): seeds or reuses BENCH_DATABASE at BENCH_FRACTION of the
# full sector, starts the server on 127.0.0.1 and measures it with 32 connections.
#   make bench BENCH_FRACTION=1                      full scale on SQLite
#   make bench BENCH_DATABASE=postgres://…           the same on PostgreSQL
BENCH_FRACTION ?= 0.01
BENCH_DATABASE ?= sqlite:data/bench/skala-$(BENCH_FRACTION).db
BENCH_DURATION ?= 15s
#   make bench BENCH_OUT=data/bench/one.md           also write the table to a file
#   make bench BENCH_FRACTION=1 BENCH_BASELINE=data/bench/one.md   check growth against that 1 % run
#   make bench BENCH_FRACTION=1 BENCH_PAIRED=sqlite:data/bench/skala-0.01.db   … or against 1 %
#                                                    measured just before each scenario
BENCH_OUT ?=
BENCH_BASELINE ?=
BENCH_PAIRED ?=
bench: build
	$(GO) run ./bench/load -bin $(BIN) -database '$(BENCH_DATABASE)' -fraction $(BENCH_FRACTION) -duration $(BENCH_DURATION) \
		$(if $(BENCH_OUT),-out '$(BENCH_OUT)') $(if $(BENCH_BASELINE),-baseline '$(BENCH_BASELINE)') \
		$(if $(BENCH_PAIRED),-paired '$(BENCH_PAIRED)')

clean:
	rm -rf bin $(VENDOR)
