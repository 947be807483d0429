/*
 * pdk_port.c - port lookup, setup (queues, mempools, RSS, offloads, promiscuous, start) and
 * teardown.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>

#include "pdk_internal.h"

#define DEFAULT_NB_RX_DESC 1024
#define DEFAULT_NB_TX_DESC 512
#define DEFAULT_NB_MBUFS 16383        /* 2^n - 1: the mempool ring's optimum */
#define DEFAULT_MBUF_CACHE 256
/* The hash functions the appliance spreads flows with: 2-tuple for IP, 4-tuple for TCP/UDP. */
#define PDK_RSS_WANTED (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP)
/* net_pcap stamps mbufs with the file's time in microseconds (tv_sec * 1e6 + tv_usec; see
 * eth_pcap_rx in drivers/net/pcap/pcap_ethdev.c of DPDK 22.11, which opens the file with
 * pcap_open_offline, i.e. microsecond precision even for nanosecond files). */
#define PCAP_DRIVER_NAME "net_pcap"
#define PCAP_TS_TO_NS 1000u

struct pdk_port_state pdk_ports[RTE_MAX_ETHPORTS];
int pdk_ts_offset = -1;
uint64_t pdk_ts_flag;

int pdk_ts_register(void)
{
	int offset;
	uint64_t flag;

	if (pdk_ts_offset >= 0)
		return 0;
	/* Registration is idempotent in DPDK: drivers that stamp packets (net_pcap at probe)
	 * and we get the same field and flag. */
	if (rte_mbuf_dyn_rx_timestamp_register(&offset, &flag) != 0)
		return -rte_errno;
	pdk_ts_flag = flag;
	pdk_ts_offset = offset;
	return 0;
}

static bool eal_up(char *err, uint32_t err_cap, const char *what)
{
	if (pdk_eal_state == PDK_STATE_UP)
		return true;
	pdk_err_set(err, err_cap, "%s: DPDK is not initialised (call pdk_init first).", what);
	return false;
}

int32_t pdk_port_count(void)
{
	if (pdk_eal_state != PDK_STATE_UP)
		return PDK_E_NOT_INITIALISED;
	return (int32_t)rte_eth_dev_count_avail();
}

void pdk_err_append_port_list(char *err, uint32_t err_cap)
{
	uint16_t port;
	int n = 0;

	pdk_err_append(err, err_cap, " Ports that exist:");
	RTE_ETH_FOREACH_DEV(port) {
		char name[RTE_ETH_NAME_MAX_LEN];

		if (rte_eth_dev_get_name_by_port(port, name) != 0)
			continue;
		pdk_err_append(err, err_cap, "%s %u %s", n++ ? "," : "", port, name);
	}
	pdk_err_append(err, err_cap, "%s.", n ? "" : " none (no --vdev given, or every probe failed)");
}

int32_t pdk_port_by_name(const char *name, uint16_t *port_id, char *err, uint32_t err_cap)
{
	uint16_t id;

	pdk_err_set(err, err_cap, "%s", "");
	if (!eal_up(err, err_cap, "pdk_port_by_name"))
		return PDK_E_NOT_INITIALISED;
	if (name == NULL || port_id == NULL) {
		pdk_err_set(err, err_cap, "pdk_port_by_name: name or port_id is NULL.");
		return PDK_E_INVALID_ARG;
	}
	if (rte_eth_dev_get_port_by_name(name, &id) != 0) {
		pdk_err_set(err, err_cap, "no DPDK port named '%s'.", name);
		pdk_err_append_port_list(err, err_cap);
		/* A vdev whose probe failed (e.g. its rx_pcap file cannot be opened) exists only in
		 * the log: quote what EAL and the driver said about it since start-up. */
		pdk_err_append_log(err, err_cap, 0, name);
		pdk_err_append(err, err_cap,
			" Fix: the name must be one given with --vdev in the EAL arguments (e.g. "
			"--vdev=net_pcap0,rx_pcap=FILE gives net_pcap0), or a PCI address bound to a "
			"DPDK driver.");
		return PDK_E_NO_SUCH_PORT;
	}
	*port_id = id;
	return PDK_OK;
}

