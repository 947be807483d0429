/*
 * probe_dpdk.h - the ABI of libprobe_dpdk.so, the C shim between the appliance's managed rx
 * poll loops and DPDK 22.11.
 *
 * Shape of the ABI (so that C# can mirror it with LibraryImport and blittable structs):
 *   - every export is prefixed pdk_, uses only fixed-width integers, double, char* (UTF-8,
 *     NUL-terminated) and pointers to the structs below; no callbacks, no varargs;
 *   - every struct has a fixed layout with natural alignment and no implicit padding; its size
 *     and field offsets are static_asserted in pdk_abi_asserts.c and checked by the ctest
 *     test_abi_layout, so a C# mirror can be written from the offsets printed in comments;
 *   - fallible calls return int32_t: >= 0 is success (a count or an id where documented), < 0 is
 *     one of enum pdk_status. Control-plane calls also take (char *err, uint32_t err_cap): on
 *     failure they write a NUL-terminated message there saying what went wrong, DPDK's own text
 *     (rte_strerror and the EAL log lines of the failing step) and what to do. err may be NULL.
 *   - PDK_ABI_VERSION changes whenever anything below changes; check pdk_abi_version() at load.
 *
 * Threads: control-plane calls (init, port setup/close, cleanup) must not run concurrently with
 * each other, nor while any thread polls a port they touch. Stats calls may run at any time
 * after pdk_port_setup succeeded and before pdk_port_stop_close. Each (port, queue) pair must be
 * polled by at most one thread at a time. Poll threads should call pdk_thread_register() first:
 * an unregistered thread has no mempool cache and runs about a third slower.
 *
 * Calls marked [FAST] are sub-microsecond for bursts of up to 32 packets, never sleep, take no
 * lock and never call back into managed code: they are the only ones fit for
 * SuppressGCTransition. Every other call may sleep, allocate, take locks or write logs.
 */
#ifndef PROBE_DPDK_H
#define PROBE_DPDK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PDK_BUILDING_LIBRARY)
#define PDK_EXPORT __attribute__((visibility("default")))
#else
#define PDK_EXPORT
#endif

/* Bump on any change to a signature, struct layout or constant in this file. */
#define PDK_ABI_VERSION 2

/* ---------------------------------------------------------------------------------------- */
/* Status codes (negative int32_t returns)                                                  */
/* ---------------------------------------------------------------------------------------- */
enum pdk_status {
	PDK_OK = 0,
	PDK_E_INVALID_ARG = -1,       /* NULL pointer, zero count, value out of range */
	PDK_E_ALREADY = -2,           /* EAL already initialised, or already cleaned up */
	PDK_E_NOT_INITIALISED = -3,   /* pdk_init has not succeeded (or pdk_cleanup ran) */
	PDK_E_NO_HUGEPAGES = -4,      /* none reserved, or none free, for EAL itself */
	PDK_E_HUGETLBFS = -5,         /* hugetlbfs not mounted (only needed without --in-memory) */
	PDK_E_NO_SUCH_CORE = -6,      /* -l / -c / --main-lcore names a cpu this process cannot use */
	PDK_E_EAL = -7,               /* rte_eal_init failed for another reason (bad --vdev, ...) */
	PDK_E_NO_SUCH_PORT = -8,      /* no ethdev with that name or index */
	PDK_E_TOO_MANY_QUEUES = -9,   /* more rx queues than the device has */
	PDK_E_MEMPOOL = -10,          /* not enough hugepage memory for the configured mempool */
	PDK_E_PORT_CONFIG = -11,      /* rte_eth_dev_configure / queue setup / start failed */
	PDK_E_PORT_STATE = -12,       /* port not set up, already set up, or mbufs still held */
	PDK_E_THREAD = -13,           /* rte_thread_register / affinity failed */
	PDK_E_NOT_FOUND = -14,        /* xstat name not found */
	PDK_E_DPDK = -15,             /* another DPDK call failed; message has rte_strerror */
};

/* ---------------------------------------------------------------------------------------- */
/* Sizes mirrored from DPDK (each static_asserted against DPDK's own constant)              */
/* ---------------------------------------------------------------------------------------- */
#define PDK_NAME_SIZE 64               /* == RTE_ETH_NAME_MAX_LEN, port and driver names */
#define PDK_XSTAT_NAME_SIZE 64         /* == RTE_ETH_XSTATS_NAME_SIZE */
#define PDK_QUEUE_STAT_COUNTERS 16     /* == RTE_ETHDEV_QUEUE_STAT_CNTRS */
#define PDK_MAX_PORTS 32               /* == RTE_MAX_ETHPORTS */
#define PDK_MAX_QUEUES 1024            /* == RTE_MAX_QUEUES_PER_PORT */
#define PDK_DEFAULT_BURST 32           /* the burst size pdk_bench_rx and testpmd use */
#define PDK_ERR_CAP_RECOMMENDED 2048   /* an err buffer this large never truncates in practice */

