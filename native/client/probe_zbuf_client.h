/*
 * probe_zbuf_client.h - a C consumer of the appliance's zero-copy BPF descriptors (libprobe_zbuf_client).
 *
 * The appliance plays the FreeBSD kernel's part in bpf(4) zero-copy mode; this library plays libpcap's.
 * One handle is one connection to the control socket (docs/control-protocol.md) and one descriptor per
 * attached rx queue, each with its two buffers A and B (shared/design/zbuf-protocol.md).
 *
 *   pzc_t *c;  char err[PZC_ERRBUF_SIZE];
 *   if (pzc_open(NULL, &c, err) < 0) { fprintf(stderr, "%s\n", err); ... }
 *   pzc_set_bufmode(c, PZ_BUFMODE_ZBUF);
 *   pzc_attach(c, "demo0", PZ_ATTACH_ALL_QUEUES, &info);
 *   pzc_set_filter_expr(c, "tcp port 80", NULL);
 *   pzc_alloc_buffers(c, 2 << 20, PZ_HUGEPAGES_PREFER, NULL);
 *   pzc_enable_wakeup(c);
 *   pzc_loop(c, 1000, handler, user);            (or pzc_next_buffer / pzc_record_next / pzc_release)
 *   pzc_close(c);
 *
 * Conventions: every int-returning call returns 0 (or a count) on success and a negative errno on failure;
 * pzc_geterr(c) then holds a reason meant for people: the appliance's own text for a refusal
 * ("no interface 'eth9' (interfaces: demo0)", libpcap's message for a bad filter expression), or
 * what failed locally ("mmap of buffer 1 (2097152 bytes) failed: Cannot allocate memory").
 * A handle is not thread-safe, except pzc_breakloop, which any thread or a signal handler may call.
 *
 * Reading costs no system call while buffers are ready: pzc_next_buffer is an acquire-load and a compare,
 * pzc_release a release-store. Only a consumer that finds nothing ready sleeps, through the wake-up
 * protocol (pzc_enable_wakeup), after a short bounded spin (pzc_set_spin_usec).
 */
#ifndef PROBE_ZBUF_CLIENT_H
#define PROBE_ZBUF_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "probe_control.h" /* PZ_OP_*, PZ_BUFMODE_*, PZ_TSTAMP_*, PZ_HUGEPAGES_*, struct pz_queue_stats, pz_bpf_insn */
#include "probe_zbuf.h"    /* struct pz_buffer_header, struct pz_record_header */

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PZC_API __attribute__((visibility("default")))
#else
#define PZC_API
#endif

/* Size of the buffer pzc_open fills on failure, and of the longest reason pzc_geterr returns (cut beyond). */
#define PZC_ERRBUF_SIZE 1024

/* A connection to the appliance and its descriptors. */
typedef struct pzc pzc_t;

/* What ATTACH answered. */
struct pzc_attach_info {
    uint32_t queues;   /* descriptors (one per rx queue) this connection now has: buffer pairs needed */
    uint32_t linktype; /* LINKTYPE_ value of the interface (pzc_linktype_to_dlt for pcap_open_dead) */
    uint32_t snaplen;  /* the interface's snap length */
};

/* A buffer leased from one queue's descriptor: the appliance will not touch it until pzc_release. */
struct pzc_buffer {
    const uint8_t *records; /* first record (just past the 32-byte shared header); NULL once released */
    uint32_t length;        /* kernel_len, clamped to the mapping: records never extend past records + length */
    uint32_t generation;    /* kernel_gen read when leased: the value pzc_release stores into user_gen */
    uint32_t queue;         /* index of the queue (0 .. queues-1, in ATTACH order) */
    uint32_t which;         /* 0: buffer A, 1: buffer B */
};

/* One record, as read from a buffer. Points into the leased buffer: valid until pzc_release. */
struct pzc_record {
    int64_t sec;          /* tstamp.sec */
    uint64_t frac;        /* tstamp.frac: ns (NANOTIME), us (MICROTIME) or 2^-64 s (BINTIME) */
    uint32_t caplen;      /* bytes at data */
    uint32_t datalen;     /* length on the wire */
    const uint8_t *data;  /* packet bytes (record start + the record's own hdrlen) */
    uint32_t offset;      /* where this record starts, from pzc_buffer.records */
};

/* Walks the records of one buffer; see pzc_records_init. Plain data: copy freely, no cleanup. */
struct pzc_record_iter {
    const uint8_t *records;
    uint32_t length;
    uint32_t next;        /* offset of the next record */
    int error;            /* 0, or -EBADMSG once a malformed record stopped the walk */
    char reason[160];     /* why it stopped, when error != 0 */
};

/* The same layout as libpcap's struct pcap_pkthdr (checked by the tests), so pcap_dump can be a pzc_handler. */
struct pzc_pkthdr {
    struct timeval ts; /* microseconds, converted from the descriptor's timestamp format */
    uint32_t caplen;
    uint32_t len;
};