int32_t pdk_port_info_fill(uint16_t port_id, struct pdk_port_info *info)
{
	struct rte_eth_dev_info dev_info;
	struct rte_ether_addr mac;
	const struct pdk_port_state *st;

	memset(info, 0, sizeof(*info));
	if (!rte_eth_dev_is_valid_port(port_id))
		return PDK_E_NO_SUCH_PORT;
	if (rte_eth_dev_info_get(port_id, &dev_info) != 0)
		return PDK_E_DPDK;
	st = &pdk_ports[port_id];
	rte_eth_dev_get_name_by_port(port_id, info->name);
	snprintf(info->driver, sizeof(info->driver), "%s",
		dev_info.driver_name != NULL ? dev_info.driver_name : "");
	info->port_id = port_id;
	info->max_rx_queues = dev_info.max_rx_queues;
	info->nb_rx_queues = st->nb_rx_queues;
	info->socket_id = rte_eth_dev_socket_id(port_id);
	info->flags = st->info_flags;
	info->timestamp_source = st->timestamp_source;
	info->if_index = dev_info.if_index;
	info->rx_offload_capa = dev_info.rx_offload_capa;
	info->flow_type_rss_offloads = dev_info.flow_type_rss_offloads;
	info->rss_hf = st->rss_hf;
	if (rte_eth_macaddr_get(port_id, &mac) == 0)
		memcpy(info->mac, mac.addr_bytes, sizeof(info->mac));
	return PDK_OK;
}

int32_t pdk_port_info(uint16_t port_id, struct pdk_port_info *info)
{
	if (pdk_eal_state != PDK_STATE_UP)
		return PDK_E_NOT_INITIALISED;
	if (info == NULL)
		return PDK_E_INVALID_ARG;
	return pdk_port_info_fill(port_id, info);
}

/* Bytes a pktmbuf pool of n mbufs takes at least (objects only; the ring and per-lcore caches
 * add about 1 MiB). Used to refuse early with advice; a real ENOMEM later gets the same advice. */
static uint64_t mempool_bytes(uint32_t n, uint32_t data_room)
{
	struct rte_mempool_objsz sz;

	rte_mempool_calc_obj_size(sizeof(struct rte_mbuf) + data_room, 0, &sz);
	return (uint64_t)n * sz.total_size;
}

/* Bytes still available for mempools: free space in DPDK's heaps plus hugepages the heaps can
 * still grow into. */
static uint64_t memory_available(struct pdk_hugepage_supply *supply)
{
	uint64_t heap_free = 0;

	for (unsigned i = 0; i < rte_socket_count(); i++) {
		struct rte_malloc_socket_stats stats;

		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i), &stats) == 0)
			heap_free += stats.heap_freesz_bytes;
	}
	if (!pdk_hugepages_read(supply) || !rte_eal_has_hugepages())
		return heap_free;
	return heap_free + supply->free_bytes;
}

static void append_memory_advice(char *err, uint32_t err_cap, uint64_t needed,
		uint64_t available, const struct pdk_hugepage_supply *supply)
{
	if (!rte_eal_has_hugepages()) {
		pdk_err_append(err, err_cap,
			" EAL runs with --no-huge and has %" PRIu64 " MiB free. Fix: raise -m in the "
			"EAL arguments, or lower nb_mbufs in the configuration.", available >> 20);
		return;
	}
	pdk_err_append_hugepage_advice(err, err_cap, needed > available ? needed - available : needed,
		supply);
}

static void free_pools(struct pdk_port_state *st, uint16_t n)
{
	for (uint16_t q = 0; q < n; q++) {
		rte_mempool_free(st->pools[q]);
		st->pools[q] = NULL;
	}
}

static int32_t fail_config(int32_t status, uint16_t port_id, const char *step, int ret,
		uint64_t mark, char *err, uint32_t err_cap)
{
	pdk_err_set(err, err_cap, "port %u: %s failed: %s (%d).", port_id, step,
		rte_strerror(ret < 0 ? -ret : ret), ret);
	pdk_err_append_log(err, err_cap, mark, NULL);
	return status;
}

