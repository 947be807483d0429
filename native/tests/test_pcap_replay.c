/*
 * test_pcap_replay FILE... - every packet of each capture file, replayed by a net_pcap vdev
 * (infinite_rx=0), arrives through pdk_rx_burst once, in order, with the bytes, lengths and
 * timestamps that libpcap itself reads from the same file (the oracle), and the port's stats
 * count exactly the file. Nothing may be lost at start (the shim never flushes rx queues).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcap/pcap.h>

#include "pdk_test.h"

#define MAX_FILES 8
/* net_pcap delivers the whole file within milliseconds; this only bounds a broken run. */
#define REPLAY_TIMEOUT_S 10

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Replays one port and compares it with libpcap's reading of the file. */
static void check_file(uint16_t port, const char *file)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	/* Microsecond precision, as net_pcap opens the file (pcap_open_offline): a nanosecond
	 * file's timestamps are rounded down the same way on both sides. */
	pcap_t *oracle = pcap_open_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_MICRO,
		errbuf);
	struct pdk_rx_pkt pkts[PDK_DEFAULT_BURST];
	void *mbufs[PDK_DEFAULT_BURST];
	struct pdk_port_stats st;
	uint64_t index = 0, bytes = 0, mismatches = 0, truncated = 0;
	static uint8_t frame[1 << 18];
	double deadline = now_s() + REPLAY_TIMEOUT_S;
	int expected_packets = 0;

	CHECK(oracle != NULL, "libpcap cannot open %s: %s", file, errbuf);
	if (oracle == NULL)
		return;
	while (now_s() < deadline) {
		uint32_t burst_flags = UINT32_MAX, all_flags = 0;
		uint16_t n = pdk_rx_burst(port, 0, pkts, mbufs, PDK_DEFAULT_BURST, &burst_flags);

		for (uint16_t i = 0; i < n; i++)
			all_flags |= pkts[i].flags;
		CHECK(burst_flags == all_flags, "%s: burst flags %#x, the packets' OR %#x", file, burst_flags, all_flags);
		for (uint16_t i = 0; i < n; i++, index++) {
			struct pcap_pkthdr *h;
			const u_char *bytes_oracle;
			const struct pdk_rx_pkt *p = &pkts[i];
			uint64_t want_ns;
			uint32_t want_len;
			int got;

			if (pcap_next_ex(oracle, &h, &bytes_oracle) != 1) {
				CHECK(0, "%s: packet %" PRIu64 " beyond the file's end", file, index);
				mismatches++;
				continue;
			}
			want_ns = ((uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec) * 1000u;
			got = pdk_mbuf_copy(mbufs[i], 0, frame, sizeof(frame));
			/* Records over 65535 bytes come out of net_pcap cut short (a DPDK 22.11
			 * defect): the shim must flag them and hand over the bytes that are there,
			 * which are the frame's first bytes. Any other record must be whole. */
			want_len = h->caplen;
			if (p->flags & PDK_PKT_TRUNCATED) {
				truncated++;
				if (h->caplen <= 65535 || got <= 0 || (uint32_t)got >= h->caplen) {
					mismatches++;
					CHECK(0, "%s: packet %" PRIu64 " flagged truncated: caplen %u "
						"copied %d", file, index, h->caplen, got);
				}
				want_len = got > 0 ? (uint32_t)got : 0;
			}
			if (p->pkt_len != h->caplen || (uint32_t)got != want_len ||
					memcmp(frame, bytes_oracle, want_len) != 0 ||
					memcmp(p->data, bytes_oracle, p->data_len) != 0 ||
					p->data_len > p->pkt_len ||
					!!(p->flags & PDK_PKT_MULTI_SEG) != (p->data_len < p->pkt_len) ||
					!(p->flags & PDK_PKT_TIMESTAMP) || p->ts_nsec >= 1000000000u ||
					(uint64_t)p->ts_sec * 1000000000u + p->ts_nsec != want_ns) {
				if (mismatches++ < 5)
					CHECK(0, "%s: packet %" PRIu64 ": pkt_len %u data_len %u copied %d "
						"flags %#x ts %" PRIu64 "; libpcap caplen %u ts %" PRIu64,
						file, index, p->pkt_len, p->data_len, got, p->flags,
						(uint64_t)p->ts_sec * 1000000000u + p->ts_nsec, h->caplen, want_ns);
			}
			bytes += h->caplen;
		}
		pdk_free_bulk(mbufs, n);
		if (n == 0 && index > 0) {
			/* The file is done once a few polls in a row bring nothing. */
			int idle = 0;

			while (idle < 100 && pdk_rx_burst(port, 0, pkts, mbufs, 1, NULL) == 0)
				idle++;
			if (idle == 100)
				break;
			/* A packet after a pause: account for it on the next round. */
			pdk_free_bulk(mbufs, 1);
			CHECK(0, "%s: a packet arrived after a pause of 100 empty polls", file);
		}
	}
	{
		struct pcap_pkthdr *h;
		const u_char *b;

		expected_packets = (int)index;
		while (pcap_next_ex(oracle, &h, &b) == 1)
			expected_packets++;
	}
	CHECK(index == (uint64_t)expected_packets && index > 0,
		"%s: received %" PRIu64 " of %d packets", file, index, expected_packets);
	CHECK(mismatches == 0, "%s: %" PRIu64 " packets differ from libpcap's reading", file,
		mismatches);
	CHECK(pdk_port_stats(port, &st) == PDK_OK && st.ipackets == index && st.ibytes == bytes &&
		st.ierrors == 0 && st.rx_nombuf == 0,
		"%s: stats ipackets %" PRIu64 " ibytes %" PRIu64 " (want %" PRIu64 " / %" PRIu64 ") "
		"ierrors %" PRIu64 " rx_nombuf %" PRIu64, file, st.ipackets, st.ibytes, index, bytes,
		st.ierrors, st.rx_nombuf);
	printf("%s: %" PRIu64 " packets, %" PRIu64 " bytes, as libpcap reads them (%" PRIu64
		" longer than 65535 bytes flagged truncated)\n", file, index, bytes, truncated);
	pcap_close(oracle);
}

