/*
 * pdk_eal.c - EAL lifetime: pdk_init and pdk_cleanup.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "pdk_internal.h"

/* EAL allows one rte_eal_init per process, successful or not (only an argument-parsing failure
 * may be retried, and we do not rely on that). PDK_STATE_NEW -> (EAL attempted) -> UP or FAILED
 * -> CLEANED. */
enum { PDK_STATE_FAILED = 3 };
int pdk_eal_state = PDK_STATE_NEW;
static bool atexit_registered;

int32_t pdk_abi_version(void)
{
	return PDK_ABI_VERSION;
}

/* exit() without pdk_cleanup (an error path, a forgotten call): still leave nothing on disk.
 * Registered before rte_eal_init, so it runs after the atexit handlers EAL registers. */
static void remove_runtime_files_at_exit(void)
{
	if (pdk_eal_state == PDK_STATE_UP)
		pdk_runtime_files_remove();
}

/* Builds EAL's argv: program name, the caller's arguments, then the defaults described in
 * probe_dpdk.h. The strings are duplicated and never freed: EAL may keep pointers into argv. */
static char **build_eal_argv(int argc, const char *const *argv, const struct pdk_eal_args *scan,
		int *out_argc)
{
	char **eal_argv = calloc((size_t)argc + 4, sizeof(char *));
	int n = 0;

	if (eal_argv == NULL)
		return NULL;
	eal_argv[n++] = strdup("probe-dpdk");
	for (int i = 0; i < argc; i++)
		eal_argv[n++] = strdup(argv[i]);
	if (!scan->in_memory && !scan->has_file_prefix && !scan->has_shconf_choice)
		eal_argv[n++] = strdup("--in-memory");
	if (!scan->has_file_prefix) {
		char prefix[64];

		snprintf(prefix, sizeof(prefix), "--file-prefix=pdk%ld", (long)getpid());
		eal_argv[n++] = strdup(prefix);
	}
	for (int i = 0; i < n; i++)
		if (eal_argv[i] == NULL)
			return NULL;
	*out_argc = n;
	return eal_argv;
}

/* Adds what to do for the EAL failures users meet, recognised by EAL's own log text, and
 * returns the status that names the problem. */
static int32_t explain_eal_failure(int code, uint64_t mark, char *err, uint32_t err_cap)
{
	if (code == EALREADY) {
		pdk_err_append(err, err_cap,
			" Fix: DPDK can be initialised once per process; start a new process.");
		return PDK_E_ALREADY;
	}
	if (pdk_log_contains(mark, "hugepage")) {
		struct pdk_hugepage_supply supply;

		pdk_hugepages_read(&supply);
		pdk_err_append(err, err_cap,
			" Fix: reserve hugepages (echo 512 > /proc/sys/vm/nr_hugepages), mount "
			"hugetlbfs (mount -t hugetlbfs nodev /dev/hugepages) or pass --in-memory; "
			"%llu hugepages reserved, %llu free.",
			(unsigned long long)supply.total_pages, (unsigned long long)supply.free_pages);
		return PDK_E_NO_HUGEPAGES;
	}
	if (pdk_log_contains(mark, "lcore") && pdk_log_contains(mark, "unavailable")) {
		pdk_err_append(err, err_cap,
			" Fix: use only cores this machine has in the EAL core options (-l, --lcores).");
		return PDK_E_NO_SUCH_CORE;
	}
	if (pdk_log_contains(mark, "parse device")) {
		pdk_err_append(err, err_cap,
			" Fix: check the --vdev argument: a driver name this DPDK has (net_null, "
			"net_pcap, net_af_packet, net_af_xdp, net_ring, ...) followed by a number, e.g. "
			"--vdev=net_pcap0,rx_pcap=FILE; the driver's librte-net-* package must be "
			"installed.");
		return PDK_E_EAL;
	}
	if (pdk_log_contains(mark, "in use") || pdk_log_contains(mark, "Cannot create lock")) {
		pdk_err_append(err, err_cap,
			" Fix: another DPDK process uses the same --file-prefix; give each process its "
			"own prefix or use --in-memory.");
		return PDK_E_EAL;
	}
	if (code == EINVAL) {
		pdk_err_append(err, err_cap,
			" Fix: correct the EAL arguments in the configuration (see the DPDK log "
			"above; 'dpdk-testpmd --help' lists the EAL options).");
		return PDK_E_EAL;
	}
	pdk_err_append(err, err_cap, " Fix: see the DPDK log lines quoted above.");
	return PDK_E_EAL;
}

