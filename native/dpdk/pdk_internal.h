/*
 * pdk_internal.h - state and helpers shared by the shim's translation units. Not part of the ABI.
 */
#ifndef PDK_INTERNAL_H
#define PDK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mempool.h>

#include "probe_dpdk.h"

/* ---- error messages (pdk_err.c) ---- */

/* Overwrites err with a formatted message (no-op when err is NULL or err_cap is 0). */
void pdk_err_set(char *err, uint32_t err_cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Appends to the message already in err, truncating at err_cap - 1. */
void pdk_err_append(char *err, uint32_t err_cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- EAL log capture (pdk_log.c) ---- */

/* Points DPDK's log at a stream that echoes to stderr and keeps the tail in a ring. Idempotent.
 * Returns false if the stream cannot be created (then DPDK logs to stderr only). */
bool pdk_log_capture_install(void);
/* A position in the captured log: everything logged after it can be quoted. */
uint64_t pdk_log_mark(void);
/* Appends " DPDK log: <lines>" to err with the lines logged since mark, joined by " | ": all of
 * them, or when must_contain is not NULL only those containing it and the line before each.
 * Appends nothing if there are none. */
void pdk_err_append_log(char *err, uint32_t err_cap, uint64_t mark, const char *must_contain);
/* True if any line logged since mark contains needle. */
bool pdk_log_contains(uint64_t mark, const char *needle);

/* ---- hugepage supply and EAL argument checks (pdk_preflight.c) ---- */

struct pdk_hugepage_supply {
	uint64_t total_pages;      /* nr_hugepages summed over page sizes */
	uint64_t free_pages;       /* free minus reserved: pages a new mapping can still get */
	uint64_t free_bytes;       /* free_pages weighted by their size */
	uint64_t default_page_size;/* bytes, from /proc/meminfo Hugepagesize (2 MiB here) */
	uint64_t default_total;    /* nr_hugepages of the default size */
};

/* Reads /sys/kernel/mm/hugepages. Returns false if the kernel has no hugepage support. */
bool pdk_hugepages_read(struct pdk_hugepage_supply *supply);

/* What the caller's EAL arguments ask for, as far as the checks below need to know. */
struct pdk_eal_args {
	bool no_huge;
	bool in_memory;
	bool has_file_prefix;
	bool has_shconf_choice;    /* --no-shconf or --proc-type */
	const char *huge_dir;      /* --huge-dir value or NULL */
	const char *core_list;     /* -l value */
	const char *core_mask;     /* -c value */
	const char *main_lcore;    /* --main-lcore value */
};

void pdk_eal_args_scan(int argc, const char *const *argv, struct pdk_eal_args *out);

/* Checks hugepages, hugetlbfs and cores before rte_eal_init. PDK_OK or a status with err set. */
int32_t pdk_preflight(const struct pdk_eal_args *args, char *err, uint32_t err_cap);

/* Writes "N x M MiB hugepages" advice for `bytes_needed` more bytes of hugepage memory. */
void pdk_err_append_hugepage_advice(char *err, uint32_t err_cap, uint64_t bytes_needed,
		const struct pdk_hugepage_supply *supply);

/* ---- what EAL leaves on disk (pdk_runtime_files.c) ---- */

/* Records this process's runtime directory and file prefix after rte_eal_init returned. */
void pdk_runtime_files_remember(bool in_memory, bool eal_started);
/* Removes the runtime directory (and, for a primary process without --in-memory, its files and
 * its hugepage files). Idempotent. */
void pdk_runtime_files_remove(void);

/* ---- the time of unstamped bursts (pdk_clock.c) ---- */

struct pdk_burst_clock;
/* n per-queue clocks, or NULL when out of memory (which pdk_burst_time accepts). */
struct pdk_burst_clock *pdk_burst_clocks_create(uint16_t n);
void pdk_burst_clocks_free(struct pdk_burst_clock *clocks);
/* CLOCK_REALTIME now, for the poll thread of rx queue `queue` (clocks may be NULL). */
void pdk_burst_time(struct pdk_burst_clock *clocks, uint16_t queue, int64_t *sec, uint64_t *nsec);

/* ---- shim-wide state (pdk_eal.c, pdk_port.c) ---- */

enum { PDK_STATE_NEW = 0, PDK_STATE_UP = 1, PDK_STATE_CLEANED = 2 };
extern int pdk_eal_state;

/* Per-port state the data path reads. Indexed by port id; written only by the control plane
 * while no thread polls the port (see the threading rules in probe_dpdk.h). */
struct pdk_port_state {
	uint16_t nb_rx_queues;     /* 0 = not set up: pdk_rx_burst returns 0 */
	uint16_t nb_tx_queues;
	uint32_t info_flags;       /* enum pdk_port_info_flags */
	uint32_t timestamp_source; /* enum pdk_timestamp_source */
	uint64_t ts_multiplier;    /* raw timestamp -> ns; 0 when the unit is unknown (RAW) */
	struct rte_mempool *pools[PDK_MAX_QUEUES];
	uint64_t rss_hf;
	struct pdk_burst_clock *clocks; /* one per rx queue; NULL: every burst reads the clock */
};

extern struct pdk_port_state pdk_ports[RTE_MAX_ETHPORTS];

/* The rx timestamp dynfield: offset into the mbuf and the ol_flags bit that says it is valid.
 * Registered once (DPDK hands every caller the same field). -1 / 0 until registered. */
extern int pdk_ts_offset;
extern uint64_t pdk_ts_flag;

/* Registers the timestamp dynfield if not yet done. Returns 0 or -rte_errno. */
int pdk_ts_register(void);

/* Lists the ports that exist into err, e.g. " Ports: 0 net_null0, 1 net_pcap0." */
void pdk_err_append_port_list(char *err, uint32_t err_cap);

/* Fills info from dev_info and the shim's state. Returns 0 or a negative status. */
int32_t pdk_port_info_fill(uint16_t port_id, struct pdk_port_info *info);

#endif /* PDK_INTERNAL_H */
