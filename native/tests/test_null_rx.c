/*
 * test_null_rx - the whole ABI against net_null: lookup, setup with two RSS queues, burst
 * receive into the flat array, bulk free, stats and xstats agreeing with what was received, a
 * registered managed-style poll thread, the mbuf layout export, keeping pools whose mbufs are
 * still held, close, cleanup, and nothing left behind.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "pdk_test.h"

#define BURSTS 200

struct rx_count {
	uint64_t packets;
	uint64_t bad;
};

static int64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void receive(uint16_t port, uint16_t queue, int bursts, struct rx_count *count)
{
	struct pdk_rx_pkt pkts[PDK_DEFAULT_BURST];
	void *mbufs[PDK_DEFAULT_BURST];
	uint8_t copy[128];

	for (int b = 0; b < bursts; b++) {
		/* CLOCK_REALTIME, the clock the shim stamps with: time() reads the coarse clock, whose
		 * second lags CLOCK_REALTIME's for a few milliseconds after each second boundary. */
		int64_t before = realtime_ns() / 1000000000;
		uint16_t n = pdk_rx_burst(port, queue, pkts, mbufs, PDK_DEFAULT_BURST, NULL);
		int64_t after = realtime_ns() / 1000000000;

		for (uint16_t i = 0; i < n; i++) {
			const struct pdk_rx_pkt *p = &pkts[i];
			/* net_null delivers 64-byte frames with no hash and no timestamp: they carry
			 * the time of their burst. */
			bool ok = p->data != NULL && p->data_len == 64 && p->pkt_len == 64 &&
				p->flags == 0 && p->ts_sec == pkts[0].ts_sec && p->ts_nsec == pkts[0].ts_nsec &&
				p->ts_sec >= before && p->ts_sec <= after && p->ts_nsec < 1000000000u &&
				p->rss_hash == 0 &&
				pdk_mbuf_copy(mbufs[i], 0, copy, sizeof(copy)) == 64 &&
				memcmp(copy, p->data, 64) == 0 &&
				p->data == rte_pktmbuf_mtod((struct rte_mbuf *)mbufs[i], uint8_t *);

			count->bad += !ok;
		}
		count->packets += n;
		pdk_free_bulk(mbufs, n);
	}
}

/*
 * Unstamped bursts carry the time they were received: between CLOCK_REALTIME read just before
 * and just after the call, within BURST_TIME_SLACK_NS (the TSC extrapolation between the shim's
 * clock reads, see pdk_clock.c). Bursts come back to back and with pauses, so both the
 * extrapolated stamps and the re-read ones are checked. Returns the bursts out of bounds; adds
 * the packets received to *packets.
 */
#define BURST_TIME_SLACK_NS 1000
static uint64_t bursts_off_the_clock(uint16_t port, uint16_t queue, int bursts, int64_t *worst,
		uint64_t *packets)
{
	struct pdk_rx_pkt pkts[PDK_DEFAULT_BURST];
	void *mbufs[PDK_DEFAULT_BURST];
	uint64_t off = 0;

	*worst = 0;
	for (int b = 0; b < bursts; b++) {
		int64_t before = realtime_ns();
		uint16_t n = pdk_rx_burst(port, queue, pkts, mbufs, PDK_DEFAULT_BURST, NULL);
		int64_t after = realtime_ns();

		if (n > 0) {
			int64_t t = pkts[0].ts_sec * 1000000000 + (int64_t)pkts[0].ts_nsec;
			int64_t miss = t < before ? before - t : t > after ? t - after : 0;

			off += miss > BURST_TIME_SLACK_NS || pkts[0].ts_nsec >= 1000000000u;
			*worst = miss > *worst ? miss : *worst;
		}
		pdk_free_bulk(mbufs, n);
		*packets += n;
		if (b % 64 == 63) {
			struct timespec pause = { 0, 150000 }; /* longer than the shim's resync interval */
			nanosleep(&pause, NULL);
		}
	}
	return off;
}

