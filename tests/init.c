// SPDX-License-Identifier: GPL-2.0
/*
 * The initramfs program of the kexec chain tests, built with nolibc.
 *
 * Each hop mounts proc, sysfs and debugfs, reports on the serial console
 * what the tests read (lines starting with "KHOTEST:"), then either powers
 * off (last hop) or finalizes KHO (where the kernel has that step) and
 * kexecs the next image, handing on
 * this same initramfs, which every hop keeps with "retain_initrd" and
 * reads back from /sys/firmware/initrd (as the base's KHO selftest does).
 *
 * Kernel command line parameters (read from /proc/cmdline):
 *   khotest.hop=I       this hop's number, 0 on the cold boot
 *   khotest.hops=N      the number of kexecs to do
 *   khotest.images=A,B  images to alternate: hop I+1 boots images[(I+1) % n]
 *   khotest.dump=P,Q    files to hex-dump to the console on every hop
 *   khotest.nofinalize  kexec without finalizing KHO (a non-KHO hop)
 *   khotest.kpf=N,M     report the /proc/kpageflags entry of the page that
 *                       holds each incoming KHO subtree N, M
 *   khotest.reader      run /kexec-chain (tools/kho) as text, as JSON and
 *                       with --prometheus
 *   khotest.blobs       report each file of debugfs kho/in/sub_fdts: bytes
 *                       read, and the size its FDT header claims
 *   khotest.alias=NAME  on hop 0, the kexec-metadata node records subtree
 *                       NAME's address ("/": the root FDT's) instead
 *   khotest.raw=HEX     on hop 0, hand over these bytes as kexec-metadata
 *                       (debugfs kho/out/kexec_metadata_raw, a test knob of
 *                       CONFIG_KEXEC_HANDOVER_DEBUG)
 *   khotest.rawsize=N   pad those bytes with zeroes to N bytes
 *   khotest.forge=W:V,.. on hop 0, once the next kernel is loaded, make
 *                       the outgoing KHO root FDT lie (debugfs
 *                       kho/out/forge, a test knob of the series): W is
 *                       "compatible", "totalsize" or a subtree's name
 *                       (its address), V the value; V "kernel" or
 *                       "initrd" is where kexec_file_load() put the next
 *                       kernel's image or initrd, plus a page; "scratch"
 *                       a page of this kernel's scratch areas, past the
 *                       first of each, that holds none of the next
 *                       kernel's segments; "dtb" (arm64) the device tree
 *                       kexec_file_load() made for the next kernel
 *
 * The last hop, and any error, ends with reboot(RB_AUTOBOOT): the kernel
 * is built without ACPI, and QEMU runs with -no-reboot, so that is how
 * the guest powers off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <linux/kexec.h>

#define CMDLINE_MAX	2048
#define MAX_IMAGES	4
/* This initramfs, kept by "retain_initrd", as the base's KHO selftest does */
#define INITRD_IMAGE	"/sys/firmware/initrd"
#define READER_PATH	"/kexec-chain"
#define FINALIZE	"/debugfs/kho/out/finalize"

static char cmdline[CMDLINE_MAX];

static void say(const char *a, const char *b)
{
	printf("KHOTEST: %s%s\n", a, b ? b : "");
}

static void fail(const char *what)
{
	printf("KHOTEST: error: %s (errno %d)\n", what, errno);
	reboot(RB_AUTOBOOT);
	exit(1);
}

/* Copy the value of "key=" from the command line into buf, or "" if absent. */
static const char *param(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	buf[0] = 0;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, klen) && (p[klen] == '=' || p[klen] == ' ' || !p[klen])) {
			size_t n = 0;

			p += klen;
			if (*p == '=')
				p++;
			while (p[n] && p[n] != ' ' && n + 1 < size)
				n++;
			memcpy(buf, p, n);
			buf[n] = 0;
			return buf;
		}
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

static long param_num(const char *key, long def)
{
	char buf[32];

	return param(key, buf, sizeof(buf)) ? atol(buf) : def;
}

