# SPDX-License-Identifier: GPL-2.0
# kexec-metadata: KHO patch queues, one per base (queue-6.19/ on Linux
# 6.19.11, queue-7.2/ on Linux 7.2.6), and the harness that proves them
# in QEMU. `make help` lists the targets. Every target works on each
# queue in turn; QUEUE=7.2 (say) picks one.

S := scripts
HOPS ?= 3
QUEUES := $(patsubst queue-%/,%,$(sort $(wildcard queue-*/)))
Q := $(if $(QUEUE),$(QUEUE),$(QUEUES))
# each SCRIPT ARGS: run a script once per queue of $(Q).
each = for q in $(Q); do QUEUE=$$q $(S)/$(1) || exit 1; done
# each_bg SCRIPT ARGS: the same, every queue at once (tree: unpacking a
# base and committing it keep one core busy, part of it waiting on the
# disk).
each_bg = pids=; for q in $(Q); do QUEUE=$$q $(S)/$(1) & pids="$$pids $$!"; done; \
	rc=0; for p in $$pids; do wait $$p || rc=1; done; exit $$rc

RELEASES := $(patsubst releases/%.base,%,$(sort $(wildcard releases/*.base)))

.PHONY: demo help deps fetch tree export build initramfs releases check bench compare clean

demo: deps build initramfs ## (default) per queue: build, boot a 3-hop kexec chain, show each hop's KHO lines
	@$(call each,demo.sh $(HOPS))

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		sed 's/:.*## /\t/' | expand -t 12
	@echo "queues: $(QUEUES) (QUEUE=NAME for one)"

deps: ## install missing Debian packages
	@$(S)/deps.sh

fetch: deps ## fetch and verify each queue's base (prints its path)
	@$(call each,fetch.sh)

tree: deps ## make build/QUEUE/linux: the base commit tagged v<version> + one commit per patch
	@$(call each_bg,tree.sh)

export: ## write build/QUEUE/linux's commits back to queue-QUEUE/ (git format-patch)
	@$(call each,export.sh)

build: tree ## build each queue's two test kernels (releases <version> and <version>-b)
	@$(call each,build.sh all)

initramfs: build ## build the nolibc init and pack the initramfs
	@$(call each,initramfs.sh)

releases: deps ## build the vanilla kernels of releases/ (no queue of their own) for the cross-release test
	@for r in $(RELEASES); do KHO_RELEASE=$$r $(S)/tree.sh && KHO_RELEASE=$$r $(S)/build.sh a || exit 1; done

check: deps tree ## run every test of every queue; ends with "N passed, N failed"
	@QUEUE=$(QUEUE) tests/run.sh

bench: deps tree ## time cold/warm make check, the kernel build and a kexec hop
	@$(S)/bench.sh

compare: deps tree ## 7.2: the queue against vanilla 7.2.6, as the README's table (line timing, escapes, a version 1 reader)
	@QUEUE=7.2 $(S)/build.sh all && QUEUE=7.2 $(S)/build.sh extras && QUEUE=7.2 $(S)/initramfs.sh && QUEUE=7.2 $(S)/compare.sh

clean: ## remove build products (keeps each build/QUEUE/linux and the download cache)
	for q in $(QUEUES); do rm -rf build/$$q/out build/$$q/logs build/$$q/kunit build/$$q/selftest build/$$q/cross-images build/$$q/every-patch.passed; done
	for r in $(RELEASES); do rm -rf build/release-$$r/out; done