static int32_t check_queues(uint16_t port_id, const struct rte_eth_dev_info *dev_info,
		uint16_t nb_rx_queues, char *err, uint32_t err_cap)
{
	if (nb_rx_queues <= dev_info->max_rx_queues && nb_rx_queues <= PDK_MAX_QUEUES)
		return PDK_OK;
	pdk_err_set(err, err_cap,
		"port %u (driver %s) has %u rx queue(s); %u were configured. Fix: configure at most "
		"%u rx queues, or give the device more: net_pcap takes one rx_pcap=FILE per queue, "
		"net_af_packet takes qpairs=N, net_af_xdp takes queue_count=N (or one vdev per queue "
		"with start_queue=Q after ethtool -L IFACE combined N, or rx N tx N on a veth).",
		port_id, dev_info->driver_name, dev_info->max_rx_queues, nb_rx_queues,
		dev_info->max_rx_queues);
	return PDK_E_TOO_MANY_QUEUES;
}

/* Fills the ethdev configuration from what the device supports. */
static void build_eth_conf(const struct rte_eth_dev_info *dev_info, const struct pdk_port_conf *c,
		uint16_t nb_rx_queues, struct rte_eth_conf *conf, struct pdk_port_state *st)
{
	uint64_t rss_hf = PDK_RSS_WANTED & dev_info->flow_type_rss_offloads;

	memset(conf, 0, sizeof(*conf));
	if (nb_rx_queues > 1 && !(c->flags & PDK_PORT_NO_RSS) && rss_hf != 0) {
		conf->rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf->rx_adv_conf.rss_conf.rss_key = NULL; /* the driver's default key */
		conf->rx_adv_conf.rss_conf.rss_hf = rss_hf;
		st->rss_hf = rss_hf;
		st->info_flags |= PDK_INFO_RSS;
		/* ethdev refuses the hash offload without RSS mode, hence inside this branch. */
		if (dev_info->rx_offload_capa & RTE_ETH_RX_OFFLOAD_RSS_HASH) {
			conf->rxmode.offloads |= RTE_ETH_RX_OFFLOAD_RSS_HASH;
			st->info_flags |= PDK_INFO_RSS_HASH;
		}
	}
	if (!(c->flags & PDK_PORT_NO_TIMESTAMP) &&
			(dev_info->rx_offload_capa & RTE_ETH_RX_OFFLOAD_TIMESTAMP)) {
		conf->rxmode.offloads |= RTE_ETH_RX_OFFLOAD_TIMESTAMP;
		st->info_flags |= PDK_INFO_TS_OFFLOAD;
	}
	/* Frames larger than one mbuf arrive chained instead of being dropped. */
	if (dev_info->rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER) {
		conf->rxmode.offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
		st->info_flags |= PDK_INFO_SCATTER;
	}
}

static void choose_timestamp_source(const struct rte_eth_dev_info *dev_info,
		struct pdk_port_state *st)
{
	if (dev_info->driver_name != NULL && strcmp(dev_info->driver_name, PCAP_DRIVER_NAME) == 0) {
		/* net_pcap stamps every packet read from a file whether or not the offload is
		 * requested (and does not advertise it). */
		st->timestamp_source = PDK_TS_NS;
		st->ts_multiplier = PCAP_TS_TO_NS;
	} else if (st->info_flags & PDK_INFO_TS_OFFLOAD) {
		st->timestamp_source = PDK_TS_RAW;
		st->ts_multiplier = 0;
	} else {
		st->timestamp_source = PDK_TS_NONE;
		st->ts_multiplier = 0;
	}
}