static ssize_t read_file(const char *path, char *buf, size_t size)
{
	ssize_t len, n = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((size_t)n < size && (len = read(fd, buf + n, size - n)) > 0)
		n += len;
	close(fd);
	return n;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static unsigned int be32(const unsigned char *p)
{
	return (unsigned int)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* "KHOTEST: dump <path> <size> <hex>" (or "missing"), one line per file. */
static void dump(const char *path)
{
	static const char hex[] = "0123456789abcdef";
	static char buf[4096], line[2 * 4096 + 1];
	ssize_t n = read_file(path, buf, sizeof(buf));

	if (n < 0) {
		printf("KHOTEST: dump %s missing\n", path);
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		line[2 * i] = hex[(buf[i] >> 4) & 15];
		line[2 * i + 1] = hex[buf[i] & 15];
	}
	line[2 * n] = 0;
	printf("KHOTEST: dump %s %ld %s\n", path, (long)n, line);
}

/*
 * khotest.blobs: for each file in debugfs kho/in/sub_fdts, "KHOTEST: blob
 * NAME BYTES HEADER", BYTES the number a read returns (at most 64 KiB),
 * HEADER the totalsize its FDT header claims or "not-fdt".
 */
static void report_blobs(void)
{
	static char buf[65536];
	char path[320], header[24];
	struct dirent ent, *de;
	DIR *dir;
	ssize_t n;

	if (!param("khotest.blobs", path, sizeof(path)))
		return;
	dir = opendir("/debugfs/kho/in/sub_fdts");
	if (!dir) {
		printf("KHOTEST: blobs none\n");
		return;
	}
	while (!readdir_r(dir, &ent, &de) && de) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/debugfs/kho/in/sub_fdts/%s",
			 de->d_name);
		n = read_file(path, buf, sizeof(buf));
		if (n >= 8 && be32((unsigned char *)buf) == 0xd00dfeed)
			snprintf(header, sizeof(header), "%u",
				 be32((unsigned char *)buf + 4));
		else
			strcpy(header, "not-fdt");
		printf("KHOTEST: blob %s %ld %s\n", de->d_name, (long)n, header);
	}
	closedir(dir);
}

/* Call fn on each item of the comma-separated parameter key, if given. */
static void for_each_item(const char *key, void (*fn)(const char *))
{
	char list[512], *p, *q;

	if (!param(key, list, sizeof(list)))
		return;
	for (p = list; *p; p = q) {
		q = strchr(p, ',');
		if (q)
			*q++ = 0;
		else
			q = p + strlen(p);
		fn(p);
	}
}

/*
 * "KHOTEST: sysfs <file> <mode> <value>" for each file of /sys/kernel/kho,
 * history entries included (one past the last possible one too, to show
 * that it is absent). Bytes outside printable ASCII are shown as '?'.
 */
static void report_sysfs_file(const char *rel)
{
	char path[128], val[128], line[300];
	struct stat st;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/kernel/kho/%s", rel);
	if (stat(path, &st))
		return;
	n = read_file(path, val, sizeof(val) - 1);
	if (n < 0)
		n = 0;
	val[n] = 0;
	if (n && val[n - 1] == '\n')
		val[--n] = 0;
	for (ssize_t i = 0; i < n; i++)
		if (val[i] < 0x20 || val[i] > 0x7e)
			val[i] = '?';
	/* nolibc's printf has no %o */
	snprintf(line, sizeof(line), "%s %d%d%d %s", rel, (st.st_mode >> 6) & 7,
		 (st.st_mode >> 3) & 7, st.st_mode & 7, val);
	say("sysfs ", line);
}

static void report_sysfs(void)
{
	char rel[64];

	report_sysfs_file("previous_release");
	report_sysfs_file("kexec_count");
	for (int i = 0; i <= 16; i++) {
		snprintf(rel, sizeof(rel), "history/%d/release", i);
		report_sysfs_file(rel);
		snprintf(rel, sizeof(rel), "history/%d/uptime_ns", i);
		report_sysfs_file(rel);
	}
}