/* ---------------------------------------------------------------------------------------- */
/* Version and EAL lifetime                                                                 */
/* ---------------------------------------------------------------------------------------- */

/* [FAST] Returns PDK_ABI_VERSION of the loaded library. */
PDK_EXPORT int32_t pdk_abi_version(void);

/*
 * Initialises DPDK's EAL once per process.
 *
 * argv holds the EAL arguments WITHOUT a program name (the shim supplies argv[0]), e.g.
 * {"-l", "0", "--no-pci", "--vdev=net_pcap0,rx_pcap=/x.pcap"}. The strings are copied.
 * The shim adds, when the caller did not say otherwise:
 *   --in-memory                 unless --in-memory, --file-prefix, --no-shconf or --proc-type is
 *                               given: no hugepage files and no /var/run/dpdk state survive a
 *                               crash;
 *   --file-prefix=pdk<pid>      unless --file-prefix is given: processes never collide on
 *                               /var/run/dpdk/<prefix> (DPDK 22.11's telemetry socket there
 *                               makes a second process with the same prefix fail).
 * Before calling EAL it checks, for a better message than EAL's own: free hugepages (unless
 * --no-huge), a mounted hugetlbfs (unless --in-memory or --no-huge), that every core in -l/-c/
 * --main-lcore is usable by this process, and that EAL's log can be captured.
 *
 * EAL's log goes to stderr as usual and is also kept in a ring buffer, so that every err
 * message below can quote the lines of the step that failed.
 *
 * Returns PDK_OK, or PDK_E_NO_HUGEPAGES / PDK_E_HUGETLBFS / PDK_E_NO_SUCH_CORE / PDK_E_EAL /
 * PDK_E_ALREADY / PDK_E_INVALID_ARG with err filled. EAL cannot be initialised twice in a
 * process, even after a failure: the process should report err and exit non-zero.
 */
PDK_EXPORT int32_t pdk_init(int32_t argc, const char *const *argv, char *err, uint32_t err_cap);

/*
 * Stops and closes every port still set up (see pdk_port_stop_close), calls rte_eal_cleanup
 * and removes this process's /var/run/dpdk/<prefix> directory if it is empty. After it no other
 * pdk_ call but pdk_abi_version is valid. Returns PDK_OK or a negative status with err filled
 * (the cleanup still goes as far as it can).
 */
PDK_EXPORT int32_t pdk_cleanup(char *err, uint32_t err_cap);

/* ---------------------------------------------------------------------------------------- */
/* Ports                                                                                     */
/* ---------------------------------------------------------------------------------------- */

/* Number of ethdev ports EAL probed (rte_eth_dev_count_avail), or a negative status. */
PDK_EXPORT int32_t pdk_port_count(void);

/*
 * Looks up a port by its ethdev name: a vdev's name as given to --vdev ("net_pcap0",
 * "net_af_xdp1", ...) or a PCI address. Writes the port id to *port_id. On PDK_E_NO_SUCH_PORT
 * err lists the ports that exist and quotes EAL's log lines that mention the name (a vdev whose
 * probe failed, e.g. an rx_pcap file that cannot be opened, shows up there).
 */
PDK_EXPORT int32_t pdk_port_by_name(const char *name, uint16_t *port_id, char *err,
		uint32_t err_cap);

/* Adds a virtual device after pdk_init (rte_dev_probe), e.g. "net_pcap1,rx_pcap=FILE", and returns
 * its port id. Devices given with --vdev at init need not be probed again. */
PDK_EXPORT int32_t pdk_vdev_probe(const char *devargs, uint16_t *port_id, char *err,
		uint32_t err_cap);

/* pdk_port_info.timestamp_source */
enum pdk_timestamp_source {
	PDK_TS_NONE = 0,   /* the driver delivers no rx timestamps */
	PDK_TS_NS = 1,     /* wall-clock ns since the Unix epoch (net_pcap: the file's timestamps,
			      which the driver reads at microsecond resolution) */
	PDK_TS_RAW = 2,    /* device clock ticks, unit unknown to the shim (rx timestamp offload on a
			      NIC): PDK_PKT_TIMESTAMP_RAW is set instead of PDK_PKT_TIMESTAMP */
};