static int32_t create_pools(uint16_t port_id, const struct pdk_port_conf *c, uint16_t nb_rx_queues,
		int socket, struct pdk_port_state *st, char *err, uint32_t err_cap)
{
	uint32_t nb_mbufs = c->nb_mbufs ? c->nb_mbufs : DEFAULT_NB_MBUFS;
	uint32_t data_room = c->mbuf_data_room ? c->mbuf_data_room : RTE_MBUF_DEFAULT_BUF_SIZE;
	uint32_t cache = c->mbuf_cache_size ? c->mbuf_cache_size : DEFAULT_MBUF_CACHE;
	struct pdk_hugepage_supply supply;
	uint64_t needed, available;

	if (data_room <= RTE_PKTMBUF_HEADROOM || data_room > UINT16_MAX) {
		pdk_err_set(err, err_cap,
			"port %u: mbuf_data_room %u is out of range (%u < room <= %u).", port_id,
			data_room, RTE_PKTMBUF_HEADROOM, UINT16_MAX);
		return PDK_E_INVALID_ARG;
	}
	if (cache > RTE_MEMPOOL_CACHE_MAX_SIZE) {
		pdk_err_set(err, err_cap, "port %u: mbuf_cache_size %u exceeds DPDK's maximum %u.",
			port_id, cache, RTE_MEMPOOL_CACHE_MAX_SIZE);
		return PDK_E_INVALID_ARG;
	}
	/* The mempool refuses a cache whose flush threshold (1.5 x size) exceeds the pool. */
	if ((uint64_t)cache * 3 / 2 > nb_mbufs) {
		if (c->mbuf_cache_size != 0) {
			pdk_err_set(err, err_cap,
				"port %u: mbuf_cache_size %u is too large for %u mbufs (at most "
				"nb_mbufs / 1.5).", port_id, cache, nb_mbufs);
			return PDK_E_INVALID_ARG;
		}
		cache = nb_mbufs * 2 / 3;
	}

	needed = mempool_bytes(nb_mbufs, data_room) * nb_rx_queues;
	available = memory_available(&supply);
	if (needed > available) {
		pdk_err_set(err, err_cap,
			"port %u: not enough hugepage memory for the mempools: %u queue(s) x %u mbufs "
			"of %u bytes need %" PRIu64 " MiB, %" PRIu64 " MiB are available.",
			port_id, nb_rx_queues, nb_mbufs, data_room, needed >> 20, available >> 20);
		append_memory_advice(err, err_cap, needed, available, &supply);
		return PDK_E_MEMPOOL;
	}
	for (uint16_t q = 0; q < nb_rx_queues; q++) {
		char name[RTE_MEMPOOL_NAMESIZE];
		uint64_t mark = pdk_log_mark();

		snprintf(name, sizeof(name), "pdk_p%u_q%u", port_id, q);
		st->pools[q] = rte_pktmbuf_pool_create(name, nb_mbufs, cache, 0, (uint16_t)data_room,
			socket);
		if (st->pools[q] == NULL) {
			int code = rte_errno;

			free_pools(st, q);
			pdk_err_set(err, err_cap,
				"port %u queue %u: creating mempool %s of %u mbufs failed: %s.",
				port_id, q, name, nb_mbufs, rte_strerror(code));
			pdk_err_append_log(err, err_cap, mark, NULL);
			if (code == ENOMEM) {
				available = memory_available(&supply);
				append_memory_advice(err, err_cap, needed, available, &supply);
				return PDK_E_MEMPOOL;
			}
			return PDK_E_DPDK;
		}
	}
	return PDK_OK;
}

