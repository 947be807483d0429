/*
 * test_abi_layout - what a managed caller can rely on before and without EAL: the ABI version,
 * every control call refusing cleanly before pdk_init, the data path ignoring ids that are not
 * set up, and pdk_mbuf_layout matching this DPDK build's struct rte_mbuf. Prints the struct
 * layouts in a form the C# mirror's tests can compare with Marshal.OffsetOf / sizeof.
 */
#include <stddef.h>
#include <string.h>

#include <rte_mbuf.h>

#include "pdk_test.h"

#define FIELD(type, field) printf("%s.%s offset=%zu size=%zu\n", #type, #field, \
	offsetof(struct type, field), sizeof(((struct type *)0)->field))

int main(void)
{
	char err[PDK_ERR_CAP_RECOMMENDED];
	struct pdk_mbuf_layout l;
	struct pdk_port_info info;
	struct pdk_port_stats st;
	struct pdk_port_conf conf = { 0 };
	struct pdk_rx_pkt pkts[4];
	void *mbufs[4];
	uint16_t port;
	uint64_t packets, ns, v;

	CHECK(pdk_abi_version() == PDK_ABI_VERSION, "version %d", pdk_abi_version());

	/* Before pdk_init: every call answers, none touches DPDK. */
	CHECK(pdk_port_count() == PDK_E_NOT_INITIALISED, "port_count");
	CHECK(pdk_port_by_name("net_null0", &port, err, sizeof(err)) == PDK_E_NOT_INITIALISED &&
		strstr(err, "pdk_init") != NULL, "by_name: %s", err);
	CHECK(pdk_port_info(0, &info) == PDK_E_NOT_INITIALISED, "info");
	CHECK(pdk_port_setup(0, &conf, NULL, err, sizeof(err)) == PDK_E_NOT_INITIALISED, "setup");
	CHECK(pdk_port_stop_close(0, err, sizeof(err)) == PDK_E_NOT_INITIALISED, "close");
	CHECK(pdk_port_stats(0, &st) == PDK_E_NOT_INITIALISED, "stats");
	CHECK(pdk_xstat_by_name(0, "rx_good_packets", &v) == PDK_E_NOT_INITIALISED, "xstat");
	CHECK(pdk_thread_register(err, sizeof(err)) == PDK_E_NOT_INITIALISED, "register");
	CHECK(pdk_bench_rx(0, 0, 0.01, PDK_BENCH_RAW, &packets, &ns) == PDK_E_NOT_INITIALISED,
		"bench");
	CHECK(pdk_cleanup(err, sizeof(err)) == PDK_E_NOT_INITIALISED, "cleanup");
	CHECK(pdk_rx_burst(0, 0, pkts, mbufs, 4, NULL) == 0, "rx_burst on nothing");
	CHECK(pdk_rx_burst_raw(UINT16_MAX, UINT16_MAX, mbufs, 4) == 0, "rx_burst_raw on nothing");
	CHECK(pdk_lcore_id() == -1, "no lcore before EAL");
	CHECK(pdk_init(-1, NULL, err, sizeof(err)) == PDK_E_INVALID_ARG, "negative argc");
	/* A NULL err buffer is allowed everywhere. */
	CHECK(pdk_cleanup(NULL, 0) == PDK_E_NOT_INITIALISED, "NULL err");

	CHECK(pdk_mbuf_layout(&l) == PDK_OK, "layout");
	CHECK(l.buf_addr == offsetof(struct rte_mbuf, buf_addr), "buf_addr");
	CHECK(l.data_off == offsetof(struct rte_mbuf, data_off), "data_off");
	CHECK(l.nb_segs == offsetof(struct rte_mbuf, nb_segs), "nb_segs");
	CHECK(l.ol_flags == offsetof(struct rte_mbuf, ol_flags), "ol_flags");
	CHECK(l.pkt_len == offsetof(struct rte_mbuf, pkt_len), "pkt_len");
	CHECK(l.data_len == offsetof(struct rte_mbuf, data_len), "data_len");
	CHECK(l.rss_hash == offsetof(struct rte_mbuf, hash.rss), "rss");
	CHECK(l.next == offsetof(struct rte_mbuf, next), "next");
	CHECK(l.rss_hash_flag == RTE_MBUF_F_RX_RSS_HASH, "rss flag");
	CHECK(l.timestamp_offset == -1 && l.timestamp_flag == 0, "no timestamp field before setup");

	/* The layouts, for the managed mirror. */
	printf("sizeof pdk_rx_pkt=%zu pdk_port_conf=%zu pdk_port_info=%zu pdk_port_stats=%zu "
		"pdk_mbuf_layout=%zu\n", sizeof(struct pdk_rx_pkt), sizeof(struct pdk_port_conf),
		sizeof(struct pdk_port_info), sizeof(struct pdk_port_stats),
		sizeof(struct pdk_mbuf_layout));
	FIELD(pdk_rx_pkt, data);
	FIELD(pdk_rx_pkt, data_len);
	FIELD(pdk_rx_pkt, pkt_len);
	FIELD(pdk_rx_pkt, ts_sec);
	FIELD(pdk_rx_pkt, ts_nsec);
	FIELD(pdk_rx_pkt, rss_hash);
	FIELD(pdk_rx_pkt, flags);
	FIELD(pdk_port_conf, nb_rx_queues);
	FIELD(pdk_port_conf, nb_rx_desc);
	FIELD(pdk_port_conf, nb_mbufs);
	FIELD(pdk_port_conf, mbuf_cache_size);
	FIELD(pdk_port_conf, mbuf_data_room);
	FIELD(pdk_port_conf, flags);
	FIELD(pdk_port_info, port_id);
	FIELD(pdk_port_info, flags);
	FIELD(pdk_port_info, rss_hf);
	FIELD(pdk_port_info, mac);
	FIELD(pdk_port_stats, rx_nombuf);
	FIELD(pdk_port_stats, q_ipackets);
	FIELD(pdk_port_stats, q_errors);
	printf("rte_mbuf buf_addr=%u data_off=%u nb_segs=%u ol_flags=%u pkt_len=%u data_len=%u "
		"rss=%u next=%u\n", l.buf_addr, l.data_off, l.nb_segs, l.ol_flags, l.pkt_len,
		l.data_len, l.rss_hash, l.next);
	return pdk_test_finish();
}
