/*
 * test_errors CASE [ARG] - each error a user can hit gets its status and a message that names
 * the problem, quotes DPDK where DPDK said something, and says what to do. One case per process:
 * DPDK's EAL can be initialised once per process.
 *
 * Cases that change the machine (no_hugepages) restore it from a parent process, whatever
 * happens to the child that exercises the shim. hugetlbfs_absent unmounts hugetlbfs only inside
 * a private mount namespace, so the rest of the machine never sees it missing.
 */
#define _GNU_SOURCE
#include <mntent.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pdk_test.h"

static char err[PDK_ERR_CAP_RECOMMENDED];

static bool has(const char *needle)
{
	return strstr(err, needle) != NULL;
}

static int expect_init_failure(int n, const char *const *args, int32_t status,
		const char *const *needles)
{
	int32_t rc = pdk_test_init(n, args, err, sizeof(err));

	printf("pdk_init -> %d: %s\n", rc, err);
	CHECK(rc == status, "status %d, expected %d", rc, status);
	for (const char *const *s = needles; *s != NULL; s++)
		CHECK(has(*s), "message lacks \"%s\"", *s);
	CHECK(pdk_test_no_leftovers(pdk_test_default_prefix()), "no leftovers after a failure");
	return pdk_test_finish();
}

/* Starts EAL with the given vdevs; a failure here is a failure of the test's premise. */
static bool init_ok(int n, const char *const *args)
{
	int32_t rc = pdk_test_init(n, args, err, sizeof(err));

	CHECK(rc == PDK_OK, "pdk_init: %s", err);
	return rc == PDK_OK;
}

static int finish_with_cleanup(void)
{
	CHECK(pdk_cleanup(err, sizeof(err)) == PDK_OK, "cleanup: %s", err);
	CHECK(pdk_test_no_leftovers(pdk_test_default_prefix()), "no leftovers");
	return pdk_test_finish();
}

static int case_unknown_vdev_driver(void)
{
	static const char *const args[] = { "--vdev=net_nosuchdriver0" };
	static const char *const needles[] = { "net_nosuchdriver0", "DPDK log:", "Fix:", "--vdev",
		NULL };

	return expect_init_failure(1, args, PDK_E_EAL, needles);
}

static int case_bad_eal_option(void)
{
	static const char *const args[] = { "--no-such-eal-option" };
	static const char *const needles[] = { "Invalid argument", "DPDK log:", "Fix:", NULL };

	return expect_init_failure(1, args, PDK_E_EAL, needles);
}

static int case_no_such_core(void)
{
	/* A core number no machine this runs on has; pdk_test_init passes -l 0, and EAL takes the
	 * last -l. */
	static const char *const args[] = { "-l", "1000" };
	static const char *const needles[] = { "core 1000", "usable cores", "Fix:", NULL };

	return expect_init_failure(2, args, PDK_E_NO_SUCH_CORE, needles);
}

static int case_unknown_port(void)
{
	static const char *const args[] = { "--vdev=net_null0" };
	uint16_t port = 0;
	int32_t rc;

	if (!init_ok(1, args))
		return pdk_test_finish();
	rc = pdk_port_by_name("net_pcap7", &port, err, sizeof(err));
	printf("pdk_port_by_name -> %d: %s\n", rc, err);
	CHECK(rc == PDK_E_NO_SUCH_PORT, "status %d", rc);
	CHECK(has("net_pcap7") && has("net_null0") && has("Fix:"), "message: %s", err);
	rc = pdk_port_setup(PDK_MAX_PORTS - 1, &(struct pdk_port_conf){ 0 }, NULL, err, sizeof(err));
	printf("pdk_port_setup(%d) -> %d: %s\n", PDK_MAX_PORTS - 1, rc, err);
	CHECK(rc == PDK_E_NO_SUCH_PORT && has("net_null0"), "setup of an unknown id: %s", err);
	return finish_with_cleanup();
}

static int case_unopenable_pcap(void)
{
	static const char *const args[] = { "--vdev=net_pcap0,rx_pcap=/nonexistent/x.pcap" };
	uint16_t port = 0;
	int32_t rc;

	if (!init_ok(1, args))
		return pdk_test_finish();
	rc = pdk_port_by_name("net_pcap0", &port, err, sizeof(err));
	printf("pdk_port_by_name -> %d: %s\n", rc, err);
	CHECK(rc == PDK_E_NO_SUCH_PORT, "status %d", rc);
	/* The driver's own words: why the vdev does not exist. */
	CHECK(has("/nonexistent/x.pcap") && has("No such file"), "message: %s", err);
	return finish_with_cleanup();
}