int32_t pdk_port_setup(uint16_t port_id, const struct pdk_port_conf *c, struct pdk_port_info *info,
		char *err, uint32_t err_cap)
{
	struct rte_eth_dev_info dev_info;
	struct rte_eth_conf conf;
	struct rte_eth_rxconf rxconf;
	struct pdk_port_state *st;
	uint16_t nb_rx_queues, nb_tx_queues, nb_rx_desc, nb_tx_desc = DEFAULT_NB_TX_DESC;
	int socket, ret;
	int32_t rc;
	uint64_t mark = pdk_log_mark();

	pdk_err_set(err, err_cap, "%s", "");
	if (!eal_up(err, err_cap, "pdk_port_setup"))
		return PDK_E_NOT_INITIALISED;
	if (c == NULL || c->reserved != 0) {
		pdk_err_set(err, err_cap, "pdk_port_setup: conf is NULL or conf.reserved is not 0.");
		return PDK_E_INVALID_ARG;
	}
	if (!rte_eth_dev_is_valid_port(port_id)) {
		pdk_err_set(err, err_cap, "no DPDK port with id %u.", port_id);
		pdk_err_append_port_list(err, err_cap);
		return PDK_E_NO_SUCH_PORT;
	}
	st = &pdk_ports[port_id];
	if (st->nb_rx_queues != 0) {
		pdk_err_set(err, err_cap, "port %u is already set up; close it first.", port_id);
		return PDK_E_PORT_STATE;
	}
	ret = rte_eth_dev_info_get(port_id, &dev_info);
	if (ret != 0)
		return fail_config(PDK_E_DPDK, port_id, "rte_eth_dev_info_get", ret, mark, err, err_cap);

	nb_rx_queues = c->nb_rx_queues ? c->nb_rx_queues : 1;
	rc = check_queues(port_id, &dev_info, nb_rx_queues, err, err_cap);
	if (rc != PDK_OK)
		return rc;
	nb_tx_queues = RTE_MIN(nb_rx_queues, dev_info.max_tx_queues);
	nb_rx_desc = c->nb_rx_desc ? c->nb_rx_desc : DEFAULT_NB_RX_DESC;
	socket = rte_eth_dev_socket_id(port_id);
	if (socket < 0)
		socket = SOCKET_ID_ANY;

	ret = pdk_ts_register();
	if (ret != 0)
		return fail_config(PDK_E_DPDK, port_id, "registering the rx timestamp field", ret,
			mark, err, err_cap);

	memset(st, 0, sizeof(*st));
	build_eth_conf(&dev_info, c, nb_rx_queues, &conf, st);
	ret = rte_eth_dev_configure(port_id, nb_rx_queues, nb_tx_queues, &conf);
	if (ret != 0) {
		memset(st, 0, sizeof(*st));
		return fail_config(PDK_E_PORT_CONFIG, port_id, "rte_eth_dev_configure", ret, mark,
			err, err_cap);
	}
	ret = rte_eth_dev_adjust_nb_rx_tx_desc(port_id, &nb_rx_desc, &nb_tx_desc);
	if (ret != 0) {
		memset(st, 0, sizeof(*st));
		return fail_config(PDK_E_PORT_CONFIG, port_id, "adjusting descriptor counts", ret,
			mark, err, err_cap);
	}

	rc = create_pools(port_id, c, nb_rx_queues, socket, st, err, err_cap);
	if (rc != PDK_OK) {
		memset(st, 0, sizeof(*st));
		return rc;
	}
	rxconf = dev_info.default_rxconf;
	rxconf.offloads = conf.rxmode.offloads;
	for (uint16_t q = 0; q < nb_rx_queues; q++) {
		ret = rte_eth_rx_queue_setup(port_id, q, nb_rx_desc, socket, &rxconf, st->pools[q]);
		if (ret != 0)
			goto fail_queues;
	}
	for (uint16_t q = 0; q < nb_tx_queues; q++) {
		ret = rte_eth_tx_queue_setup(port_id, q, nb_tx_desc, socket, NULL);
		if (ret != 0)
			goto fail_queues;
	}
	if (!(c->flags & PDK_PORT_NO_PROMISC)) {
		ret = rte_eth_promiscuous_enable(port_id);
		/* Drivers without a promiscuous mode (net_null, net_pcap on a file) say ENOTSUP:
		 * they deliver everything anyway. */
		if (ret != 0 && ret != -ENOTSUP) {
			rc = fail_config(PDK_E_PORT_CONFIG, port_id, "enabling promiscuous mode", ret,
				mark, err, err_cap);
			goto fail_release;
		}
	}
	/* Starting does not flush the rx queues (testpmd does, unless --no-flush-rx): the first
	 * packet the device has is the first one pdk_rx_burst returns. */
	ret = rte_eth_dev_start(port_id);
	if (ret != 0) {
		rc = fail_config(PDK_E_PORT_CONFIG, port_id, "rte_eth_dev_start", ret, mark, err,
			err_cap);
		goto fail_release;
	}
	if (rte_eth_promiscuous_get(port_id) == 1)
		st->info_flags |= PDK_INFO_PROMISC;
	choose_timestamp_source(&dev_info, st);
	st->clocks = pdk_burst_clocks_create(nb_rx_queues);
	st->info_flags |= PDK_INFO_SET_UP;
	st->nb_tx_queues = nb_tx_queues;
	/* Last: a non-zero queue count is what lets pdk_rx_burst use the port. */
	st->nb_rx_queues = nb_rx_queues;
	if (info != NULL)
		pdk_port_info_fill(port_id, info);
	return PDK_OK;

fail_queues:
	rc = fail_config(PDK_E_PORT_CONFIG, port_id, "setting up the queues", ret, mark, err,
		err_cap);
fail_release:
	/* Close releases the queues, and with them any mbufs a driver took from the pools
	 * (net_pcap with infinite_rx keeps the whole file in mbufs). */
	rte_eth_dev_stop(port_id);
	rte_eth_dev_close(port_id);
	free_pools(st, nb_rx_queues);
	memset(st, 0, sizeof(*st));
	return rc;
}

