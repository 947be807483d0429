/*
 * test_file_prefix - with a caller-chosen --file-prefix and no --in-memory, EAL keeps its
 * hugepage files in hugetlbfs and its state in /var/run/dpdk/<prefix>; after pdk_cleanup neither
 * may be left (the acceptance criterion "nothing is left in /dev/hugepages or /var/run/dpdk").
 * The same holds for a process that exits without pdk_cleanup, in either mode.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pdk_test.h"

/* A child that starts DPDK, receives, and exits without pdk_cleanup. Returns the prefix it
 * used, or NULL if it did not get that far. */
static const char *exit_without_cleanup(bool in_memory)
{
	static char prefix[64];
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		char err[PDK_ERR_CAP_RECOMMENDED], arg[96];
		const char *args[2] = { "--vdev=net_null0", arg };
		struct pdk_port_conf conf = { .nb_rx_queues = 1, .nb_mbufs = 1023 };
		uint16_t port = 0;

		snprintf(arg, sizeof(arg), "--file-prefix=pdkfp%ld", (long)getpid());
		if (pdk_test_init(in_memory ? 1 : 2, args, err, sizeof(err)) != PDK_OK ||
				pdk_port_by_name("net_null0", &port, err, sizeof(err)) != PDK_OK ||
				pdk_port_setup(port, &conf, NULL, err, sizeof(err)) != PDK_OK) {
			fprintf(stderr, "child: %s\n", err);
			exit(1);
		}
		exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
			WEXITSTATUS(status) != 0)
		return NULL;
	snprintf(prefix, sizeof(prefix), "%s%ld", in_memory ? "pdk" : "pdkfp", (long)pid);
	return prefix;
}

int main(void)
{
	char err[PDK_ERR_CAP_RECOMMENDED], prefix[64], prefix_arg[96];
	const char *args[2] = { "--vdev=net_null0", prefix_arg };
	struct pdk_port_conf conf = { .nb_rx_queues = 1, .nb_mbufs = 4095 };
	struct pdk_rx_pkt pkts[PDK_DEFAULT_BURST];
	void *mbufs[PDK_DEFAULT_BURST];
	uint16_t port = 0, n;

	for (int in_memory = 0; in_memory <= 1; in_memory++) {
		const char *child = exit_without_cleanup(in_memory);

		CHECK(child != NULL, "child (in_memory=%d) failed", in_memory);
		CHECK(child == NULL || pdk_test_no_leftovers(child),
			"exit without pdk_cleanup leaves nothing (in_memory=%d)", in_memory);
	}

	snprintf(prefix, sizeof(prefix), "pdkfp%ld", (long)getpid());
	snprintf(prefix_arg, sizeof(prefix_arg), "--file-prefix=%s", prefix);
	REQUIRE(pdk_test_init(2, args, err, sizeof(err)) == PDK_OK, "pdk_init: %s", err);
	CHECK(!pdk_test_no_leftovers(prefix), "EAL state exists while running (the check can see "
		"what it looks for)");
	REQUIRE(pdk_port_by_name("net_null0", &port, err, sizeof(err)) == PDK_OK, "%s", err);
	REQUIRE(pdk_port_setup(port, &conf, NULL, err, sizeof(err)) == PDK_OK, "%s", err);
	n = pdk_rx_burst(port, 0, pkts, mbufs, PDK_DEFAULT_BURST, NULL);
	CHECK(n == PDK_DEFAULT_BURST, "received %u", n);
	pdk_free_bulk(mbufs, n);
	CHECK(pdk_cleanup(err, sizeof(err)) == PDK_OK, "cleanup: %s", err);
	CHECK(pdk_test_no_leftovers(prefix), "nothing left under /dev/hugepages or /var/run/dpdk");
	return pdk_test_finish();
}