/* pcap_handler's shape: (user, header, packet bytes). The bytes are valid only during the call. */
typedef void (*pzc_handler)(unsigned char *user, const struct pzc_pkthdr *header, const unsigned char *bytes);

/* ---- connection and configuration (one request each; the reply's reason lands in pzc_geterr) ---- */

/* Connects to the control socket at path (NULL: PZ_CONTROL_SOCKET_DEFAULT). On failure *out is NULL and errbuf
 * (PZC_ERRBUF_SIZE bytes, may be NULL) says why. */
PZC_API int pzc_open(const char *path, pzc_t **out, char *errbuf);

/* The reason of the last failure on c ("" if none yet). Valid until the next call on c. */
PZC_API const char *pzc_geterr(const pzc_t *c);

/* SET_BUFMODE: PZ_BUFMODE_ZBUF (buffered mode is refused with -EOPNOTSUPP). */
PZC_API int pzc_set_bufmode(pzc_t *c, uint32_t mode);

/* GET_ZMAX: the largest buffer size the appliance accepts. */
PZC_API int pzc_get_zmax(pzc_t *c, uint32_t *max_bytes);

/* ATTACH to an interface: queue is an rx queue index or PZ_ATTACH_ALL_QUEUES. info may be NULL. */
PZC_API int pzc_attach(pzc_t *c, const char *ifname, int queue, struct pzc_attach_info *info);

PZC_API int pzc_set_snaplen(pzc_t *c, uint32_t snaplen);

/* SET_FILTER_EXPR: compiled by libpcap in the appliance for the interface's link type (attach first).
 * instructions (may be NULL) gets the compiled program's length. A bad expression: -EINVAL, libpcap's message. */
PZC_API int pzc_set_filter_expr(pzc_t *c, const char *expression, uint32_t *instructions);

/* SET_FILTER: a classic BPF program (struct bpf_insn has the same layout as struct pz_bpf_insn). */
PZC_API int pzc_set_filter_program(pzc_t *c, const struct pz_bpf_insn *program, uint32_t count);

/* SET_TSTAMP: PZ_TSTAMP_NANOTIME (default), PZ_TSTAMP_MICROTIME or PZ_TSTAMP_BINTIME. Remembered for pzc_loop. */
PZC_API int pzc_set_tstamp(pzc_t *c, uint32_t format);

PZC_API int pzc_set_immediate(pzc_t *c, int on);

/* SET_TIMEOUT: a partly filled buffer is handed over after this long (0: only full buffers). */
PZC_API int pzc_set_timeout(pzc_t *c, uint32_t milliseconds);

/* ALLOC_ZBUF: the appliance creates 2 buffers per queue (policy PZ_HUGEPAGES_*) and passes them; they are mapped
 * here. hugepage_backed (may be NULL) says whether they are. Capture starts now. */
PZC_API int pzc_alloc_buffers(pzc_t *c, uint32_t bytes, uint32_t policy, int *hugepage_backed);

/* SET_ZBUF: loans the caller's own buffers, fds[0..nfds) = A0, B0, A1, B1, ... (2 per queue, each exactly bytes
 * long, e.g. memfd_create + ftruncate). They are mapped here too; the caller keeps its fds and may close them
 * once this returns. Capture starts now. */
PZC_API int pzc_loan_buffers(pzc_t *c, uint32_t bytes, const int *fds, uint32_t nfds);

/* GET_WAKEUP: lets pzc_next_buffer sleep on an eventfd instead of polling in 1 ms steps. */
PZC_API int pzc_enable_wakeup(pzc_t *c);

/* How long pzc_next_buffer spins (no system call) before it sleeps when nothing is ready. Default 50 us; 0: never. */
PZC_API void pzc_set_spin_usec(pzc_t *c, uint32_t usec);

PZC_API int pzc_rotate(pzc_t *c); /* ROTATE: hand over a partly filled store now (if a buffer is free) */
PZC_API int pzc_flush(pzc_t *c);  /* FLUSH: discard what is not handed over yet and zero the counters */
PZC_API int pzc_lock(pzc_t *c);   /* LOCK: further configuration is refused with -EPERM */

/* GET_STATS: fills up to capacity entries of per_queue (may be NULL with capacity 0); *queues (may be NULL) gets
 * the number of descriptors, *nic_dropped (may be NULL) the interface's own drops. -ENOSPC if capacity is short
 * (the first capacity entries are still filled). */
PZC_API int pzc_stats(pzc_t *c, struct pz_queue_stats *per_queue, uint32_t capacity, uint32_t *queues,
                      uint64_t *nic_dropped);

/* LIST: every descriptor of the appliance as text lines, NUL-terminated (cut to capacity). Returns the full length. */
PZC_API int pzc_list(pzc_t *c, char *text, size_t capacity);