/* pdk_port_info.flags */
enum pdk_port_info_flags {
	PDK_INFO_SET_UP = 1u << 0,        /* pdk_port_setup succeeded and the port is started */
	PDK_INFO_RSS = 1u << 1,           /* RSS spreads packets over the rx queues (rss_hf != 0) */
	PDK_INFO_RSS_HASH = 1u << 2,      /* the rss hash is delivered in each packet */
	PDK_INFO_PROMISC = 1u << 3,       /* promiscuous mode is on */
	PDK_INFO_TS_OFFLOAD = 1u << 4,    /* RTE_ETH_RX_OFFLOAD_TIMESTAMP enabled */
	PDK_INFO_SCATTER = 1u << 5,       /* multi-segment rx enabled (frames larger than an mbuf) */
};

/*
 * What the shim knows about a port. Layout (bytes): name 0, driver 64, port_id 128,
 * max_rx_queues 130, nb_rx_queues 132, socket_id 136, flags 140, timestamp_source 144,
 * if_index 148, rx_offload_capa 152, flow_type_rss_offloads 160, rss_hf 168, mac 176,
 * reserved 182; size 184.
 */
struct pdk_port_info {
	char name[PDK_NAME_SIZE];            /* ethdev name, e.g. "net_pcap0" */
	char driver[PDK_NAME_SIZE];          /* driver name, e.g. "net_pcap" */
	uint16_t port_id;
	uint16_t max_rx_queues;              /* dev_info.max_rx_queues */
	uint16_t nb_rx_queues;               /* configured rx queues, 0 before pdk_port_setup */
	uint16_t reserved0;
	int32_t socket_id;                   /* NUMA socket, -1 if unknown */
	uint32_t flags;                      /* enum pdk_port_info_flags */
	uint32_t timestamp_source;           /* enum pdk_timestamp_source (valid once set up) */
	uint32_t if_index;                   /* kernel interface index, 0 for none */
	uint64_t rx_offload_capa;            /* dev_info.rx_offload_capa (RTE_ETH_RX_OFFLOAD_*) */
	uint64_t flow_type_rss_offloads;     /* dev_info.flow_type_rss_offloads (RTE_ETH_RSS_*) */
	uint64_t rss_hf;                     /* RSS hash functions in effect, 0 without RSS */
	uint8_t mac[6];
	uint8_t reserved1[2];
};

/* Fills *info for a port id (0 .. pdk_port_count()-1 for probed ports). PDK_E_NO_SUCH_PORT if
 * the id is not a valid port. */
PDK_EXPORT int32_t pdk_port_info(uint16_t port_id, struct pdk_port_info *info);

/* pdk_port_conf.flags */
enum pdk_port_conf_flags {
	PDK_PORT_NO_PROMISC = 1u << 0,    /* leave promiscuous mode as it is */
	PDK_PORT_NO_RSS = 1u << 1,        /* do not configure RSS even with several queues */
	PDK_PORT_NO_TIMESTAMP = 1u << 2,  /* do not enable the rx timestamp offload */
};

/*
 * Port configuration. Zero in any field means "the default" given in brackets.
 * Layout (bytes): nb_rx_queues 0, nb_rx_desc 2, nb_mbufs 4, mbuf_cache_size 8,
 * mbuf_data_room 12, flags 16, reserved 20; size 24.
 */
struct pdk_port_conf {
	uint16_t nb_rx_queues;     /* rx queues [1]; at most pdk_port_info.max_rx_queues */
	uint16_t nb_rx_desc;       /* descriptors per rx queue [1024], adjusted to the device */
	uint32_t nb_mbufs;         /* mbufs in each queue's mempool [16383]. net_pcap with
				      infinite_rx=1 needs more than the file has packets. */
	uint32_t mbuf_cache_size;  /* per-lcore mempool cache [256], at most 512 */
	uint32_t mbuf_data_room;   /* bytes per mbuf including 128 headroom [2176] */
	uint32_t flags;            /* enum pdk_port_conf_flags */
	uint32_t reserved;         /* must be 0 (mempools go on the port's NUMA socket) */
};

