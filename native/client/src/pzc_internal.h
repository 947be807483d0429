/*
 * pzc_internal.h - the handle behind pzc_t and the helpers the library's files share. Not installed.
 */
#ifndef PZC_INTERNAL_H
#define PZC_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe_zbuf_client.h"

/* Longest wait for one control reply: the appliance answers at once, so this only bounds a hung appliance. */
#define PZC_REPLY_TIMEOUT_SECONDS 30
/* The kernel's SCM_MAX_FD is 253; the appliance never sends more than 2 per queue. */
#define PZC_MAX_FDS 252
#define PZC_DEFAULT_SPIN_USEC 50
#define PZC_WAKEUP_PAGE_SIZE 4096

/* One queue's descriptor as the consumer sees it: two mappings, which one comes next, and its lease. */
struct pzc_queue {
    uint8_t *base[2];     /* buffers A and B, MAP_SHARED, each pzc.buffer_bytes long */
    uint32_t next;        /* the buffer handed over next: hand-over order is strictly A, B, A, B... */
    bool leased;          /* base[next] is leased to the caller (until pzc_release) */
    uint32_t leased_generation;
    uint64_t delivered;   /* records handed to a pzc_handler from this queue */
};

struct pzc {
    int socket;
    uint32_t sequence;           /* of the last request sent; the first is 1, so a reply with 0 is unsolicited */
    uint8_t *message;            /* PZ_CONTROL_MAX_MESSAGE bytes: each request is built here, each reply lands here */
    char error[PZC_ERRBUF_SIZE];

    uint32_t attached_queues;    /* from ATTACH: how many buffer pairs the appliance expects */
    struct pzc_queue *queues;    /* nqueues entries once buffers are mapped */
    uint32_t nqueues;
    size_t buffer_bytes;
    uint32_t scan_start;         /* round robin: the queue pzc_next_buffer looks at first */

    int eventfd;                 /* -1 until pzc_enable_wakeup */
    struct pz_wakeup_page *wakeup_page; /* PZC_WAKEUP_PAGE_SIZE bytes, MAP_SHARED */
    uint32_t spin_usec;
    int break_requested;         /* set by pzc_breakloop (any thread, signal handlers): read with __atomic */

    uint32_t tstamp_format;      /* what SET_TSTAMP last accepted, for pzc_pkthdr conversion */

    /* pzc_dispatch's buffer in progress (a count reached mid-buffer resumes here). */
    bool loop_active;
    struct pzc_buffer loop_buffer;
    struct pzc_record_iter loop_iter;
};

/* Records "why" in c->error and returns err (a negative errno), so failures read `return pzc_fail(c, -E, ...)`. */
int pzc_fail(pzc_t *c, int err, const char *format, ...) __attribute__((format(printf, 3, 4)));
int pzc_vfail(char *buffer, size_t size, int err, const char *format, va_list args);

/* A reply: its payload (inside c->message) and the descriptors it carried (closed by the caller). */
struct pzc_reply {
    const uint8_t *payload;
    size_t length;
    int fds[PZC_MAX_FDS];
    size_t nfds;
};

/* One request and its reply (docs/control-protocol.md). Returns 0, or the appliance's negative status with its
 * reason in c->error (descriptors of a refused reply already closed), or a local failure. */
int pzc_call(pzc_t *c, uint16_t op, const void *payload, size_t length, const int *send_fds, size_t nsend,
             struct pzc_reply *reply);

/* Closes every descriptor of a reply not taken by the caller (taken ones set to -1). */
void pzc_reply_close_fds(struct pzc_reply *reply);

/* Little-endian field access (the wire is little-endian; so is every machine this runs on, checked at compile). */
static inline uint32_t pzc_get_u32(const uint8_t *p) { uint32_t v; __builtin_memcpy(&v, p, 4); return v; }
static inline uint64_t pzc_get_u64(const uint8_t *p) { uint64_t v; __builtin_memcpy(&v, p, 8); return v; }
static inline void pzc_put_u32(uint8_t *p, uint32_t v) { __builtin_memcpy(p, &v, 4); }
static inline void pzc_put_u16(uint8_t *p, uint16_t v) { __builtin_memcpy(p, &v, 2); }

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the control protocol and the zbuf header are little-endian");

/* Unmaps every buffer (pzc_close, or a mapping that failed half-way). */
void pzc_unmap_buffers(pzc_t *c);

/* CLOCK_MONOTONIC in ns (vDSO: no system call). */
uint64_t pzc_now_ns(void);

#endif