static int case_too_many_queues(const char *file)
{
	char vdev[1200];
	const char *args[1] = { vdev };
	struct pdk_port_conf conf = { .nb_rx_queues = 2, .nb_mbufs = 1023 };
	uint16_t port = 0;
	int32_t rc;

	snprintf(vdev, sizeof(vdev), "--vdev=net_pcap0,rx_pcap=%s", file);
	if (!init_ok(1, args))
		return pdk_test_finish();
	REQUIRE(pdk_port_by_name("net_pcap0", &port, err, sizeof(err)) == PDK_OK, "%s", err);
	rc = pdk_port_setup(port, &conf, NULL, err, sizeof(err));
	printf("pdk_port_setup -> %d: %s\n", rc, err);
	CHECK(rc == PDK_E_TOO_MANY_QUEUES, "status %d", rc);
	CHECK(has("has 1 rx queue") && has("2 were configured") && has("rx_pcap"), "message");
	/* The refusal came before any configuration: the port still works with one queue. */
	conf.nb_rx_queues = 1;
	CHECK(pdk_port_setup(port, &conf, NULL, err, sizeof(err)) == PDK_OK, "1 queue: %s", err);
	return finish_with_cleanup();
}

static int case_mempool_too_large(void)
{
	static const char *const args[] = { "--vdev=net_null0" };
	/* 40 M mbufs of 2 KiB: ~90 GiB, more than any hugepage reservation here. */
	struct pdk_port_conf conf = { .nb_rx_queues = 1, .nb_mbufs = 40u * 1000 * 1000 };
	uint16_t port = 0;
	int32_t rc;

	if (!init_ok(1, args))
		return pdk_test_finish();
	REQUIRE(pdk_port_by_name("net_null0", &port, err, sizeof(err)) == PDK_OK, "%s", err);
	rc = pdk_port_setup(port, &conf, NULL, err, sizeof(err));
	printf("pdk_port_setup -> %d: %s\n", rc, err);
	CHECK(rc == PDK_E_MEMPOOL, "status %d", rc);
	CHECK(has("nr_hugepages") && has("nb_mbufs") && has("MiB"), "message");
	conf.nb_mbufs = 2047;
	CHECK(pdk_port_setup(port, &conf, NULL, err, sizeof(err)) == PDK_OK, "small pool: %s", err);
	return finish_with_cleanup();
}

static int case_pcap_infinite_pool_too_small(const char *file)
{
	char vdev[1200];
	const char *args[1] = { vdev };
	/* infinite_rx keeps the whole file in mbufs: a pool smaller than the file cannot. */
	struct pdk_port_conf conf = { .nb_rx_queues = 1, .nb_mbufs = 15, .mbuf_cache_size = 4 };
	uint16_t port = 0;
	int32_t rc;

	snprintf(vdev, sizeof(vdev), "--vdev=net_pcap0,rx_pcap=%s,infinite_rx=1", file);
	if (!init_ok(1, args))
		return pdk_test_finish();
	REQUIRE(pdk_port_by_name("net_pcap0", &port, err, sizeof(err)) == PDK_OK, "%s", err);
	rc = pdk_port_setup(port, &conf, NULL, err, sizeof(err));
	printf("pdk_port_setup -> %d: %s\n", rc, err);
	CHECK(rc == PDK_E_PORT_CONFIG, "status %d", rc);
	CHECK(has("Not enough mbufs") && has("DPDK log:"), "DPDK's text is quoted");
	return finish_with_cleanup();
}

static int case_init_twice(void)
{
	static const char *const args[] = { "--vdev=net_null0" };
	int32_t rc;

	if (!init_ok(1, args))
		return pdk_test_finish();
	rc = pdk_test_init(1, args, err, sizeof(err));
	printf("second pdk_init -> %d: %s\n", rc, err);
	CHECK(rc == PDK_E_ALREADY && has("new process"), "status %d", rc);
	return finish_with_cleanup();
}

/* Runs fn in a child process and returns its exit status as the test's. */
static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static int child_no_hugepages(void)
{
	static const char *const args[] = { "--vdev=net_null0" };
	static const char *const needles[] = { "hugepages", "echo", "/proc/sys/vm/nr_hugepages",
		"Fix:", NULL };

	return expect_init_failure(1, args, PDK_E_NO_HUGEPAGES, needles);
}