/*
 * Configures and starts a port: nb_rx_queues rx queues (and as many tx queues as the device
 * allows, unused: some drivers refuse rx without tx), one mempool per rx queue on hugepages
 * ("pdk_p<port>_q<queue>"), RSS over IPv4/IPv6 + TCP + UDP when nb_rx_queues > 1 and the
 * device supports it (masked with dev_info.flow_type_rss_offloads), RSS hash delivery and the rx
 * timestamp offload when the device supports them, multi-segment rx when supported,
 * promiscuous mode. Never flushes the rx queues: the first packet a device delivers is the
 * first one pdk_rx_burst returns (net_pcap replays a file from its first record).
 * info (may be NULL) receives pdk_port_info after start.
 * Errors: PDK_E_NO_SUCH_PORT, PDK_E_PORT_STATE (already set up), PDK_E_TOO_MANY_QUEUES,
 * PDK_E_MEMPOOL (with the pages needed and the echo ... > /proc/sys/vm/nr_hugepages to run),
 * PDK_E_PORT_CONFIG (with the driver's log lines), PDK_E_INVALID_ARG.
 */
PDK_EXPORT int32_t pdk_port_setup(uint16_t port_id, const struct pdk_port_conf *conf,
		struct pdk_port_info *info, char *err, uint32_t err_cap);

/*
 * Stops and closes a port set up by pdk_port_setup, then frees its mempools. No thread may poll
 * the port meanwhile, and the caller should have freed every mbuf it received (pdk_free_bulk).
 * Mempools that still have mbufs out (held by the caller, or kept by a driver: net_af_xdp keeps
 * its fill ring's) are not freed but kept until pdk_cleanup, so held packet data stays readable
 * rather than becoming freed memory. After close the port id is gone (vdev ports are released).
 */
PDK_EXPORT int32_t pdk_port_stop_close(uint16_t port_id, char *err, uint32_t err_cap);

/* ---------------------------------------------------------------------------------------- */
/* Receive                                                                                   */
/* ---------------------------------------------------------------------------------------- */

/* pdk_rx_pkt.flags */
enum pdk_pkt_flags {
	PDK_PKT_RSS_HASH = 1u << 0,       /* rss_hash is valid */
	PDK_PKT_TIMESTAMP = 1u << 1,      /* ts_sec/ts_nsec are the device's rx timestamp */
	PDK_PKT_TIMESTAMP_RAW = 1u << 2,  /* the device stamped the packet in clock ticks the shim
					     cannot convert: ts_sec/ts_nsec are the burst's time */
	PDK_PKT_MULTI_SEG = 1u << 3,      /* pkt_len > data_len: the rest is in further segments,
					     read it with pdk_mbuf_copy */
	PDK_PKT_TRUNCATED = 1u << 4,      /* the segments hold fewer than pkt_len bytes (a driver
					     defect: net_pcap of DPDK 22.11 keeps only pkt_len mod
					     65536 bytes of records over 65535 bytes). pkt_len is
					     the frame's length; pdk_mbuf_copy returns the bytes
					     there are: treat them as captured, pkt_len as wire. */
};

/*
 * One received packet, exactly as the managed poll loop takes it (its RxPacket struct has this
 * layout, so a burst lands in the managed array with no conversion). Layout (bytes): data 0,
 * data_len 8, pkt_len 12, ts_sec 16, ts_nsec 24, rss_hash 32, flags 36; size 40.
 * data points into the mbuf and stays valid until that mbuf is freed.
 */
struct pdk_rx_pkt {
	const uint8_t *data;      /* first byte of the frame (Ethernet header for Ethernet ports) */
	uint32_t data_len;        /* bytes at data (the first segment) */
	uint32_t pkt_len;         /* bytes of the whole frame as received (all segments) */
	int64_t ts_sec;           /* rx time, seconds since the Unix epoch: the device's stamp with */
	uint64_t ts_nsec;         /* PDK_PKT_TIMESTAMP, else the time of the burst (CLOCK_REALTIME,
				     TSC-extrapolated: pdk_clock.c); ts_nsec < 1e9 */
	uint32_t rss_hash;        /* see PDK_PKT_RSS_HASH, else 0 */
	uint32_t flags;           /* enum pdk_pkt_flags */
};

/*
 * [FAST] Receives up to max packets from (port, queue): fills pkts[0..n) and mbufs[0..n) and
 * returns n (0 when nothing is waiting, or when port/queue is not set up); *burst_flags (if not
 * NULL) gets the OR of the n packets' flags (0 when n is 0), so that a caller can skip looking for the rare
 * multi-segment frame packet by packet. The caller owns the
 * n mbufs and must free them, typically all at once with pdk_free_bulk(mbufs, n) after it has
 * copied what it needs. Never waits for packets: 0 means "poll again". Cost, measured here:
 * 5-6 ns a packet on net_null and net_pcap infinite_rx (0.2 us for a burst of 32), similar on
 * af_packet / af_xdp (af_xdp may add a non-blocking wake-up syscall). Exception: net_pcap
 * without infinite_rx reads its file through libpcap in the call (70-100 ns a packet, ~2 us for
 * a burst of 32, and a read() that can wait for the disk when the file is not cached): on such
 * ports use bursts of <= 8 or call without SuppressGCTransition.
 */
