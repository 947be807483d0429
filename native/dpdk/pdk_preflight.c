/*
 * pdk_preflight.c - checks made before rte_eal_init, because EAL's own messages for the
 * commonest setup mistakes ("Cannot get hugepage information", a usage dump for a bad core) do
 * not say what to do.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <inttypes.h>
#include <mntent.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdk_internal.h"

#define HUGEPAGES_SYSFS "/sys/kernel/mm/hugepages"
#define DEFAULT_HUGE_DIR "/dev/hugepages"

static bool read_u64_file(const char *path, uint64_t *value)
{
	FILE *f = fopen(path, "r");
	unsigned long long v;
	bool ok;

	if (f == NULL)
		return false;
	ok = fscanf(f, "%llu", &v) == 1;
	fclose(f);
	if (ok)
		*value = v;
	return ok;
}

static uint64_t default_hugepage_size(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	unsigned long long kb = 2048;

	if (f == NULL)
		return kb * 1024;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Hugepagesize: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (uint64_t)kb * 1024;
}

bool pdk_hugepages_read(struct pdk_hugepage_supply *supply)
{
	DIR *dir = opendir(HUGEPAGES_SYSFS);
	struct dirent *de;

	memset(supply, 0, sizeof(*supply));
	supply->default_page_size = default_hugepage_size();
	if (dir == NULL)
		return false;
	while ((de = readdir(dir)) != NULL) {
		unsigned long long kb;
		uint64_t nr = 0, free_pages = 0, resv = 0;
		char path[512];

		if (sscanf(de->d_name, "hugepages-%llukB", &kb) != 1)
			continue;
		snprintf(path, sizeof(path), HUGEPAGES_SYSFS "/%s/nr_hugepages", de->d_name);
		read_u64_file(path, &nr);
		snprintf(path, sizeof(path), HUGEPAGES_SYSFS "/%s/free_hugepages", de->d_name);
		read_u64_file(path, &free_pages);
		snprintf(path, sizeof(path), HUGEPAGES_SYSFS "/%s/resv_hugepages", de->d_name);
		read_u64_file(path, &resv);
		/* Reserved pages are free but promised to mappings that exist already. */
		free_pages = free_pages > resv ? free_pages - resv : 0;
		supply->total_pages += nr;
		supply->free_pages += free_pages;
		supply->free_bytes += free_pages * (uint64_t)kb * 1024;
		if ((uint64_t)kb * 1024 == supply->default_page_size)
			supply->default_total = nr;
	}
	closedir(dir);
	return true;
}

/* Value of an option given as "--opt=value", "--opt value", "-o value" or "-ovalue". */
static const char *option_value(int argc, const char *const *argv, int *i, const char *name)
{
	size_t len = strlen(name);
	const char *arg = argv[*i];

	if (strncmp(arg, name, len) != 0)
		return NULL;
	if (arg[len] == '=')
		return arg + len + 1;
	if (arg[len] == '\0')
		return *i + 1 < argc ? argv[++*i] : NULL;
	/* Short options glue their value on: "-l0". Long ones must not match a longer name. */
	if (name[1] != '-')
		return arg + len;
	return NULL;
}

void pdk_eal_args_scan(int argc, const char *const *argv, struct pdk_eal_args *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (strcmp(arg, "--no-huge") == 0)
			out->no_huge = true;
		else if (strcmp(arg, "--in-memory") == 0)
			out->in_memory = true;
		else if (strcmp(arg, "--no-shconf") == 0)
			out->has_shconf_choice = true;
		else if (strncmp(arg, "--proc-type", 11) == 0)
			out->has_shconf_choice = true;
		else if (strncmp(arg, "--file-prefix", 13) == 0)
			out->has_file_prefix = true;
		else if ((v = option_value(argc, argv, &i, "--huge-dir")) != NULL)
			out->huge_dir = v;
		else if ((v = option_value(argc, argv, &i, "--main-lcore")) != NULL)
			out->main_lcore = v;
		else if (strncmp(arg, "--", 2) == 0)
			continue;
		else if ((v = option_value(argc, argv, &i, "-l")) != NULL)
			out->core_list = v;
		else if ((v = option_value(argc, argv, &i, "-c")) != NULL)
			out->core_mask = v;
	}
}