static int case_no_hugepages(void)
{
	long saved = pdk_test_read_nr_hugepages();
	int rc;

	REQUIRE(saved >= 0, "cannot read /proc/sys/vm/nr_hugepages (run as root)");
	REQUIRE(pdk_test_write_nr_hugepages(0), "cannot write /proc/sys/vm/nr_hugepages");
	/* Pages other processes hold stay allocated (as surplus) but none is free. */
	rc = in_child(child_no_hugepages);
	CHECK(pdk_test_write_nr_hugepages(saved), "restoring nr_hugepages to %ld", saved);
	CHECK(pdk_test_read_nr_hugepages() >= saved, "nr_hugepages restored to %ld (now %ld)", saved,
		pdk_test_read_nr_hugepages());
	CHECK(rc == 0, "the child's checks failed (see above)");
	return pdk_test_finish();
}

/* Detaches every hugetlbfs mount, in this process's private mount namespace only. */
static bool hide_hugetlbfs(void)
{
	FILE *mounts;
	struct mntent *m;
	char dirs[16][512];
	int n = 0;

	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return false;
	mounts = setmntent("/proc/self/mounts", "r");
	if (mounts == NULL)
		return false;
	while ((m = getmntent(mounts)) != NULL && n < 16)
		if (strcmp(m->mnt_type, "hugetlbfs") == 0)
			snprintf(dirs[n++], sizeof(dirs[0]), "%s", m->mnt_dir);
	endmntent(mounts);
	for (int i = 0; i < n; i++)
		if (umount2(dirs[i], MNT_DETACH) != 0)
			return false;
	return true;
}

static int child_hugetlbfs_absent(void)
{
	/* A caller-chosen prefix without --in-memory: EAL needs a hugetlbfs mount for its files. */
	static char prefix[64];
	const char *args[2] = { "--vdev=net_null0", prefix };
	static const char *const needles[] = { "hugetlbfs not mounted at /dev/hugepages",
		"mount -t hugetlbfs nodev /dev/hugepages", "--in-memory", NULL };

	snprintf(prefix, sizeof(prefix), "--file-prefix=%s", pdk_test_default_prefix());
	REQUIRE(hide_hugetlbfs(), "cannot make a private mount namespace without hugetlbfs");
	return expect_init_failure(2, args, PDK_E_HUGETLBFS, needles);
}

static int child_in_memory_without_hugetlbfs(void)
{
	/* --in-memory maps hugepages anonymously: no mount needed, and it really works. */
	static const char *const args[] = { "--vdev=net_null0" };
	struct pdk_port_conf conf = { .nb_rx_queues = 1, .nb_mbufs = 2047 };
	struct pdk_rx_pkt pkts[8];
	void *mbufs[8];
	uint16_t port = 0, n;

	REQUIRE(hide_hugetlbfs(), "cannot make a private mount namespace without hugetlbfs");
	if (!init_ok(1, args))
		return pdk_test_finish();
	REQUIRE(pdk_port_by_name("net_null0", &port, err, sizeof(err)) == PDK_OK, "%s", err);
	REQUIRE(pdk_port_setup(port, &conf, NULL, err, sizeof(err)) == PDK_OK, "%s", err);
	n = pdk_rx_burst(port, 0, pkts, mbufs, 8, NULL);
	CHECK(n == 8, "received %u", n);
	pdk_free_bulk(mbufs, n);
	return finish_with_cleanup();
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : NULL;

	if (strcmp(c, "unknown_vdev_driver") == 0)
		return case_unknown_vdev_driver();
	if (strcmp(c, "bad_eal_option") == 0)
		return case_bad_eal_option();
	if (strcmp(c, "no_such_core") == 0)
		return case_no_such_core();
	if (strcmp(c, "unknown_port") == 0)
		return case_unknown_port();
	if (strcmp(c, "unopenable_pcap") == 0)
		return case_unopenable_pcap();
	if (strcmp(c, "too_many_queues") == 0 && arg != NULL)
		return case_too_many_queues(arg);
	if (strcmp(c, "mempool_too_large") == 0)
		return case_mempool_too_large();
	if (strcmp(c, "pcap_infinite_pool_too_small") == 0 && arg != NULL)
		return case_pcap_infinite_pool_too_small(arg);
	if (strcmp(c, "init_twice") == 0)
		return case_init_twice();
	if (strcmp(c, "no_hugepages") == 0)
		return case_no_hugepages();
	if (strcmp(c, "hugetlbfs_absent") == 0)
		return in_child(child_hugetlbfs_absent);
	if (strcmp(c, "in_memory_without_hugetlbfs") == 0)
		return in_child(child_in_memory_without_hugetlbfs);
	fprintf(stderr, "test_errors: unknown case '%s'\n", c);
	return 2;
}
