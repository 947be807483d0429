/*
 * pdk_rxbench - measures the shim's pure C rx loop (pdk_bench_rx) on one vdev, one queue, one
 * core: the "(a)" figure the appliance's managed loop is compared with.
 *
 *   pdk_rxbench --vdev SPEC [--core N] [--seconds S] [--runs N] [--mode raw|flat]
 *               [--nb-mbufs N] [--burst N (32)]
 *
 * SPEC is a --vdev argument such as net_null0 or net_pcap0,rx_pcap=F,infinite_rx=1; the port
 * is the name before the first comma. Prints one line per run (wall-clock mpps, and cpu_mpps per
 * second of CPU the polling thread actually got) and a last line "median_mpps=X" (the median
 * of the wall-clock runs), all in key=value form for scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "probe_dpdk.h"

static double thread_cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s --vdev SPEC [--core N] [--seconds S] [--runs N] "
		"[--mode raw|flat] [--nb-mbufs N] [--burst N]\n", prog);
}

int main(int argc, char **argv)
{
	const char *vdev = NULL, *core = "0";
	double seconds = 2.0;
	int runs = 5;
	int32_t mode = PDK_BENCH_RAW;
	uint32_t nb_mbufs = 0;
	long burst = PDK_DEFAULT_BURST;
	char err[PDK_ERR_CAP_RECOMMENDED], port_name[PDK_NAME_SIZE], vdev_arg[1024], core_arg[64];
	const char *eal[8];
	int neal = 0, rc, status = 0;
	uint16_t port;
	double mpps[64];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (v == NULL) {
			usage(argv[0]);
			return 2;
		}
		if (strcmp(a, "--vdev") == 0)
			vdev = v;
		else if (strcmp(a, "--core") == 0)
			core = v;
		else if (strcmp(a, "--seconds") == 0)
			seconds = atof(v);
		else if (strcmp(a, "--runs") == 0)
			runs = atoi(v);
		else if (strcmp(a, "--burst") == 0)
			burst = strtol(v, NULL, 10);
		else if (strcmp(a, "--nb-mbufs") == 0)
			nb_mbufs = (uint32_t)strtoul(v, NULL, 10);
		else if (strcmp(a, "--mode") == 0 && strcmp(v, "raw") == 0)
			mode = PDK_BENCH_RAW;
		else if (strcmp(a, "--mode") == 0 && strcmp(v, "flat") == 0)
			mode = PDK_BENCH_FLAT;
		else {
			usage(argv[0]);
			return 2;
		}
		i++;
	}
	if (vdev == NULL || runs < 1 || runs > 64 || !(seconds > 0) || burst < 1 ||
			burst > PDK_BENCH_MAX_BURST) {
		usage(argv[0]);
		return 2;
	}
	snprintf(port_name, sizeof(port_name), "%.*s", (int)strcspn(vdev, ","), vdev);
	snprintf(vdev_arg, sizeof(vdev_arg), "--vdev=%s", vdev);
	snprintf(core_arg, sizeof(core_arg), "%s", core);
	eal[neal++] = "-l";
	eal[neal++] = core_arg;
	eal[neal++] = "--no-pci";
	eal[neal++] = "--in-memory";
	eal[neal++] = vdev_arg;

	rc = pdk_init(neal, eal, err, sizeof(err));
	if (rc != PDK_OK) {
		fprintf(stderr, "pdk_rxbench: %s\n", err);
		return 1;
	}
	rc = pdk_port_by_name(port_name, &port, err, sizeof(err));
	if (rc == PDK_OK) {
		struct pdk_port_conf conf = { .nb_rx_queues = 1, .nb_mbufs = nb_mbufs };

		rc = pdk_port_setup(port, &conf, NULL, err, sizeof(err));
	}
	if (rc != PDK_OK) {
		fprintf(stderr, "pdk_rxbench: %s\n", err);
		pdk_cleanup(NULL, 0);
		return 1;
	}
	for (int r = 0; r < runs; r++) {
		uint64_t packets = 0, ns = 0;
		double cpu0 = thread_cpu_seconds(), cpu;

		rc = pdk_bench_rx_burst(port, 0, seconds, mode, (uint16_t)burst, &packets, &ns);
		cpu = thread_cpu_seconds() - cpu0;
		if (rc != PDK_OK) {
			fprintf(stderr, "pdk_rxbench: pdk_bench_rx failed: %d\n", rc);
			status = 1;
			break;
		}
		mpps[r] = ns ? (double)packets * 1e3 / (double)ns : 0;
		/* cpu_mpps: per second of CPU this thread really got, a figure that other
		 * processes on a shared machine disturb far less than the wall-clock one. */
		printf("run=%d packets=%llu seconds=%.3f cpu_seconds=%.3f mpps=%.2f cpu_mpps=%.2f\n",
			r + 1, (unsigned long long)packets, (double)ns / 1e9, cpu, mpps[r],
			cpu > 0 ? (double)packets / cpu / 1e6 : 0);
		fflush(stdout);
	}
	if (status == 0) {
		struct pdk_port_stats st;

		qsort(mpps, (size_t)runs, sizeof(mpps[0]), cmp_double);
		if (pdk_port_stats(port, &st) == PDK_OK)
			printf("ipackets=%llu imissed=%llu rx_nombuf=%llu\n",
				(unsigned long long)st.ipackets, (unsigned long long)st.imissed,
				(unsigned long long)st.rx_nombuf);
		printf("median_mpps=%.2f\n", mpps[runs / 2]);
	}
	if (pdk_cleanup(err, sizeof(err)) != PDK_OK) {
		fprintf(stderr, "pdk_rxbench: %s\n", err);
		status = 1;
	}
	return status;
}
