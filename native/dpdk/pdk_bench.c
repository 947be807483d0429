/*
 * pdk_bench.c - the pure C rx loop the appliance's managed loop is measured against.
 */
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "pdk_internal.h"

/* Reading the TSC every burst would cost more than an empty poll; every 256 bursts the loop
 * overshoots its deadline by well under a microsecond. */
#define BURSTS_PER_CLOCK_CHECK 256

int32_t pdk_bench_rx(uint16_t port_id, uint16_t queue_id, double seconds, int32_t mode,
		uint64_t *out_packets, uint64_t *out_elapsed_ns)
{
	return pdk_bench_rx_burst(port_id, queue_id, seconds, mode, PDK_DEFAULT_BURST, out_packets,
		out_elapsed_ns);
}

int32_t pdk_bench_rx_burst(uint16_t port_id, uint16_t queue_id, double seconds, int32_t mode,
		uint16_t burst, uint64_t *out_packets, uint64_t *out_elapsed_ns)
{
	struct rte_mbuf *mbufs[PDK_BENCH_MAX_BURST];
	struct pdk_rx_pkt pkts[PDK_BENCH_MAX_BURST];
	uint64_t hz, start, deadline, now, packets = 0;

	if (pdk_eal_state != PDK_STATE_UP)
		return PDK_E_NOT_INITIALISED;
	if (out_packets == NULL || out_elapsed_ns == NULL || !(seconds > 0) || seconds > 3600 ||
			(mode != PDK_BENCH_RAW && mode != PDK_BENCH_FLAT) || burst == 0 ||
			burst > PDK_BENCH_MAX_BURST)
		return PDK_E_INVALID_ARG;
	if (port_id >= RTE_MAX_ETHPORTS || queue_id >= pdk_ports[port_id].nb_rx_queues)
		return PDK_E_PORT_STATE;

	hz = rte_get_tsc_hz();
	start = rte_rdtsc();
	deadline = start + (uint64_t)(seconds * (double)hz);
	do {
		if (mode == PDK_BENCH_RAW) {
			for (int i = 0; i < BURSTS_PER_CLOCK_CHECK; i++) {
				uint16_t n = rte_eth_rx_burst(port_id, queue_id, mbufs, burst);

				rte_pktmbuf_free_bulk(mbufs, n);
				packets += n;
			}
		} else {
			for (int i = 0; i < BURSTS_PER_CLOCK_CHECK; i++) {
				uint16_t n = pdk_rx_burst(port_id, queue_id, pkts, (void **)mbufs,
					burst, NULL);

				pdk_free_bulk((void **)mbufs, n);
				packets += n;
			}
		}
		now = rte_rdtsc();
	} while (now < deadline);

	*out_packets = packets;
	*out_elapsed_ns = (uint64_t)((double)(now - start) * 1e9 / (double)hz);
	return PDK_OK;
}