/*
 * Pages sitting in the per-cpu free lists, in kB. They are free but not
 * counted in MemFree, and how many there are depends on what was freed
 * last (lib/test_kho frees folios of random orders), so the leak test
 * adds them back: /proc/zoneinfo shows each list's "count:".
 */
static long pcp_free_kb(void)
{
	static char buf[65536];
	long pages = 0;
	ssize_t n;
	char *p;

	n = read_file("/proc/zoneinfo", buf, sizeof(buf) - 1);
	if (n < 0)
		return -1;
	buf[n] = 0;
	for (p = buf; (p = strstr(p, "count:")); ) {
		for (p += 6; *p == ' '; p++)
			;
		pages += atol(p);
	}
	return pages * 4;	/* x86_64 pages */
}

/*
 * MemFree, for the leak test. Reclaimable caches are dropped first, so
 * that what is left to compare from hop to hop is what the kernel holds.
 * "KHOTEST: meminfo MemFree: <n> kB pcp <m> kB".
 */
static void report_meminfo(void)
{
	static char buf[4096];
	char line[128];
	ssize_t n;
	char *p, *e;

	write_file("/proc/sys/vm/drop_caches", "3");
	n = read_file("/proc/meminfo", buf, sizeof(buf) - 1);

	if (n < 0)
		return;
	buf[n] = 0;
	p = strstr(buf, "MemFree:");
	if (!p)
		return;
	e = strchr(p, '\n');
	if (e)
		*e = 0;
	snprintf(line, sizeof(line), "%s pcp %ld kB", p, pcp_free_kb());
	say("meminfo ", line);
}


/*
 * The physical address of the incoming KHO subtree @name: the "fdt" or
 * "preserved-data" property of the root FDT's child node @name, or 0.
 */
static unsigned long long subtree_phys(const char *name)
{
	static unsigned char fdt[8192];
	ssize_t n = read_file("/debugfs/kho/in/fdt", (char *)fdt, sizeof(fdt));
	unsigned int off, strings, end, depth = 0, found = 0;

	if (n < 40 || be32(fdt) != 0xd00dfeed)
		return 0;
	off = be32(fdt + 8);
	strings = be32(fdt + 12);
	end = off + be32(fdt + 36);
	if (end > (unsigned int)n || strings > (unsigned int)n)
		return 0;
	while (off + 4 <= end) {
		unsigned int tok = be32(fdt + off);

		off += 4;
		if (tok == 1) {		/* FDT_BEGIN_NODE */
			const char *node = (const char *)fdt + off;

			depth++;
			found = depth == 2 && !strcmp(node, name);
			off += (strlen(node) + 4) & ~3u;
		} else if (tok == 2) {	/* FDT_END_NODE */
			depth--;
			found = 0;
		} else if (tok == 3) {	/* FDT_PROP */
			unsigned int len = be32(fdt + off);
			const char *pname = (const char *)fdt + strings + be32(fdt + off + 4);
			unsigned long long phys;

			if (found && len == 8 && (!strcmp(pname, "fdt") ||
						  !strcmp(pname, "preserved-data"))) {
				memcpy(&phys, fdt + off + 8, 8);
				return phys;
			}
			off += 8 + ((len + 3) & ~3u);
		} else if (tok != 4) {	/* not FDT_NOP: FDT_END or garbage */
			break;
		}
	}
	return 0;
}