PDK_EXPORT uint16_t pdk_rx_burst(uint16_t port_id, uint16_t queue_id, struct pdk_rx_pkt *pkts,
		void **mbufs, uint16_t max, uint32_t *burst_flags);

/* [FAST] Frees n mbufs returned by pdk_rx_burst (rte_pktmbuf_free_bulk). NULL entries are
 * skipped. */
PDK_EXPORT void pdk_free_bulk(void **mbufs, uint16_t n);

/*
 * Copies up to len bytes of a packet, starting offset bytes into the frame, across all its
 * segments, into dst. Returns the number of bytes copied (0 if offset is past the end), or a
 * negative status. Walks the segments, so a PDK_PKT_TRUNCATED chain yields the bytes it has.
 * Sub-microsecond for normal frames but not marked [FAST]: a 64 KiB frame takes longer.
 */
PDK_EXPORT int32_t pdk_mbuf_copy(const void *mbuf, uint32_t offset, uint8_t *dst, uint32_t len);

/* ---------------------------------------------------------------------------------------- */
/* Poll threads                                                                              */
/* ---------------------------------------------------------------------------------------- */

/* Registers the calling (managed) thread with EAL (rte_thread_register) so that it gets an
 * lcore id and mempool caches. Returns the lcore id (>= 0). A thread that already has one (the
 * thread that called pdk_init, or a second call) gets it back unchanged. */
PDK_EXPORT int32_t pdk_thread_register(char *err, uint32_t err_cap);

/* Unregisters the calling thread (rte_thread_unregister); harmless if it was not registered.
 * Call it before a registered thread exits, or its lcore id is never reused. */
PDK_EXPORT int32_t pdk_thread_unregister(void);

/* Pins the calling thread to one cpu (rte_thread_set_affinity, which also keeps DPDK's
 * per-lcore cpuset right). PDK_E_NO_SUCH_CORE with err filled if the cpu is not usable. */
PDK_EXPORT int32_t pdk_thread_pin(uint32_t cpu, char *err, uint32_t err_cap);

/* [FAST] The calling thread's lcore id, or -1 if it has none. */
PDK_EXPORT int32_t pdk_lcore_id(void);

/* ---------------------------------------------------------------------------------------- */
/* Statistics                                                                                */
/* ---------------------------------------------------------------------------------------- */

/*
 * rte_eth_stats, flattened. Per-queue arrays cover queues 0..15 (DPDK's limit for basic stats;
 * further queues appear in the xstats). Layout (bytes): ipackets 0, ibytes 8, imissed 16,
 * ierrors 24, rx_nombuf 32, opackets 40, obytes 48, oerrors 56, q_ipackets 64, q_ibytes 192,
 * q_errors 320; size 448.
 */
struct pdk_port_stats {
	uint64_t ipackets;       /* packets received */
	uint64_t ibytes;         /* bytes received */
	uint64_t imissed;        /* dropped by the device: rx queue full (the app was too slow) */
	uint64_t ierrors;        /* erroneous packets */
	uint64_t rx_nombuf;      /* mbuf allocation failures: the mempool ran dry */
	uint64_t opackets;
	uint64_t obytes;
	uint64_t oerrors;
	uint64_t q_ipackets[PDK_QUEUE_STAT_COUNTERS];
	uint64_t q_ibytes[PDK_QUEUE_STAT_COUNTERS];
	uint64_t q_errors[PDK_QUEUE_STAT_COUNTERS];
};

/* Reads the port's basic stats. PDK_E_NO_SUCH_PORT, or PDK_E_DPDK on a driver failure. */
PDK_EXPORT int32_t pdk_port_stats(uint16_t port_id, struct pdk_port_stats *stats);

/* Resets basic stats and xstats (rte_eth_stats_reset + rte_eth_xstats_reset). */
PDK_EXPORT int32_t pdk_port_stats_reset(uint16_t port_id);

