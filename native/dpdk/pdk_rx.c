/*
 * pdk_rx.c - the data path: burst receive flattened for the managed side, bulk free, reading
 * multi-segment frames, and the mbuf layout for a managed loop that reads mbufs itself.
 */
#include <stddef.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_prefetch.h>

#include "pdk_internal.h"

/* How far ahead of the packet being flattened its mbuf header is prefetched. The PMD wrote the
 * headers moments ago, so they are usually cached; the prefetch matters for NICs whose rx path
 * leaves the second half of the burst cold. */
#define PREFETCH_AHEAD 4

static inline int rx_queue_usable(uint16_t port_id, uint16_t queue_id)
{
	/* One predictable branch per burst: rte_eth_rx_burst itself checks nothing in release
	 * builds, and a wrong id from the managed side must not become a wild read. */
	return likely(port_id < RTE_MAX_ETHPORTS) &&
		likely(queue_id < pdk_ports[port_id].nb_rx_queues);
}

/* Bytes the segments of a chain really hold, walking at most nb_segs segments. */
static uint64_t chain_bytes(const struct rte_mbuf *m)
{
	uint64_t bytes = 0;

	for (uint16_t segs = m->nb_segs; m != NULL && segs > 0; m = m->next, segs--)
		bytes += m->data_len;
	return bytes;
}

/* Flags of a multi-segment packet. A chain may hold fewer bytes than its pkt_len says:
 * net_pcap in DPDK 22.11 passes a record's length to its chaining code as uint16_t, so a record
 * longer than 65535 bytes keeps only (length mod 65536) bytes while pkt_len stays right. */
static uint32_t chain_flags(const struct rte_mbuf *m)
{
	uint32_t flags = PDK_PKT_MULTI_SEG;

	if (chain_bytes(m) < m->pkt_len)
		flags |= PDK_PKT_TRUNCATED;
	return flags;
}

uint16_t pdk_rx_burst(uint16_t port_id, uint16_t queue_id, struct pdk_rx_pkt *pkts, void **mbufs,
		uint16_t max, uint32_t *burst_flags)
{
	struct rte_mbuf **m = (struct rte_mbuf **)mbufs;
	uint64_t ts_flag, ts_mult, now_nsec = 0;
	int64_t now_sec = -1; /* read at the first unstamped packet, then shared by the burst */
	uint32_t all_flags = 0;
	int ts_offset;
	uint16_t n;

	if (burst_flags != NULL)
		*burst_flags = 0;
	if (unlikely(!rx_queue_usable(port_id, queue_id)))
		return 0;
	n = rte_eth_rx_burst(port_id, queue_id, m, max);
	if (n == 0)
		return 0;

	ts_flag = pdk_ts_flag;
	ts_offset = pdk_ts_offset;
	ts_mult = pdk_ports[port_id].ts_multiplier;
	for (uint16_t i = 0; i < n; i++) {
		const struct rte_mbuf *b = m[i];
		struct pdk_rx_pkt *p = &pkts[i];
		uint64_t ol = b->ol_flags;
		uint32_t flags = 0;

		if (i + PREFETCH_AHEAD < n)
			rte_prefetch0(m[i + PREFETCH_AHEAD]);
		p->data = rte_pktmbuf_mtod(b, const uint8_t *);
		p->data_len = b->data_len;
		p->pkt_len = b->pkt_len;
		if (ol & RTE_MBUF_F_RX_RSS_HASH) {
			p->rss_hash = b->hash.rss;
			flags |= PDK_PKT_RSS_HASH;
		} else {
			p->rss_hash = 0;
		}
		/* ts_flag is 0 until the dynfield is registered, so this never reads an
		 * unregistered offset. */
		if ((ol & ts_flag) && ts_mult != 0) {
			uint64_t ns = *RTE_MBUF_DYNFIELD(b, ts_offset, const rte_mbuf_timestamp_t *) * ts_mult;

			p->ts_sec = (int64_t)(ns / 1000000000u);
			p->ts_nsec = ns % 1000000000u;
			flags |= PDK_PKT_TIMESTAMP;
		} else {
			if (ol & ts_flag)
				flags |= PDK_PKT_TIMESTAMP_RAW;
			if (now_sec < 0)
				pdk_burst_time(pdk_ports[port_id].clocks, queue_id, &now_sec, &now_nsec);
			p->ts_sec = now_sec;
			p->ts_nsec = now_nsec;
		}
		if (unlikely(b->nb_segs > 1))
			flags |= chain_flags(b);
		p->flags = flags;
		all_flags |= flags;
	}
	if (burst_flags != NULL)
		*burst_flags = all_flags;
	return n;
}

uint16_t pdk_rx_burst_raw(uint16_t port_id, uint16_t queue_id, void **mbufs, uint16_t max)
{
	if (unlikely(!rx_queue_usable(port_id, queue_id)))
		return 0;
	return rte_eth_rx_burst(port_id, queue_id, (struct rte_mbuf **)mbufs, max);
}

void pdk_free_bulk(void **mbufs, uint16_t n)
{
	/* Skips NULL entries, frees chained segments, and returns mbufs to their pools in runs
	 * (one mempool put per run of same-pool mbufs). */
	rte_pktmbuf_free_bulk((struct rte_mbuf **)mbufs, n);
}

int32_t pdk_mbuf_copy(const void *mbuf, uint32_t offset, uint8_t *dst, uint32_t len)
{
	const struct rte_mbuf *m = mbuf;
	uint32_t copied = 0;

	if (m == NULL || (dst == NULL && len != 0))
		return PDK_E_INVALID_ARG;
	if (len > INT32_MAX)
		len = INT32_MAX;
	/* Walks the segments themselves rather than trusting pkt_len (rte_pktmbuf_read does, and
	 * runs off the end of a truncated chain: see chain_flags). */
	for (uint16_t segs = m->nb_segs; m != NULL && segs > 0 && copied < len;
			m = m->next, segs--) {
		uint32_t seg_len = m->data_len, n;

		if (offset >= seg_len) {
			offset -= seg_len;
			continue;
		}
		n = seg_len - offset;
		if (n > len - copied)
			n = len - copied;
		memcpy(dst + copied, rte_pktmbuf_mtod_offset(m, const uint8_t *, offset), n);
		copied += n;
		offset = 0;
	}
	return (int32_t)copied;
}

int32_t pdk_mbuf_layout(struct pdk_mbuf_layout *l)
{
	if (l == NULL)
		return PDK_E_INVALID_ARG;
	memset(l, 0, sizeof(*l));
	l->buf_addr = offsetof(struct rte_mbuf, buf_addr);
	l->data_off = offsetof(struct rte_mbuf, data_off);
	l->nb_segs = offsetof(struct rte_mbuf, nb_segs);
	l->ol_flags = offsetof(struct rte_mbuf, ol_flags);
	l->pkt_len = offsetof(struct rte_mbuf, pkt_len);
	l->data_len = offsetof(struct rte_mbuf, data_len);
	l->rss_hash = offsetof(struct rte_mbuf, hash.rss);
	l->next = offsetof(struct rte_mbuf, next);
	l->timestamp_offset = pdk_ts_offset;
	l->rss_hash_flag = RTE_MBUF_F_RX_RSS_HASH;
	l->timestamp_flag = pdk_ts_flag;
	return PDK_OK;
}
