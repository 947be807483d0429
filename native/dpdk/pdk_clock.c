/*
 * pdk_clock.c - the arrival time of a burst whose packets carry no device stamp.
 *
 * CLOCK_REALTIME through the vDSO costs about 22 ns here, a TSC read about 10 ns; at 32-packet
 * bursts the difference is a few per cent of the poll thread. So each rx queue reads the real
 * clock at most every PDK_CLOCK_RESYNC_US and extrapolates with the TSC in between. The error is
 * bounded by the resync interval times the error of rte_get_tsc_hz() (DPDK rounds its estimate to
 * 10 MHz: at worst 0.2 %, i.e. 0.2 us at 100 us) plus half the gap allowed around a sync's clock
 * read (0.2 us), below a pcap record's microsecond; at a resync the stamps may step back by that
 * much. Only where the kernel itself trusts the TSC (clocksource "tsc": invariant and synchronised
 * across cores) is it used; elsewhere every burst reads the clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_cycles.h>

#include "pdk_internal.h"

#define PDK_CLOCK_RESYNC_US 100u
/* A clean clock read takes 20-60 ns between its TSC reads; the base is their midpoint, so a sync
 * taken is off by at most half this. */
#define PDK_CLOCK_MAX_SYNC_GAP_NS 400u
#define PDK_NS_PER_S 1000000000u

/* One per rx queue, each on its own cache line: written by that queue's poll thread only. */
struct pdk_burst_clock {
	uint64_t base_tsc;      /* TSC read right after the last clock_gettime */
	int64_t base_sec;       /* that clock_gettime */
	uint64_t base_nsec;
	uint64_t resync_cycles; /* 0: read the clock at every burst */
	uint64_t max_sync_gap_cycles; /* widest TSC gap around a clock read that is taken as a sync */
	uint64_t ns_per_cycle_q32; /* nanoseconds per TSC cycle, 32.32 fixed point */
} __rte_cache_aligned;

static bool kernel_trusts_tsc(void)
{
	char name[32] = "";
	FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");

	if (f == NULL)
		return false;
	if (fgets(name, sizeof(name), f) == NULL)
		name[0] = '\0';
	fclose(f);
	return strcmp(name, "tsc\n") == 0;
}

struct pdk_burst_clock *pdk_burst_clocks_create(uint16_t n)
{
	struct pdk_burst_clock *clocks = aligned_alloc(RTE_CACHE_LINE_SIZE, sizeof(*clocks) * n);
	uint64_t hz = rte_get_tsc_hz();
	bool tsc = hz != 0 && kernel_trusts_tsc();

	if (clocks == NULL)
		return NULL; /* pdk_burst_time then reads the clock at every burst */
	memset(clocks, 0, sizeof(*clocks) * n);
	for (uint16_t q = 0; q < n && tsc; q++) {
		clocks[q].resync_cycles = hz / 1000000u * PDK_CLOCK_RESYNC_US;
		clocks[q].max_sync_gap_cycles = hz * PDK_CLOCK_MAX_SYNC_GAP_NS / PDK_NS_PER_S;
		clocks[q].ns_per_cycle_q32 = ((uint64_t)PDK_NS_PER_S << 32) / hz;
		/* Due at once: the first burst reads the clock. */
		clocks[q].base_tsc = rte_rdtsc() - clocks[q].resync_cycles;
	}
	return clocks;
}

void pdk_burst_clocks_free(struct pdk_burst_clock *clocks)
{
	free(clocks);
}

void pdk_burst_time(struct pdk_burst_clock *clocks, uint16_t queue, int64_t *sec, uint64_t *nsec)
{
	struct pdk_burst_clock *c = clocks != NULL ? &clocks[queue] : NULL;
	bool extrapolating = c != NULL && c->resync_cycles != 0;
	struct timespec now;
	uint64_t elapsed, ns, before = 0, after;

	if (likely(extrapolating)) {
		before = rte_rdtsc(); /* also the first TSC read of a resync below */
		elapsed = before - c->base_tsc;
		if (likely(elapsed < c->resync_cycles)) {
			/* elapsed < resync_cycles keeps the product far below 2^64 and the sum below 2 s. */
			ns = c->base_nsec + ((elapsed * c->ns_per_cycle_q32) >> 32);
			*sec = c->base_sec + (ns >= PDK_NS_PER_S);
			*nsec = ns >= PDK_NS_PER_S ? ns - PDK_NS_PER_S : ns;
			return;
		}
	}
	clock_gettime(CLOCK_REALTIME, &now);
	*sec = now.tv_sec;
	*nsec = (uint64_t)now.tv_nsec;
	if (extrapolating) {
		after = rte_rdtsc();
		/*
		 * The pair (now, TSC) is only as good as the gap between the two TSC reads: a thread
		 * preempted there (or a vCPU descheduled) would otherwise stamp every burst until the
		 * next resync early by the whole preemption. A sync with a wide gap is not taken; the
		 * next burst reads the clock again.
		 */
		if (after - before <= c->max_sync_gap_cycles) {
			c->base_tsc = before + (after - before) / 2;
			c->base_sec = now.tv_sec;
			c->base_nsec = (uint64_t)now.tv_nsec;
		}
	}
}