int32_t pdk_port_stop_close(uint16_t port_id, char *err, uint32_t err_cap)
{
	struct pdk_port_state *st;
	unsigned in_use = 0;
	uint16_t nb_rx_queues;
	int ret;
	uint64_t mark = pdk_log_mark();
	int32_t rc = PDK_OK;

	pdk_err_set(err, err_cap, "%s", "");
	if (!eal_up(err, err_cap, "pdk_port_stop_close"))
		return PDK_E_NOT_INITIALISED;
	if (port_id >= RTE_MAX_ETHPORTS || pdk_ports[port_id].nb_rx_queues == 0) {
		pdk_err_set(err, err_cap, "port %u is not set up.", port_id);
		return PDK_E_PORT_STATE;
	}
	st = &pdk_ports[port_id];
	nb_rx_queues = st->nb_rx_queues;
	/* First: pdk_rx_burst returns 0 from here on. */
	st->nb_rx_queues = 0;

	ret = rte_eth_dev_stop(port_id);
	if (ret != 0)
		rc = fail_config(PDK_E_DPDK, port_id, "rte_eth_dev_stop", ret, mark, err, err_cap);
	ret = rte_eth_dev_close(port_id);
	if (ret != 0 && rc == PDK_OK)
		rc = fail_config(PDK_E_DPDK, port_id, "rte_eth_dev_close", ret, mark, err, err_cap);

	pdk_burst_clocks_free(st->clocks);
	for (uint16_t q = 0; q < nb_rx_queues; q++)
		in_use += rte_mempool_in_use_count(st->pools[q]);
	if (in_use > 0) {
		/* Mbufs are still out: ones the application holds, or ones a driver never returns
		 * (net_af_xdp leaves its fill ring's mbufs in the pool it used as UMEM). Freeing the
		 * pools would turn the former into pointers to freed memory, so they stay until
		 * EAL's cleanup releases all memory. */
		memset(st, 0, sizeof(*st));
		return rc;
	}
	free_pools(st, nb_rx_queues);
	memset(st, 0, sizeof(*st));
	return rc;
}

int32_t pdk_vdev_probe(const char *devargs, uint16_t *port_id, char *err, uint32_t err_cap)
{
	char name[PDK_NAME_SIZE];
	size_t n;
	uint64_t mark;

	pdk_err_set(err, err_cap, "%s", "");
	if (!eal_up(err, err_cap, "pdk_vdev_probe"))
		return PDK_E_NOT_INITIALISED;
	if (devargs == NULL || port_id == NULL || devargs[0] == '\0') {
		pdk_err_set(err, err_cap, "pdk_vdev_probe: devargs or port_id is NULL or empty.");
		return PDK_E_INVALID_ARG;
	}
	/* The port is named after the device: devargs up to the first comma ("net_pcap1,rx_pcap=F"). */
	n = strcspn(devargs, ",");
	if (n >= sizeof(name)) {
		pdk_err_set(err, err_cap, "device name in '%s' is longer than %d bytes.", devargs, PDK_NAME_SIZE - 1);
		return PDK_E_INVALID_ARG;
	}
	memcpy(name, devargs, n);
	name[n] = '\0';
	mark = pdk_log_mark();
	if (rte_dev_probe(devargs) != 0 || rte_eth_dev_get_port_by_name(name, port_id) != 0) {
		pdk_err_set(err, err_cap, "cannot add device '%s': %s.", devargs, rte_strerror(rte_errno));
		pdk_err_append_log(err, err_cap, mark, NULL);
		pdk_err_append(err, err_cap,
			" Fix: check the driver name (net_pcap, net_null, net_af_packet, net_af_xdp) and its "
			"arguments; a device name can be used once per process.");
		return PDK_E_NO_SUCH_PORT;
	}
	return PDK_OK;
}
