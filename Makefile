# SPDX-License-Identifier: GPL-2.0
# kexec-metadata: a KHO patch series on Linux 6.19.11, and the harness
# that proves it in QEMU. `make help` lists the targets.

S := scripts
HOPS ?= 3

.PHONY: demo help deps fetch tree export build initramfs check bench clean

demo: deps build initramfs ## (default) build, boot a 3-hop kexec chain, show each hop's KHO lines
	@$(S)/demo.sh $(HOPS)

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		sed 's/:.*## /\t/' | expand -t 12

deps: ## install missing Debian packages
	@$(S)/deps.sh

fetch: deps ## fetch and verify the Linux 6.19.11 base (prints its path)
	@$(S)/fetch.sh

tree: deps ## make build/linux: base commit tagged v6.19.11 + one commit per patch
	@$(S)/tree.sh

export: ## write build/linux's commits back to patches/ (git format-patch)
	@$(S)/export.sh

build: tree ## build the two test kernels (releases 6.19.11 and 6.19.11-b)
	@$(S)/build.sh all

initramfs: build ## build the nolibc init and pack the initramfs
	@$(S)/initramfs.sh

check: deps tree ## run every test; ends with "N passed, N failed"
	@tests/run.sh

bench: deps tree ## time cold/warm make check, the kernel build and a kexec hop
	@$(S)/bench.sh

clean: ## remove build products (keeps build/linux and the download cache)
	rm -rf build/out build/logs build/kunit build/selftest build/every-patch.passed
