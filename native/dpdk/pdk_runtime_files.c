/*
 * pdk_runtime_files.c - removing what EAL leaves on disk, so that a process that used the shim
 * leaves nothing in /var/run/dpdk or hugetlbfs.
 *
 * DPDK 22.11 leaves behind:
 *   - /var/run/dpdk/<prefix>/ itself, always (empty in --in-memory mode once the telemetry
 *     socket's atexit handler has run);
 *   - without --in-memory: config, fbarray_*, hugepage_info and mp_socket in that directory,
 *     and the hugepage files <hugetlbfs mount>/<prefix>map_<n>, which keep their hugepages
 *     allocated after the process is gone (rte_eal_cleanup unmaps but does not unlink them).
 * They exist for secondary processes. The shim removes them when the primary process that
 * created them ends (pdk_cleanup, or exit() without it); a secondary process removes nothing.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>

#include "pdk_internal.h"

static char runtime_dir[PATH_MAX];
static char file_prefix[NAME_MAX + 1];
static bool remove_everything;     /* primary process without --in-memory */
static bool remove_only_empty_dir; /* rte_eal_init failed: the files may not be ours */

void pdk_runtime_files_remember(bool in_memory, bool eal_started)
{
	const char *dir = rte_eal_get_runtime_dir();
	const char *base;

	if (dir == NULL || dir[0] == '\0')
		return;
	snprintf(runtime_dir, sizeof(runtime_dir), "%s", dir);
	base = strrchr(runtime_dir, '/');
	base = base != NULL ? base + 1 : runtime_dir;
	/* A path component is at most NAME_MAX bytes: this never truncates. */
	snprintf(file_prefix, sizeof(file_prefix), "%.*s", NAME_MAX, base);
	remove_everything = !in_memory && rte_eal_process_type() == RTE_PROC_PRIMARY;
	/* A failed rte_eal_init may have failed because another process owns this prefix: then
	 * every file in the directory is that process's. */
	remove_only_empty_dir = !eal_started;
}

/* Unlinks every entry of dir whose name starts with prefix (all entries when prefix is ""). */
static void unlink_entries(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[PATH_MAX + NAME_MAX + 2];
	size_t plen = strlen(prefix);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
}

static void remove_hugepage_files(void)
{
	FILE *mounts = setmntent("/proc/mounts", "r");
	struct mntent *m;
	char name_prefix[NAME_MAX + 8];

	if (mounts == NULL)
		return;
	/* EAL names them "<prefix>map_<n>" (eal_get_hugefile_path). */
	snprintf(name_prefix, sizeof(name_prefix), "%smap_", file_prefix);
	while ((m = getmntent(mounts)) != NULL)
		if (strcmp(m->mnt_type, "hugetlbfs") == 0)
			unlink_entries(m->mnt_dir, name_prefix);
	endmntent(mounts);
}

void pdk_runtime_files_remove(void)
{
	/* Telemetry sockets DPDK 22.11 creates; their own atexit handler runs after pdk_cleanup,
	 * too late for the rmdir below. */
	static const char *const telemetry[] = { "dpdk_telemetry.v2", "telemetry" };
	char path[PATH_MAX + 32];

	if (runtime_dir[0] == '\0')
		return;
	if (remove_only_empty_dir) {
		/* nothing but the rmdir below */
	} else if (remove_everything) {
		unlink_entries(runtime_dir, "");
		remove_hugepage_files();
	} else {
		for (size_t i = 0; i < sizeof(telemetry) / sizeof(telemetry[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", runtime_dir, telemetry[i]);
			unlink(path);
		}
	}
	/* rmdir only removes an empty directory: one that a secondary process (or another
	 * primary with the same caller-chosen prefix) still uses keeps its files. */
	rmdir(runtime_dir);
	runtime_dir[0] = '\0';
}