/* Writes the cpus this process may run on as "0-1,4". */
static void format_cpuset(const cpu_set_t *set, char *out, size_t cap)
{
	size_t n = 0;

	out[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE; c++) {
		int end = c;

		if (!CPU_ISSET(c, set))
			continue;
		while (end + 1 < CPU_SETSIZE && CPU_ISSET(end + 1, set))
			end++;
		n += snprintf(out + n, n < cap ? cap - n : 0, "%s%d", n ? "," : "", c);
		if (end > c)
			n += snprintf(out + n, n < cap ? cap - n : 0, "-%d", end);
		c = end;
	}
}

/* Returns the first cpu named by `spec` that is not in `allowed`, -1 if all are, or -2 if the
 * spec does not parse (EAL will then say so itself). */
static long first_unusable_in_list(const char *spec, const cpu_set_t *allowed)
{
	const char *p = spec;

	while (*p != '\0') {
		char *end;
		long lo = strtol(p, &end, 10), hi;

		if (end == p || lo < 0)
			return -2;
		hi = lo;
		p = end;
		if (*p == '-') {
			hi = strtol(p + 1, &end, 10);
			if (end == p + 1 || hi < lo)
				return -2;
			p = end;
		}
		for (long c = lo; c <= hi; c++)
			if (c >= CPU_SETSIZE || !CPU_ISSET(c, allowed))
				return c;
		if (*p == ',')
			p++;
		else if (*p != '\0')
			return -2;
	}
	return -1;
}

static long first_unusable_in_mask(const char *mask, const cpu_set_t *allowed)
{
	const char *p = mask;
	size_t len;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	len = strlen(p);
	/* The last hex digit holds cpus 0-3. */
	for (size_t k = 0; k < len; k++) {
		char ch = p[len - 1 - k];
		int digit = (ch >= '0' && ch <= '9') ? ch - '0' :
			(ch >= 'a' && ch <= 'f') ? ch - 'a' + 10 :
			(ch >= 'A' && ch <= 'F') ? ch - 'A' + 10 : -1;

		if (digit < 0)
			return -2;
		for (int b = 0; b < 4; b++) {
			long c = (long)(k * 4 + b);

			if ((digit & (1 << b)) && (c >= CPU_SETSIZE || !CPU_ISSET(c, allowed)))
				return c;
		}
	}
	return -1;
}

static int32_t check_cores(const struct pdk_eal_args *args, char *err, uint32_t err_cap)
{
	cpu_set_t allowed;
	char usable[256];
	const char *option = NULL, *value = NULL;
	long bad = -1;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0)
		return PDK_OK; /* cannot tell: leave it to EAL */
	format_cpuset(&allowed, usable, sizeof(usable));

	if (args->core_list != NULL && (bad = first_unusable_in_list(args->core_list, &allowed)) >= 0) {
		option = "-l";
		value = args->core_list;
	} else if (args->core_mask != NULL &&
			(bad = first_unusable_in_mask(args->core_mask, &allowed)) >= 0) {
		option = "-c";
		value = args->core_mask;
	} else if (args->main_lcore != NULL &&
			(bad = first_unusable_in_list(args->main_lcore, &allowed)) >= 0) {
		option = "--main-lcore";
		value = args->main_lcore;
	}
	if (option == NULL)
		return PDK_OK;
	pdk_err_set(err, err_cap,
		"core %ld (EAL option %s %s) does not exist or is not available to this process; "
		"usable cores: %s. Fix: change the EAL core list in the configuration to cores "
		"from %s (e.g. -l %s).",
		bad, option, value, usable, usable, usable);
	return PDK_E_NO_SUCH_CORE;
}

/* True if `dir` (or, when NULL, any mount point) is a hugetlbfs mount. */
static bool hugetlbfs_mounted(const char *dir, char *found, size_t found_cap)
{
	FILE *mounts = setmntent("/proc/mounts", "r");
	struct mntent *m;
	bool ok = false;

	if (mounts == NULL)
		return false;
	while ((m = getmntent(mounts)) != NULL) {
		if (strcmp(m->mnt_type, "hugetlbfs") != 0)
			continue;
		/* EAL accepts the mount point itself or a directory below it. */
		if (dir != NULL && strcmp(m->mnt_dir, dir) != 0 &&
				!(strncmp(dir, m->mnt_dir, strlen(m->mnt_dir)) == 0 &&
				  dir[strlen(m->mnt_dir)] == '/'))
			continue;
		snprintf(found, found_cap, "%s", m->mnt_dir);
		ok = true;
		break;
	}
	endmntent(mounts);
	return ok;
}