int main(int argc, char **argv)
{
	char err[PDK_ERR_CAP_RECOMMENDED], vdev_args[MAX_FILES][1200], names[MAX_FILES][32];
	const char *extra[MAX_FILES];
	int nfiles = argc - 1;

	REQUIRE(nfiles >= 1 && nfiles <= MAX_FILES, "usage: %s FILE... (1..%d files)", argv[0],
		MAX_FILES);
	for (int i = 0; i < nfiles; i++) {
		FILE *f = fopen(argv[i + 1], "rb");

		REQUIRE(f != NULL, "capture file %s is missing (is the corpus beside the repository?)",
			argv[i + 1]);
		fclose(f);
		snprintf(names[i], sizeof(names[i]), "net_pcap%d", i);
		snprintf(vdev_args[i], sizeof(vdev_args[i]), "--vdev=%s,rx_pcap=%s", names[i],
			argv[i + 1]);
		extra[i] = vdev_args[i];
	}
	REQUIRE(pdk_test_init(nfiles, extra, err, sizeof(err)) == PDK_OK, "pdk_init: %s", err);
	for (int i = 0; i < nfiles; i++) {
		struct pdk_port_conf conf = { .nb_rx_queues = 1, .nb_mbufs = 8191 };
		struct pdk_port_info info;
		uint16_t port;
		int32_t rc;

		rc = pdk_port_by_name(names[i], &port, err, sizeof(err));
		CHECK(rc == PDK_OK, "%s: %s", names[i], err);
		if (rc != PDK_OK)
			continue;
		rc = pdk_port_setup(port, &conf, &info, err, sizeof(err));
		CHECK(rc == PDK_OK, "setup %s: %s", names[i], err);
		if (rc != PDK_OK)
			continue;
		CHECK(info.timestamp_source == PDK_TS_NS, "net_pcap timestamps in ns: %u",
			info.timestamp_source);
		check_file(port, argv[i + 1]);
		CHECK(pdk_port_stop_close(port, err, sizeof(err)) == PDK_OK, "close: %s", err);
	}
	CHECK(pdk_cleanup(err, sizeof(err)) == PDK_OK, "cleanup: %s", err);
	CHECK(pdk_test_no_leftovers(pdk_test_default_prefix()), "no leftovers");
	return pdk_test_finish();
}