/*
 * Extended stats. The set of names is fixed once the port is set up; index i of the names
 * matches index i of the values. names is a flat array of capacity entries of
 * PDK_XSTAT_NAME_SIZE bytes each (NUL-terminated). Each call returns the total number of
 * xstats n (whatever capacity is) and fills min(n, capacity) entries; call with capacity 0 to
 * size the arrays. Negative status on failure.
 */
PDK_EXPORT int32_t pdk_xstats_names(uint16_t port_id, char *names, uint32_t capacity);
PDK_EXPORT int32_t pdk_xstats_values(uint16_t port_id, uint64_t *values, uint32_t capacity);

/* One xstat by name (e.g. "rx_good_packets", "rx_q0_packets", "rx_missed_errors").
 * PDK_E_NOT_FOUND if the port has no such xstat. */
PDK_EXPORT int32_t pdk_xstat_by_name(uint16_t port_id, const char *name, uint64_t *value);

/* ---------------------------------------------------------------------------------------- */
/* Direct mbuf access (optional: for a managed loop that reads mbuf fields itself)          */
/* ---------------------------------------------------------------------------------------- */

/*
 * Offsets into struct rte_mbuf of this DPDK build, for a managed loop that calls
 * rte_eth_rx_burst through pdk_rx_burst_raw and reads the fields itself.
 * data = *(void**)(m + buf_addr) + *(uint16_t*)(m + data_off). The timestamp dynfield is valid
 * when (*(uint64_t*)(m + ol_flags) & timestamp_flag) != 0; timestamp_offset is -1 until a port
 * is set up. Layout (bytes): buf_addr 0, data_off 4, nb_segs 8, ol_flags 12, pkt_len 16,
 * data_len 20, rss_hash 24, next 28, timestamp_offset 32, reserved 36, rss_hash_flag 40,
 * timestamp_flag 48; size 56.
 */
struct pdk_mbuf_layout {
	uint32_t buf_addr;        /* void *   */
	uint32_t data_off;        /* uint16_t */
	uint32_t nb_segs;         /* uint16_t */
	uint32_t ol_flags;        /* uint64_t */
	uint32_t pkt_len;         /* uint32_t */
	uint32_t data_len;        /* uint16_t */
	uint32_t rss_hash;        /* uint32_t */
	uint32_t next;            /* struct rte_mbuf * */
	int32_t timestamp_offset; /* uint64_t dynfield, -1 if not registered */
	uint32_t reserved;
	uint64_t rss_hash_flag;   /* RTE_MBUF_F_RX_RSS_HASH */
	uint64_t timestamp_flag;  /* the rx timestamp dynflag, 0 if not registered */
};

/* Fills *layout. */
PDK_EXPORT int32_t pdk_mbuf_layout(struct pdk_mbuf_layout *layout);

/* [FAST] rte_eth_rx_burst itself: fills mbufs[0..n) only. */
PDK_EXPORT uint16_t pdk_rx_burst_raw(uint16_t port_id, uint16_t queue_id, void **mbufs,
		uint16_t max);

/* ---------------------------------------------------------------------------------------- */
/* Benchmark                                                                                 */
/* ---------------------------------------------------------------------------------------- */

enum pdk_bench_mode {
	PDK_BENCH_RAW = 0,    /* rte_eth_rx_burst + rte_pktmbuf_free_bulk: the pure C ceiling */
	PDK_BENCH_FLAT = 1,   /* pdk_rx_burst (fills pdk_rx_pkt) + pdk_free_bulk: what the managed
				 side gets, minus the managed-to-native transitions */
};

#define PDK_BENCH_MAX_BURST 256        /* the appliance's largest burst_size */

/*
 * Busy-polls (port, queue) with bursts of PDK_DEFAULT_BURST for `seconds`, freeing every burst
 * at once, on the calling thread (register it first for mempool caches). Writes the packets
 * received and the exact elapsed ns. Blocks for `seconds`.
 */
PDK_EXPORT int32_t pdk_bench_rx(uint16_t port_id, uint16_t queue_id, double seconds,
		int32_t mode, uint64_t *out_packets, uint64_t *out_elapsed_ns);

/* pdk_bench_rx with bursts of `burst` packets (1..PDK_BENCH_MAX_BURST), to compare with a poll
 * loop run at another burst size. */
PDK_EXPORT int32_t pdk_bench_rx_burst(uint16_t port_id, uint16_t queue_id, double seconds,
		int32_t mode, uint16_t burst, uint64_t *out_packets, uint64_t *out_elapsed_ns);

#ifdef __cplusplus
}
#endif

#endif /* PROBE_DPDK_H */