int32_t pdk_init(int32_t argc, const char *const *argv, char *err, uint32_t err_cap)
{
	struct pdk_eal_args scan;
	char **eal_argv;
	int eal_argc = 0, ret;
	uint64_t mark;
	int32_t rc;

	pdk_err_set(err, err_cap, "%s", "");
	if (pdk_eal_state != PDK_STATE_NEW) {
		pdk_err_set(err, err_cap,
			"DPDK was already initialised in this process%s; DPDK allows one "
			"initialisation per process. Fix: start a new process.",
			pdk_eal_state == PDK_STATE_FAILED ? " (and failed)" : "");
		return PDK_E_ALREADY;
	}
	if (argc < 0 || (argc > 0 && argv == NULL)) {
		pdk_err_set(err, err_cap, "pdk_init: argv is NULL or argc (%d) is negative.", argc);
		return PDK_E_INVALID_ARG;
	}
	for (int i = 0; i < argc; i++)
		if (argv[i] == NULL) {
			pdk_err_set(err, err_cap, "pdk_init: argv[%d] is NULL.", i);
			return PDK_E_INVALID_ARG;
		}

	pdk_eal_args_scan(argc, argv, &scan);
	eal_argv = build_eal_argv(argc, argv, &scan, &eal_argc);
	if (eal_argv == NULL) {
		pdk_err_set(err, err_cap, "pdk_init: out of memory copying the EAL arguments.");
		return PDK_E_INVALID_ARG;
	}
	/* Check what EAL will see, defaults included. */
	pdk_eal_args_scan(eal_argc - 1, (const char *const *)eal_argv + 1, &scan);
	rc = pdk_preflight(&scan, err, err_cap);
	if (rc != PDK_OK)
		return rc;

	if (!pdk_log_capture_install())
		fprintf(stderr, "probe-dpdk: cannot capture the DPDK log; error messages will not "
			"quote it\n");

	if (!atexit_registered)
		atexit_registered = atexit(remove_runtime_files_at_exit) == 0;

	mark = pdk_log_mark();
	pdk_eal_state = PDK_STATE_FAILED;
	ret = rte_eal_init(eal_argc, eal_argv);
	if (ret < 0) {
		int code = rte_errno;

		pdk_runtime_files_remember(scan.in_memory, false);
		pdk_runtime_files_remove();
		pdk_err_set(err, err_cap, "DPDK EAL initialisation failed: %s (rte_errno %d).",
			rte_strerror(code), code);
		pdk_err_append_log(err, err_cap, mark, NULL);
		return explain_eal_failure(code, mark, err, err_cap);
	}
	pdk_runtime_files_remember(scan.in_memory, true);
	/* rte_eal_init returns how many arguments it consumed; getopt moved the rest (words that
	 * are not options) to the end. */
	if (ret + 1 < eal_argc) {
		pdk_err_set(err, err_cap,
			"EAL argument '%s' is not an EAL option (%d of %d arguments were used). Fix: "
			"remove it from the EAL arguments in the configuration.",
			eal_argv[ret + 1], ret, eal_argc - 1);
		rte_eal_cleanup();
		pdk_runtime_files_remove();
		pdk_eal_state = PDK_STATE_CLEANED;
		return PDK_E_EAL;
	}
	pdk_eal_state = PDK_STATE_UP;
	return PDK_OK;
}

int32_t pdk_cleanup(char *err, uint32_t err_cap)
{
	int32_t rc = PDK_OK;
	uint64_t mark;

	pdk_err_set(err, err_cap, "%s", "");
	if (pdk_eal_state == PDK_STATE_CLEANED) {
		pdk_err_set(err, err_cap, "pdk_cleanup: DPDK was already cleaned up.");
		return PDK_E_ALREADY;
	}
	if (pdk_eal_state != PDK_STATE_UP) {
		pdk_err_set(err, err_cap, "pdk_cleanup: DPDK is not initialised.");
		return PDK_E_NOT_INITIALISED;
	}
	for (uint16_t port = 0; port < RTE_MAX_ETHPORTS; port++) {
		if (pdk_ports[port].nb_rx_queues == 0)
			continue;
		/* Keep the first failure's message; go on closing the others. */
		int32_t r = pdk_port_stop_close(port, rc == PDK_OK ? err : NULL, err_cap);

		if (r < 0 && rc == PDK_OK)
			rc = r;
	}
	mark = pdk_log_mark();
	if (rte_eal_cleanup() != 0 && rc == PDK_OK) {
		pdk_err_set(err, err_cap, "rte_eal_cleanup failed: %s.", rte_strerror(rte_errno));
		pdk_err_append_log(err, err_cap, mark, NULL);
		rc = PDK_E_DPDK;
	}
	pdk_eal_state = PDK_STATE_CLEANED;
	pdk_runtime_files_remove();
	return rc;
}