/* CLOSE, then unmaps every buffer, closes every fd and frees c (always, even when CLOSE fails). NULL is a no-op. */
PZC_API int pzc_close(pzc_t *c);

/* ---- reading ---- */

PZC_API uint32_t pzc_queue_count(const pzc_t *c); /* descriptors with buffers mapped (0 before alloc/loan) */
PZC_API uint32_t pzc_buffer_size(const pzc_t *c); /* bytes per buffer, header included */

/* The eventfd that becomes readable when a buffer is handed over to a consumer that said it sleeps (-1 before
 * pzc_enable_wakeup), for an outer poll/epoll loop:
 *     while (pzc_next_buffer(c, 0, &buf) == 1) { ...; pzc_release(c, &buf); }
 *     if (pzc_prepare_wait(c) == 0)
 *         poll / epoll_wait on pzc_get_selectable_fd(c) and the program's other fds;
 * The appliance writes the eventfd only after pzc_prepare_wait said so. A wake-up can be spurious (the appliance's
 * check for an earlier hand-over saw this sleep): pzc_next_buffer then returns 0, and the loop prepares again. */
PZC_API int pzc_get_selectable_fd(const pzc_t *c);

/* Tells the appliance we are about to sleep (the wake-up protocol's steps 1 and 2: reset the eventfd, exchange 1
 * into the shared word, look at every queue once more). Returns 0 if it is safe to block on the selectable fd, 1 if
 * a buffer is ready already (do not block), -EINVAL without pzc_enable_wakeup. */
PZC_API int pzc_prepare_wait(pzc_t *c);

/* Leases the next handed-over buffer of any queue (queues are visited round robin; each queue's buffers strictly
 * A, B, A, ...). Waits up to timeout_ms (0: do not wait, -1: forever).
 * Returns 1 with *buf filled, 0 on timeout, -EINTR after pzc_breakloop, -EBUSY if every queue already has a buffer
 * leased, -EINVAL without buffers. A queue whose buffer is leased is skipped until that buffer is released. */
PZC_API int pzc_next_buffer(pzc_t *c, int timeout_ms, struct pzc_buffer *buf);

/* Hands buf back (release-store of user_gen = generation) and clears it. -EINVAL if buf is not a live lease of c. */
PZC_API int pzc_release(pzc_t *c, struct pzc_buffer *buf);

/* Starts a walk over buf's records. */
PZC_API void pzc_records_init(struct pzc_record_iter *it, const struct pzc_buffer *buf);

/* The next record: 1 with *rec filled, 0 at the end (kernel_len reached), -EBADMSG if the record at it->next is
 * malformed (it->reason says how; the walk stays stopped). Never reads outside [records, records + length). */
PZC_API int pzc_record_next(struct pzc_record_iter *it, struct pzc_record *rec);

/* A record's timestamp as nanoseconds after the second, for the given PZ_TSTAMP_* format. */
PZC_API uint32_t pzc_frac_to_nsec(uint64_t frac, uint32_t format);

/* ---- libpcap-style loop ---- */

/* Delivers up to cnt records (cnt <= 0: all of one buffer) from the buffer being read, or from the next buffer,
 * waiting up to timeout_ms for one. A buffer is released once all its records are delivered; a count reached in
 * the middle keeps it leased and the next call resumes there. Returns the number delivered (0: timeout),
 * -EINTR after pzc_breakloop, -EBADMSG for a malformed record (the rest of that buffer is skipped and released). */
PZC_API int pzc_dispatch(pzc_t *c, int cnt, int timeout_ms, pzc_handler handler, unsigned char *user);

/* Delivers cnt records (cnt <= 0: forever), waiting as long as needed. Returns 0 once cnt are delivered, -EINTR
 * after pzc_breakloop, or another negative errno (-EBADMSG: a malformed record); *delivered (may be NULL) gets the
 * number delivered in every case. */
PZC_API int pzc_loop(pzc_t *c, int64_t cnt, pzc_handler handler, unsigned char *user, uint64_t *delivered);

/* Makes pzc_loop / pzc_dispatch / pzc_next_buffer return -EINTR as soon as possible (once). Async-signal-safe. */
PZC_API void pzc_breakloop(pzc_t *c);

/* Records delivered so far by pzc_dispatch/pzc_loop on queue q (0 for an unknown queue). */
PZC_API uint64_t pzc_delivered(const pzc_t *c, uint32_t queue);

/* LINKTYPE_ (what ATTACH reports, what files store) to Linux DLT_ (what pcap_open_dead wants), as libpcap's
 * linktype_to_dlt: the two differ only for a few historical types (LINKTYPE_RAW 101 is DLT_RAW 12). */
PZC_API int pzc_linktype_to_dlt(uint32_t linktype);

#ifdef __cplusplus
}
#endif

#endif