struct thread_result {
	uint16_t port;
	int32_t lcore_registered;
	int32_t lcore_seen;
	int32_t lcore_after_unregister;
	int32_t bench_rc;
	uint64_t packets;
	char err[PDK_ERR_CAP_RECOMMENDED];
};

/* What a managed poll thread does: register, poll, unregister. */
static void *poll_thread(void *arg)
{
	struct thread_result *r = arg;
	uint64_t ns = 0;

	r->lcore_registered = pdk_thread_register(r->err, sizeof(r->err));
	r->lcore_seen = pdk_lcore_id();
	r->bench_rc = pdk_bench_rx(r->port, 1, 0.05, PDK_BENCH_FLAT, &r->packets, &ns);
	pdk_thread_unregister();
	r->lcore_after_unregister = pdk_lcore_id();
	return NULL;
}

static int32_t find_xstat(const char *names, int32_t n, const char *name)
{
	for (int32_t i = 0; i < n; i++)
		if (strcmp(names + (size_t)i * PDK_XSTAT_NAME_SIZE, name) == 0)
			return i;
	return -1;
}

int main(void)
{
	static const char *const vdevs[] = { "--vdev=net_null0", "--vdev=net_null1" };
	char err[PDK_ERR_CAP_RECOMMENDED];
	struct pdk_port_info info;
	struct pdk_port_conf conf = { .nb_rx_queues = 2, .nb_mbufs = 4095 };
	struct pdk_port_stats st;
	struct pdk_mbuf_layout layout;
	struct rx_count q0 = { 0 }, q1 = { 0 };
	struct thread_result tr = { 0 };
	uint16_t p0, p1;
	pthread_t thread;
	int32_t rc, nx;
	uint64_t value = 0;

	REQUIRE(pdk_test_init(2, vdevs, err, sizeof(err)) == PDK_OK, "pdk_init: %s", err);
	CHECK(pdk_abi_version() == PDK_ABI_VERSION, "abi %d", pdk_abi_version());
	CHECK(pdk_port_count() == 2, "ports %d", pdk_port_count());
	REQUIRE(pdk_port_by_name("net_null0", &p0, err, sizeof(err)) == PDK_OK, "%s", err);
	REQUIRE(pdk_port_by_name("net_null1", &p1, err, sizeof(err)) == PDK_OK, "%s", err);
	CHECK(p0 != p1, "distinct ports");

	CHECK(pdk_port_info(p0, &info) == PDK_OK, "info");
	CHECK(strcmp(info.name, "net_null0") == 0, "name %s", info.name);
	CHECK(strcmp(info.driver, "net_null") == 0, "driver %s", info.driver);
	CHECK(info.nb_rx_queues == 0 && info.flags == 0, "not set up yet: %u %#x",
		info.nb_rx_queues, info.flags);
	CHECK(info.max_rx_queues >= 2, "max_rx_queues %u", info.max_rx_queues);

	rc = pdk_port_setup(p0, &conf, &info, err, sizeof(err));
	REQUIRE(rc == PDK_OK, "setup: %d %s", rc, err);
	CHECK(info.flags & PDK_INFO_SET_UP, "flags %#x", info.flags);
	CHECK(info.nb_rx_queues == 2, "nb_rx_queues %u", info.nb_rx_queues);
	CHECK(info.timestamp_source == PDK_TS_NONE, "ts source %u", info.timestamp_source);
	/* RSS is on exactly when the device offers one of IP/TCP/UDP hashing. */
	CHECK(!!(info.flags & PDK_INFO_RSS) == (info.rss_hf != 0), "rss flag vs rss_hf");
	CHECK(info.rss_hf == (info.flow_type_rss_offloads &
		(RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP)),
		"rss_hf %#llx", (unsigned long long)info.rss_hf);
	CHECK(pdk_port_setup(p0, &conf, NULL, err, sizeof(err)) == PDK_E_PORT_STATE,
		"second setup refused");

	/* The thread that called pdk_init is EAL's main lcore. */
	CHECK(pdk_thread_register(err, sizeof(err)) == 0, "main lcore: %s", err);
	CHECK(pdk_lcore_id() == 0, "lcore %d", pdk_lcore_id());

	receive(p0, 0, BURSTS, &q0);
	receive(p0, 1, BURSTS, &q1);
	CHECK(q0.packets == (uint64_t)BURSTS * PDK_DEFAULT_BURST, "q0 %llu",
		(unsigned long long)q0.packets);
	CHECK(q1.packets == (uint64_t)BURSTS * PDK_DEFAULT_BURST, "q1 %llu",
		(unsigned long long)q1.packets);
	CHECK(q0.bad == 0 && q1.bad == 0, "bad packets %llu %llu", (unsigned long long)q0.bad,
		(unsigned long long)q1.bad);
	{
		int64_t worst = 0;
		uint64_t off = bursts_off_the_clock(p0, 0, 20000, &worst, &q0.packets);

		CHECK(off == 0, "%llu of 20000 bursts stamped outside the time of their call "
			"(worst by %lld ns)", (unsigned long long)off, (long long)worst);
	}

	CHECK(pdk_port_stats(p0, &st) == PDK_OK, "stats");
	CHECK(st.ipackets == q0.packets + q1.packets, "ipackets %llu",
		(unsigned long long)st.ipackets);
	CHECK(st.q_ipackets[0] == q0.packets && st.q_ipackets[1] == q1.packets,
		"q_ipackets %llu %llu", (unsigned long long)st.q_ipackets[0],
		(unsigned long long)st.q_ipackets[1]);
	CHECK(st.imissed == 0 && st.ierrors == 0 && st.rx_nombuf == 0, "no losses");

	nx = pdk_xstats_names(p0, NULL, 0);
	CHECK(nx > 0, "xstats count %d", nx);
	if (nx > 0) {
		char *names = calloc((size_t)nx, PDK_XSTAT_NAME_SIZE);
		uint64_t *values = calloc((size_t)nx, sizeof(uint64_t));
		int32_t good, q0x;

		CHECK(pdk_xstats_names(p0, names, (uint32_t)nx) == nx, "names");
		CHECK(pdk_xstats_values(p0, values, (uint32_t)nx) == nx, "values");
		good = find_xstat(names, nx, "rx_good_packets");
		q0x = find_xstat(names, nx, "rx_q0_packets");
		CHECK(good >= 0 && values[good] == st.ipackets, "rx_good_packets");
		CHECK(q0x >= 0 && values[q0x] == q0.packets, "rx_q0_packets");
		free(names);
		free(values);
	}
	CHECK(pdk_xstat_by_name(p0, "rx_good_packets", &value) == PDK_OK &&
		value == st.ipackets, "xstat by name %llu", (unsigned long long)value);
	CHECK(pdk_xstat_by_name(p0, "no_such_counter", &value) == PDK_E_NOT_FOUND, "unknown xstat");
	CHECK(pdk_port_stats_reset(p0) == PDK_OK && pdk_port_stats(p0, &st) == PDK_OK &&
		st.ipackets == 0, "reset");

	/* Ids that are not set up never reach DPDK. */
	{
		struct pdk_rx_pkt pkts[4];
		void *mbufs[4];

		CHECK(pdk_rx_burst(p0, 2, pkts, mbufs, 4, NULL) == 0, "queue 2 not set up");
		CHECK(pdk_rx_burst(PDK_MAX_PORTS - 1, 0, pkts, mbufs, 4, NULL) == 0, "port not set up");
		CHECK(pdk_rx_burst(UINT16_MAX, 0, pkts, mbufs, 4, NULL) == 0, "port out of range");
	}

	/* The layout export agrees with the mbufs the burst returned. */
	CHECK(pdk_mbuf_layout(&layout) == PDK_OK, "layout");
	CHECK(layout.timestamp_offset >= (int32_t)sizeof(struct rte_mbuf) / 2 &&
		layout.timestamp_flag != 0, "timestamp dynfield registered at setup");
	{
		struct pdk_rx_pkt pkts[PDK_DEFAULT_BURST];
		void *mbufs[PDK_DEFAULT_BURST];
		uint16_t n = pdk_rx_burst(p0, 0, pkts, mbufs, PDK_DEFAULT_BURST, NULL);

		CHECK(n > 0, "burst for the layout check");
		for (uint16_t i = 0; i < n; i++) {
			const uint8_t *m = mbufs[i];
			const uint8_t *data = *(uint8_t *const *)(m + layout.buf_addr) +
				*(const uint16_t *)(m + layout.data_off);

			CHECK(data == pkts[i].data, "data via layout");
			CHECK(*(const uint16_t *)(m + layout.data_len) == pkts[i].data_len, "data_len");
			CHECK(*(const uint32_t *)(m + layout.pkt_len) == pkts[i].pkt_len, "pkt_len");
			CHECK(*(const uint16_t *)(m + layout.nb_segs) == 1, "nb_segs");
		}
		pdk_free_bulk(mbufs, n);
	}

	/* A second thread registers, polls queue 1 and unregisters, as a managed poll thread. */
	tr.port = p0;
	CHECK(pthread_create(&thread, NULL, poll_thread, &tr) == 0, "pthread_create");
	pthread_join(thread, NULL);
	CHECK(tr.lcore_registered > 0, "registered lcore %d: %s", tr.lcore_registered, tr.err);
	CHECK(tr.lcore_seen == tr.lcore_registered, "lcore id %d", tr.lcore_seen);
	CHECK(tr.bench_rc == PDK_OK && tr.packets > 0, "bench on thread %d %llu", tr.bench_rc,
		(unsigned long long)tr.packets);
	CHECK(tr.lcore_after_unregister == -1, "unregistered %d", tr.lcore_after_unregister);

	/* Closing a port while the application holds its mbufs keeps the pools alive. */
	{
		struct pdk_port_conf one = { .nb_rx_queues = 1, .nb_mbufs = 1023 };
		struct pdk_rx_pkt pkts[8];
		void *held[8];
		uint16_t n;

		rc = pdk_port_setup(p1, &one, NULL, err, sizeof(err));
		CHECK(rc == PDK_OK, "setup p1: %s", err);
		n = pdk_rx_burst(p1, 0, pkts, held, 8, NULL);
		CHECK(n == 8, "held %u", n);
		rc = pdk_port_stop_close(p1, err, sizeof(err));
		CHECK(rc == PDK_OK, "close with mbufs out: %d %s", rc, err);
		/* The pool was kept: the held mbufs are still valid and can be copied and freed. */
		{
			uint8_t copy[64];

			CHECK(pdk_mbuf_copy(held[7], 0, copy, 64) == 64 &&
				memcmp(copy, pkts[7].data, 64) == 0, "held data readable");
		}
		pdk_free_bulk(held, n);
	}

	CHECK(pdk_port_stop_close(p0, err, sizeof(err)) == PDK_OK, "close p0: %s", err);
	{
		struct pdk_rx_pkt pkts[4];
		void *mbufs[4];

		CHECK(pdk_rx_burst(p0, 0, pkts, mbufs, 4, NULL) == 0, "closed port returns nothing");
	}
	CHECK(pdk_port_stop_close(p0, err, sizeof(err)) == PDK_E_PORT_STATE, "double close");

	rc = pdk_cleanup(err, sizeof(err));
	CHECK(rc == PDK_OK, "cleanup: %d %s", rc, err);
	CHECK(pdk_cleanup(err, sizeof(err)) == PDK_E_ALREADY, "second cleanup");
	CHECK(pdk_test_init(0, NULL, err, sizeof(err)) == PDK_E_ALREADY &&
		strstr(err, "new process") != NULL, "re-init: %s", err);
	CHECK(pdk_test_no_leftovers(pdk_test_default_prefix()), "no leftovers");
	return pdk_test_finish();
}
