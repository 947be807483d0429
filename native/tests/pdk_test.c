/*
 * pdk_test.c - shared helpers of the shim's C tests (see pdk_test.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pdk_test.h"

int pdk_test_failures;
int pdk_test_checks;

int pdk_test_finish(void)
{
	printf("%d passed, %d failed\n", pdk_test_checks - pdk_test_failures, pdk_test_failures);
	fflush(stdout);
	return pdk_test_failures == 0 && pdk_test_checks > 0 ? 0 : 1;
}

int32_t pdk_test_init(int nextra, const char *const *extra, char *err, uint32_t err_cap)
{
	const char *argv[32];
	int argc = 0;

	argv[argc++] = "-l";
	argv[argc++] = "0";
	argv[argc++] = "--no-pci";
	for (int i = 0; i < nextra && argc < 32; i++)
		argv[argc++] = extra[i];
	return pdk_init(argc, argv, err, err_cap);
}

const char *pdk_test_default_prefix(void)
{
	static char prefix[32];

	snprintf(prefix, sizeof(prefix), "pdk%ld", (long)getpid());
	return prefix;
}

bool pdk_test_no_leftovers(const char *prefix)
{
	char path[512];
	struct stat st;
	DIR *dir;
	struct dirent *de;
	bool clean = true;

	snprintf(path, sizeof(path), "/var/run/dpdk/%s", prefix);
	if (stat(path, &st) == 0) {
		fprintf(stderr, "leftover: %s\n", path);
		clean = false;
	}
	dir = opendir("/dev/hugepages");
	if (dir != NULL) {
		while ((de = readdir(dir)) != NULL)
			if (strncmp(de->d_name, prefix, strlen(prefix)) == 0) {
				fprintf(stderr, "leftover: /dev/hugepages/%s\n", de->d_name);
				clean = false;
			}
		closedir(dir);
	}
	return clean;
}

long pdk_test_read_nr_hugepages(void)
{
	FILE *f = fopen("/proc/sys/vm/nr_hugepages", "r");
	long v = -1;

	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

bool pdk_test_write_nr_hugepages(long value)
{
	FILE *f = fopen("/proc/sys/vm/nr_hugepages", "w");
	bool ok;

	if (f == NULL)
		return false;
	ok = fprintf(f, "%ld\n", value) > 0;
	ok = (fclose(f) == 0) && ok;
	return ok;
}
