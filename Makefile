# Makefile - the only entry point a newcomer needs. It drives Meson.
#   make run    build, create a demo archive, serve it on 127.0.0.1:8080
#   make test   build and run every test (plain and ASan+UBSan builds)
BUILD ?= build
ASAN  ?= build-asan
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps run test check check-asan lint format clean

all: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

deps:
	@tools/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD)

$(ASAN)/build.ninja:
	meson setup $(ASAN) -Db_sanitize=address,undefined -Dbuildtype=debug \
	  -Darena_debug=true -Dc_args=-fno-sanitize-recover=all

run: all
	./$(BUILD)/folio demo --data demo-data --listen $(LISTEN)

test: all $(ASAN)/build.ninja
	@rc=0; \
	meson test -C $(BUILD) --print-errorlogs --num-processes 2 || rc=1; \
	meson compile -C $(ASAN) && \
	  meson test -C $(ASAN) --print-errorlogs --num-processes 2 || rc=1; \
	tools/summarize-tests.sh $(BUILD) $(ASAN) || rc=1; \
	exit $$rc

check: test

check-asan: deps $(ASAN)/build.ninja
	meson compile -C $(ASAN) && meson test -C $(ASAN) --print-errorlogs

lint: all
	clang-format --dry-run --Werror $$(git ls-files '*.c' '*.h')
	tools/check-layering.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN)