/* Counts files in the hugetlbfs mount: leftovers of DPDK processes run without --in-memory hold
 * hugepages until deleted. */
static unsigned count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

void pdk_err_append_hugepage_advice(char *err, uint32_t err_cap, uint64_t bytes_needed,
		const struct pdk_hugepage_supply *supply)
{
	uint64_t page = supply->default_page_size ? supply->default_page_size : 2u << 20;
	uint64_t pages_needed = (bytes_needed + page - 1) / page;
	uint64_t missing = pages_needed > supply->free_pages ? pages_needed - supply->free_pages : 0;
	/* Ask for headroom as well: EAL and the driver take some pages of their own. */
	uint64_t suggested = supply->default_total + missing + 32;

	pdk_err_append(err, err_cap,
		" Hugepages: %" PRIu64 " reserved, %" PRIu64 " free; about %" PRIu64
		" more pages of %" PRIu64 " MiB are needed. Fix: echo %" PRIu64
		" > /proc/sys/vm/nr_hugepages (as root), or lower nb_mbufs in the configuration.",
		supply->total_pages, supply->free_pages, missing, page >> 20, suggested);
}

static int32_t check_hugepages(const struct pdk_eal_args *args, char *err, uint32_t err_cap)
{
	struct pdk_hugepage_supply supply;
	char mount_point[512];
	const char *dir = args->huge_dir != NULL ? args->huge_dir : NULL;

	if (args->no_huge)
		return PDK_OK;

	if (!pdk_hugepages_read(&supply)) {
		pdk_err_set(err, err_cap,
			"this kernel has no hugepage support (%s is missing). Fix: use a kernel with "
			"CONFIG_HUGETLBFS, or pass --no-huge -m 512 in the EAL arguments "
			"(about half the packet rate).", HUGEPAGES_SYSFS);
		return PDK_E_NO_HUGEPAGES;
	}
	if (supply.total_pages == 0) {
		pdk_err_set(err, err_cap,
			"no hugepages are reserved (nr_hugepages is 0). Fix: echo 512 > "
			"/proc/sys/vm/nr_hugepages (as root; 512 pages of %" PRIu64 " MiB), or pass "
			"--no-huge -m 512 in the EAL arguments (about half the packet rate).",
			supply.default_page_size >> 20);
		return PDK_E_NO_HUGEPAGES;
	}
	if (supply.free_pages == 0) {
		unsigned leftovers = 0;

		if (hugetlbfs_mounted(NULL, mount_point, sizeof(mount_point)))
			leftovers = count_files(mount_point);
		pdk_err_set(err, err_cap,
			"no free hugepages: all %" PRIu64 " reserved hugepages are in use. Fix: "
			"echo %" PRIu64 " > /proc/sys/vm/nr_hugepages (as root), or stop the process "
			"that holds them.", supply.total_pages, supply.default_total + 256);
		if (leftovers > 0)
			pdk_err_append(err, err_cap,
				" %s holds %u files, probably left by a DPDK process that ran "
				"without --in-memory: delete them if no DPDK process is running.",
				mount_point, leftovers);
		return PDK_E_NO_HUGEPAGES;
	}
	if (args->in_memory)
		return PDK_OK; /* in-memory mode maps hugepages anonymously: no mount needed */
	if (!hugetlbfs_mounted(dir, mount_point, sizeof(mount_point))) {
		const char *where = dir != NULL ? dir : DEFAULT_HUGE_DIR;

		pdk_err_set(err, err_cap,
			"hugetlbfs not mounted at %s. Fix: mkdir -p %s && mount -t hugetlbfs nodev %s "
			"(as root), or pass --in-memory in the EAL arguments (needs no mount).",
			where, where, where);
		return PDK_E_HUGETLBFS;
	}
	return PDK_OK;
}

int32_t pdk_preflight(const struct pdk_eal_args *args, char *err, uint32_t err_cap)
{
	int32_t rc = check_cores(args, err, err_cap);

	if (rc != PDK_OK)
		return rc;
	return check_hugepages(args, err, err_cap);
}
