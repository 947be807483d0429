/*
 * pdk_abi_asserts.c - compile-time proof that the ABI in probe_dpdk.h matches both DPDK and the
 * offsets its comments promise to the C# mirror. A DPDK upgrade that moves a constant, or an
 * edit that moves a field, breaks the build here instead of corrupting memory at run time.
 */
#include <assert.h>
#include <stddef.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "probe_dpdk.h"

/* Constants mirrored from DPDK. */
static_assert(PDK_NAME_SIZE == RTE_ETH_NAME_MAX_LEN, "PDK_NAME_SIZE");
static_assert(PDK_XSTAT_NAME_SIZE == RTE_ETH_XSTATS_NAME_SIZE, "PDK_XSTAT_NAME_SIZE");
static_assert(PDK_QUEUE_STAT_COUNTERS == RTE_ETHDEV_QUEUE_STAT_CNTRS, "PDK_QUEUE_STAT_COUNTERS");
static_assert(PDK_MAX_PORTS == RTE_MAX_ETHPORTS, "PDK_MAX_PORTS");
static_assert(PDK_MAX_QUEUES == RTE_MAX_QUEUES_PER_PORT, "PDK_MAX_QUEUES");
static_assert(sizeof(((struct rte_eth_stats *)0)->q_ipackets) ==
	sizeof(((struct pdk_port_stats *)0)->q_ipackets), "q_ipackets size");
static_assert(sizeof(((struct rte_eth_xstat_name *)0)->name) == PDK_XSTAT_NAME_SIZE,
	"xstat name size");
/* pdk_mbuf_copy and pdk_rx_pkt carry lengths as uint32_t: DPDK's are no wider. */
static_assert(sizeof(((struct rte_mbuf *)0)->pkt_len) == 4, "pkt_len width");
static_assert(sizeof(((struct rte_mbuf *)0)->data_len) == 2, "data_len width");
static_assert(sizeof(((struct rte_mbuf *)0)->hash.rss) == 4, "rss hash width");

/* struct pdk_rx_pkt: 40 bytes, the layout the header documents (the managed RxPacket's). */
static_assert(sizeof(struct pdk_rx_pkt) == 40, "pdk_rx_pkt size");
static_assert(offsetof(struct pdk_rx_pkt, data) == 0, "pdk_rx_pkt.data");
static_assert(offsetof(struct pdk_rx_pkt, data_len) == 8, "pdk_rx_pkt.data_len");
static_assert(offsetof(struct pdk_rx_pkt, pkt_len) == 12, "pdk_rx_pkt.pkt_len");
static_assert(offsetof(struct pdk_rx_pkt, ts_sec) == 16, "pdk_rx_pkt.ts_sec");
static_assert(offsetof(struct pdk_rx_pkt, ts_nsec) == 24, "pdk_rx_pkt.ts_nsec");
static_assert(offsetof(struct pdk_rx_pkt, rss_hash) == 32, "pdk_rx_pkt.rss_hash");
static_assert(offsetof(struct pdk_rx_pkt, flags) == 36, "pdk_rx_pkt.flags");

/* struct pdk_port_conf */
static_assert(sizeof(struct pdk_port_conf) == 24, "pdk_port_conf size");
static_assert(offsetof(struct pdk_port_conf, nb_rx_queues) == 0, "conf.nb_rx_queues");
static_assert(offsetof(struct pdk_port_conf, nb_rx_desc) == 2, "conf.nb_rx_desc");
static_assert(offsetof(struct pdk_port_conf, nb_mbufs) == 4, "conf.nb_mbufs");
static_assert(offsetof(struct pdk_port_conf, mbuf_cache_size) == 8, "conf.mbuf_cache_size");
static_assert(offsetof(struct pdk_port_conf, mbuf_data_room) == 12, "conf.mbuf_data_room");
static_assert(offsetof(struct pdk_port_conf, flags) == 16, "conf.flags");
static_assert(offsetof(struct pdk_port_conf, reserved) == 20, "conf.reserved");