/* "KHOTEST: kpageflags NAME PFN FLAGS" for the page of subtree NAME. */
static void report_kpageflags_of(const char *name)
{
	unsigned long long phys, flags = 0;
	unsigned long pfn;
	char num[64];
	int fd;

	phys = subtree_phys(name);
	if (!phys) {
		printf("KHOTEST: kpageflags %s none\n", name);
		return;
	}
	pfn = phys >> 12;
	fd = open("/proc/kpageflags", O_RDONLY);
	if (fd < 0 || lseek(fd, pfn * 8, SEEK_SET) < 0 ||
	    read(fd, &flags, 8) != 8) {
		printf("KHOTEST: kpageflags %s unreadable\n", name);
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	/* nolibc's printf has no %llx: print the 64 flag bits as two halves */
	snprintf(num, sizeof(num), "%lu %u %u", pfn, (unsigned int)(flags >> 32),
		 (unsigned int)flags);
	printf("KHOTEST: kpageflags %s %s\n", name, num);
}

/*
 * khotest.reader: run the series' reader, tools/kho/kexec-chain, as text,
 * as JSON and with --prometheus, between "KHOTEST: reader <mode> begin/end
 * <status>" lines.
 */
static void run_reader(void)
{
	static const char * const modes[] = { "text", "json", "prometheus" };
	static char * const flags[] = { NULL, "--json", "--prometheus" };
	char line[64];
	int status;

	if (!param("khotest.reader", line, sizeof(line)))
		return;
	for (int i = 0; i < 3; i++) {
		char *argv[] = { READER_PATH, flags[i], NULL };
		char *envp[] = { NULL };
		pid_t pid;

		say("reader begin ", modes[i]);
		pid = fork();
		if (pid == 0) {
			execve(READER_PATH, argv, envp);
			exit(127);
		}
		status = -1;
		if (pid > 0)
			waitpid(pid, &status, 0);
		snprintf(line, sizeof(line), "%s %d", modes[i], status);
		say("reader end ", line);
	}
}

/* Rewrite khotest.hop=I as I+1 in the next kernel's command line. */
static void next_cmdline(char *out, size_t size, long hop)
{
	const char *p = cmdline;
	char num[24];

	out[0] = 0;
	while (*p) {
		const char *e;

		while (*p == ' ')
			p++;
		e = strchr(p, ' ');
		if (!e)
			e = p + strlen(p);
		if (e > p && strncmp(p, "khotest.hop=", 12) &&
		    strlen(out) + (e - p) + 2 < size) {
			size_t len = strlen(out);

			memcpy(out + len, p, e - p);
			out[len + (e - p)] = ' ';
			out[len + (e - p) + 1] = 0;
		}
		p = e;
	}
	snprintf(num, sizeof(num), "khotest.hop=%ld", hop);
	if (strlen(out) + strlen(num) < size)
		memcpy(out + strlen(out), num, strlen(num) + 1);
}

static int unhex(char c)
{
	return c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0';
}

/*
 * khotest.alias=NAME: the outgoing kexec-metadata node records the address
 * of subtree NAME ("/" for the root FDT) instead (debugfs
 * kho/out/kexec_metadata_alias, a test knob of the series).
 */
static void hand_over_alias(void)
{
	char name[64];

	if (!param("khotest.alias", name, sizeof(name)))
		return;
	if (write_file("/debugfs/kho/out/kexec_metadata_alias", name))
		fail("writing kexec_metadata_alias");
	printf("KHOTEST: handed over the address of %s as kexec-metadata\n", name);
}

/* Replace the outgoing kexec-metadata with the bytes of khotest.raw. */
static void hand_over_raw(void)
{
	static char hex[1024], raw[8192];
	size_t n;
	long size;
	int fd;

	if (!param("khotest.raw", hex, sizeof(hex)))
		return;
	for (n = 0; hex[2 * n] && hex[2 * n + 1] && n < sizeof(raw); n++)
		raw[n] = unhex(hex[2 * n]) << 4 | unhex(hex[2 * n + 1]);
	/* khotest.rawsize=N: zeroes up to N bytes (the cmdline is short). */
	size = param_num("khotest.rawsize", 0);
	if (size > (long)n && size <= (long)sizeof(raw))
		n = size;
	fd = open("/debugfs/kho/out/kexec_metadata_raw", O_WRONLY);
	if (fd < 0 || write(fd, raw, n) != (ssize_t)n)
		fail("writing kexec_metadata_raw");
	close(fd);
	printf("KHOTEST: handed over %ld raw bytes as kexec-metadata\n", (long)n);
}

/* The kernel log, read once kexec_file_load() has logged its segments. */
static char klog[1 << 17];

static void read_klog(void)
{
	long n = syscall(__NR_syslog, 3, klog, sizeof(klog) - 1);

	if (n <= 0)
		fail("reading the kernel log");
	klog[n] = 0;
}

/*
 * Where kexec_file_load() put the next kernel's image or initrd: the
 * address of its last "Loaded ... at 0x..." line in the kernel log, which
 * it prints when loading with KEXEC_FILE_DEBUG. The image is "64bit
 * kernel" on x86 and "kernel" on arm64, which also loads a "dtb".
 */
static unsigned long loaded_at(const char *what)
{
	char key[64], *p, *last = NULL;

	snprintf(key, sizeof(key), "Loaded %s at 0x", what);
	for (p = klog; (p = strstr(p, key)); p++)
		last = p + strlen(key);
	if (!last && !strcmp(what, "64bit kernel"))
		return loaded_at("kernel");
	if (!last)
		fail("finding where kexec_file_load() put the next kernel");
	return strtoul(last, NULL, 16);
}

/*
 * Whether [at, at + 4096) overlaps a segment of the last load: the
 * "segment[N]: ... mem=0x... memsz=0x..." lines kexec_file_load() logs
 * with KEXEC_FILE_DEBUG, on every architecture, from segment[0] on.
 */
static int in_segment(unsigned long at)
{
	char *p, *last = NULL, *m;
	unsigned long mem, memsz;

	for (p = klog; (p = strstr(p, "segment[0]: ")); p++)
		last = p;
	if (!last)
		fail("finding the segments kexec_file_load() logged");
	for (p = last; (p = strstr(p, "segment[")); p++) {
		m = strstr(p, " mem=0x");
		if (!m || !strstr(m, " memsz=0x"))
			fail("parsing a segment line");
		mem = strtoul(m + 7, NULL, 16);
		memsz = strtoul(strstr(m, " memsz=0x") + 9, NULL, 16);
		if (at < mem + memsz && mem < at + 4096)
			return 1;
	}
	return 0;
}

/* Line I (from 0) of a debugfs list of hex numbers, or 0 past its end. */
static unsigned long nth_hex(const char *path, int i)
{
	static char buf[1024];
	char *p = buf;
	ssize_t n = read_file(path, buf, sizeof(buf) - 1);

	if (n <= 0)
		fail("reading a KHO scratch list in debugfs");
	buf[n] = 0;
	while (i-- > 0 && p)
		if ((p = strchr(p, '\n')))
			p++;
	return p && *p ? strtoul(p, NULL, 16) : 0;
}

/*
 * The first page, from the second page of each of this kernel's scratch
 * areas on (debugfs kho/out/scratch_phys and scratch_len), that holds no
 * segment of the next kernel: kexec_file_load() puts them all in the
 * scratch areas, and a record there must be refused for being in a
 * scratch area, not for being in the next kernel's image.
 */
static unsigned long free_scratch_page(void)
{
	unsigned long base, size, at;

	for (int i = 0; (base = nth_hex("/debugfs/kho/out/scratch_phys", i)); i++) {
		size = nth_hex("/debugfs/kho/out/scratch_len", i);
		for (at = base + 4096; at + 4096 <= base + size; at += 4096)
			if (!in_segment(at))
				return at;
	}
	fail("finding a scratch page the next kernel's segments leave free");
	return 0;
}

/* khotest.forge: one "WHAT:VALUE" into debugfs kho/out/forge. */
static void forge(const char *item)
{
	char line[96], what[64];
	const char *value = strchr(item, ':');
	unsigned long at = 0;

	if (!value || (size_t)(value - item) >= sizeof(what))
		fail("khotest.forge takes WHAT:VALUE");
	memcpy(what, item, value - item);
	what[value - item] = 0;
	value++;
	read_klog();
	if (!strcmp(value, "kernel"))
		at = loaded_at("64bit kernel") + 4096;
	else if (!strcmp(value, "initrd"))
		at = loaded_at("initrd") + 4096;
	else if (!strcmp(value, "scratch"))
		at = free_scratch_page();
	else if (!strcmp(value, "dtb"))
		at = loaded_at("dtb");
	if (at)
		snprintf(line, sizeof(line), "%s 0x%lx", what, at);
	else
		snprintf(line, sizeof(line), "%s %s", what, value);
	if (write_file("/debugfs/kho/out/forge", line))
		fail("writing kho/out/forge");
	printf("KHOTEST: forged %s\n", line);
}

/* The images of khotest.images, in order; returns how many. */
static int parse_images(char images[][64])
{
	char list[256];
	int n = 0;
	char *p, *q;

	if (!param("khotest.images", list, sizeof(list)) || !list[0])
		fail("no khotest.images");
	for (p = list; *p && n < MAX_IMAGES; p = q) {
		q = strchr(p, ',');
		if (q)
			*q++ = 0;
		else
			q = p + strlen(p);
		strncpy(images[n], p, sizeof(images[n]) - 1);
		images[n][sizeof(images[n]) - 1] = 0;
		n++;
	}
	return n;
}

static void kexec_next(long hop)
{
	char images[MAX_IMAGES][64], path[80], next[CMDLINE_MAX];
	int n = parse_images(images), kfd, ifd;
	long ret, flags = 0, len;
	int forging = hop == 0 && param("khotest.forge", path, sizeof(path));

	if (hop == 0) {
		hand_over_raw();
		hand_over_alias();
	}

	/*
	 * Kernels without a finalize step (Linux 7.2 keeps KHO's memory map
	 * current) have no such file: nothing to do there.
	 */
	if (!param("khotest.nofinalize", path, sizeof(path)) &&
	    access(FINALIZE, F_OK) == 0 && write_file(FINALIZE, "1"))
		fail("finalizing KHO");

	snprintf(path, sizeof(path), "/%s", images[(hop + 1) % n]);
	next_cmdline(next, sizeof(next), hop + 1);
	printf("KHOTEST: kexec hop %ld -> %ld image %s\n", hop, hop + 1, path);

	kfd = open(path, O_RDONLY);
	ifd = open(INITRD_IMAGE, O_RDONLY);
	if (kfd < 0 || ifd < 0)
		fail("opening the next image or " INITRD_IMAGE);
	/* Arguments go into locals first: nolibc's syscall macros clobber. */
	len = strlen(next) + 1;
	if (forging)
		flags = KEXEC_FILE_DEBUG;
	ret = syscall(__NR_kexec_file_load, kfd, ifd, len, next, flags);
	if (ret)
		fail("kexec_file_load");
	close(kfd);
	close(ifd);
	if (forging)
		for_each_item("khotest.forge", forge);
	reboot(RB_KEXEC);
	fail("reboot(RB_KEXEC)");
}

int main(void)
{
	ssize_t n;
	long hop, hops;
	char buf[32];

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", "/debugfs", "debugfs", 0, NULL);

	n = read_file("/proc/cmdline", cmdline, sizeof(cmdline) - 1);
	if (n <= 0)
		fail("reading /proc/cmdline");
	cmdline[n] = 0;
	if (cmdline[n - 1] == '\n')
		cmdline[n - 1] = 0;

	hop = param_num("khotest.hop", 0);
	hops = param_num("khotest.hops", 0);
	snprintf(buf, sizeof(buf), "%ld of %ld", hop, hops);
	say("hop ", buf);
	for_each_item("khotest.dump", dump);
	for_each_item("khotest.kpf", report_kpageflags_of);
	report_blobs();
	report_sysfs();
	run_reader();
	report_meminfo();

	if (hop >= hops) {
		say("chain done", NULL);
		reboot(RB_AUTOBOOT);
		return 0;
	}
	kexec_next(hop);
	return 1;
}