/* struct pdk_port_info */
static_assert(sizeof(struct pdk_port_info) == 184, "pdk_port_info size");
static_assert(offsetof(struct pdk_port_info, name) == 0, "info.name");
static_assert(offsetof(struct pdk_port_info, driver) == 64, "info.driver");
static_assert(offsetof(struct pdk_port_info, port_id) == 128, "info.port_id");
static_assert(offsetof(struct pdk_port_info, max_rx_queues) == 130, "info.max_rx_queues");
static_assert(offsetof(struct pdk_port_info, nb_rx_queues) == 132, "info.nb_rx_queues");
static_assert(offsetof(struct pdk_port_info, socket_id) == 136, "info.socket_id");
static_assert(offsetof(struct pdk_port_info, flags) == 140, "info.flags");
static_assert(offsetof(struct pdk_port_info, timestamp_source) == 144, "info.timestamp_source");
static_assert(offsetof(struct pdk_port_info, if_index) == 148, "info.if_index");
static_assert(offsetof(struct pdk_port_info, rx_offload_capa) == 152, "info.rx_offload_capa");
static_assert(offsetof(struct pdk_port_info, flow_type_rss_offloads) == 160, "info.rss_offloads");
static_assert(offsetof(struct pdk_port_info, rss_hf) == 168, "info.rss_hf");
static_assert(offsetof(struct pdk_port_info, mac) == 176, "info.mac");
static_assert(offsetof(struct pdk_port_info, reserved1) == 182, "info.reserved1");

/* struct pdk_port_stats */
static_assert(sizeof(struct pdk_port_stats) == 448, "pdk_port_stats size");
static_assert(offsetof(struct pdk_port_stats, ipackets) == 0, "stats.ipackets");
static_assert(offsetof(struct pdk_port_stats, ibytes) == 8, "stats.ibytes");
static_assert(offsetof(struct pdk_port_stats, imissed) == 16, "stats.imissed");
static_assert(offsetof(struct pdk_port_stats, ierrors) == 24, "stats.ierrors");
static_assert(offsetof(struct pdk_port_stats, rx_nombuf) == 32, "stats.rx_nombuf");
static_assert(offsetof(struct pdk_port_stats, opackets) == 40, "stats.opackets");
static_assert(offsetof(struct pdk_port_stats, obytes) == 48, "stats.obytes");
static_assert(offsetof(struct pdk_port_stats, oerrors) == 56, "stats.oerrors");
static_assert(offsetof(struct pdk_port_stats, q_ipackets) == 64, "stats.q_ipackets");
static_assert(offsetof(struct pdk_port_stats, q_ibytes) == 192, "stats.q_ibytes");
static_assert(offsetof(struct pdk_port_stats, q_errors) == 320, "stats.q_errors");

/* struct pdk_mbuf_layout */
static_assert(sizeof(struct pdk_mbuf_layout) == 56, "pdk_mbuf_layout size");
static_assert(offsetof(struct pdk_mbuf_layout, buf_addr) == 0, "layout.buf_addr");
static_assert(offsetof(struct pdk_mbuf_layout, data_off) == 4, "layout.data_off");
static_assert(offsetof(struct pdk_mbuf_layout, nb_segs) == 8, "layout.nb_segs");
static_assert(offsetof(struct pdk_mbuf_layout, ol_flags) == 12, "layout.ol_flags");
static_assert(offsetof(struct pdk_mbuf_layout, pkt_len) == 16, "layout.pkt_len");
static_assert(offsetof(struct pdk_mbuf_layout, data_len) == 20, "layout.data_len");
static_assert(offsetof(struct pdk_mbuf_layout, rss_hash) == 24, "layout.rss_hash");
static_assert(offsetof(struct pdk_mbuf_layout, next) == 28, "layout.next");
static_assert(offsetof(struct pdk_mbuf_layout, timestamp_offset) == 32, "layout.ts_offset");
static_assert(offsetof(struct pdk_mbuf_layout, reserved) == 36, "layout.reserved");
static_assert(offsetof(struct pdk_mbuf_layout, rss_hash_flag) == 40, "layout.rss_hash_flag");
static_assert(offsetof(struct pdk_mbuf_layout, timestamp_flag) == 48, "layout.timestamp_flag");

/* The burst and bench loops use DPDK's customary burst; the PMDs' vector paths want 32. */
static_assert(PDK_DEFAULT_BURST == 32, "burst");
/* pdk_port_conf.mbuf_cache_size is checked against this at run time; keep the header's
 * "at most 512" true. */
static_assert(RTE_MEMPOOL_CACHE_MAX_SIZE == 512, "mempool cache max");
