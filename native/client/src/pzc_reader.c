/*
 * pzc_reader.c - leasing buffers and handing them back (zbuf-protocol.md section 1), and waiting for one without
 * spinning (control-protocol.md, "Reading without system calls, sleeping without spinning").
 */
#define _GNU_SOURCE /* POLLRDHUP */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pzc_internal.h"

uint64_t pzc_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); /* vDSO: no system call */
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline struct pz_buffer_header *header_of(const struct pzc_queue *q, uint32_t which)
{
    return (struct pz_buffer_header *)q->base[which];
}

/* Whether queue q's next buffer is consumer-owned; if so *generation is its kernel_gen. */
static inline bool next_is_ready(const struct pzc_queue *q, uint32_t *generation)
{
    struct pz_buffer_header *h = header_of(q, q->next);
    /* Acquire: partner of the producer's release-increment of kernel_gen. kernel_len and the records, read after
     * this, are at least as new as the hand-over that produced this generation. */
    uint32_t kernel_gen = __atomic_load_n(&h->kernel_gen, __ATOMIC_ACQUIRE);
    /* Only we write user_gen, so our own last store is what this reads. */
    uint32_t user_gen = __atomic_load_n(&h->user_gen, __ATOMIC_RELAXED);
    *generation = kernel_gen;
    return kernel_gen != user_gen; /* only equality is compared: wrap-around is harmless */
}

/* Looks at every queue once, starting after the last one served (so a busy queue cannot starve the others).
 * Returns 1 with a lease, 0 if nothing is ready, -EBUSY if every queue already has a buffer leased. */
static int scan(pzc_t *c, struct pzc_buffer *buf)
{
    uint32_t n = c->nqueues;
    uint32_t leased = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t index = c->scan_start + i;
        if (index >= n)
            index -= n;
        struct pzc_queue *q = &c->queues[index];
        if (q->leased) {
            leased++;
            continue;
        }
        uint32_t generation;
        if (!next_is_ready(q, &generation))
            continue;
        struct pz_buffer_header *h = header_of(q, q->next);
        size_t usable = c->buffer_bytes - sizeof(struct pz_buffer_header);
        /* Ordered after the acquire above. Clamped: a producer's bad length must not send us past the mapping. */
        uint32_t length = __atomic_load_n(&h->kernel_len, __ATOMIC_RELAXED);
        if (length > usable)
            length = (uint32_t)usable;
        q->leased = true;
        q->leased_generation = generation;
        *buf = (struct pzc_buffer){
            .records = q->base[q->next] + sizeof(struct pz_buffer_header),
            .length = length,
            .generation = generation,
            .queue = index,
            .which = q->next,
        };
        c->scan_start = index + 1 == n ? 0 : index + 1;
        return 1;
    }
    return leased == n ? -EBUSY : 0;
}

static inline bool take_break(pzc_t *c)
{
    return __atomic_load_n(&c->break_requested, __ATOMIC_RELAXED) &&
           __atomic_exchange_n(&c->break_requested, 0, __ATOMIC_ACQ_REL);
}

void pzc_breakloop(pzc_t *c)
{
    __atomic_store_n(&c->break_requested, 1, __ATOMIC_SEQ_CST);
    if (c->eventfd >= 0) {
        /* Wakes a pzc_next_buffer blocked in poll(); write(2) is async-signal-safe. A saturated counter (EAGAIN)
         * is still readable, which is all we need. */
        uint64_t one = 1;
        ssize_t ignored = write(c->eventfd, &one, sizeof one);
        (void)ignored;
    }
}

/* Whether the control connection has ended. The socket is readable between requests only at EOF (the appliance
 * stopped or dropped us) or for an unsolicited message; peek to tell which, without consuming anything. */
static bool connection_ended(pzc_t *c)
{
    char byte;
    ssize_t n = recv(c->socket, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* Blocks up to timeout_ms (-1: forever) on the eventfd and the control socket (so a vanished appliance ends the
 * wait), or, without a wake-up channel, up to 1 ms on the socket alone. Returns -ECONNRESET if the connection
 * ended, else 0. */
static int sleep_once(pzc_t *c, int timeout_ms)
{
    struct pollfd p[2] = {
        { .fd = c->socket, .events = POLLIN | POLLRDHUP },
        { .fd = c->eventfd, .events = POLLIN },
    };
    int nfds = c->eventfd >= 0 ? 2 : 1;
    if (c->eventfd < 0 && (timeout_ms < 0 || timeout_ms > 1))
        timeout_ms = 1; /* no wake-up channel: short naps, so a hand-over is noticed within a millisecond */
    int n = poll(p, (nfds_t)nfds, timeout_ms); /* EINTR: a signal; the caller re-checks the break flag and queues */
    if (n <= 0)
        return 0;
    if (nfds == 2 && (p[1].revents & POLLIN)) {
        uint64_t count;
        ssize_t ignored = read(c->eventfd, &count, sizeof count); /* resets it; the fd is non-blocking */
        (void)ignored;
    }
    if (p[0].revents != 0 && connection_ended(c))
        return -ECONNRESET;
    return 0;
}

int pzc_prepare_wait(pzc_t *c)
{
    if (c->wakeup_page == NULL)
        return pzc_fail(c, -EINVAL, "pzc_prepare_wait: no wake-up channel (call pzc_enable_wakeup first)");
    uint64_t count;
    ssize_t ignored = read(c->eventfd, &count, sizeof count); /* non-blocking: clears an old signal, if any */
    (void)ignored;
    /* Full barrier, partner of the appliance's barrier after each hand-over (as in pzc_next_buffer). */
    __atomic_exchange_n(&c->wakeup_page->sleeping, 1, __ATOMIC_SEQ_CST);
    for (uint32_t q = 0; q < c->nqueues; q++) {
        uint32_t generation;
        if (!c->queues[q].leased && next_is_ready(&c->queues[q], &generation)) {
            __atomic_store_n(&c->wakeup_page->sleeping, 0, __ATOMIC_RELAXED);
            return 1;
        }
    }
    return 0;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

int pzc_next_buffer(pzc_t *c, int timeout_ms, struct pzc_buffer *buf)
{
    if (c->nqueues == 0)
        return pzc_fail(c, -EINVAL, "no buffers: call pzc_alloc_buffers or pzc_loan_buffers first");
    if (take_break(c))
        return -EINTR;
    /* The hot path: a ready buffer costs an acquire-load and a compare per queue, and no system call. */
    int r = scan(c, buf);
    if (r != 0)
        return r < 0 ? pzc_fail(c, r, "every queue already has a buffer leased: release one first") : r;
    if (timeout_ms == 0)
        return 0;

    uint64_t start = pzc_now_ns();
    uint64_t deadline = timeout_ms < 0 ? UINT64_MAX : start + (uint64_t)timeout_ms * 1000000u;

    /* A short spin first: a producer about to hand over costs us no system call and no sleep latency. */
    uint64_t spin_until = start + (uint64_t)c->spin_usec * 1000u;
    while (c->spin_usec > 0) {
        for (int i = 0; i < 64; i++)
            cpu_relax();
        if ((r = scan(c, buf)) > 0)
            return r;
        if (take_break(c))
            return -EINTR;
        uint64_t now = pzc_now_ns();
        if (now >= spin_until || now >= deadline)
            break;
    }

    for (;;) {
        int ended;
        uint64_t now = pzc_now_ns();
        if (now >= deadline)
            return 0;
        int wait_ms = deadline == UINT64_MAX ? -1 : (int)((deadline - now + 999999u) / 1000000u);
        if (c->wakeup_page != NULL) {
            /* Step 1: say we sleep. The exchange is a full barrier, partner of the appliance's barrier after each
             * hand-over: either it sees sleeping == 1 and writes the eventfd, or step 2 sees its hand-over. */
            __atomic_exchange_n(&c->wakeup_page->sleeping, 1, __ATOMIC_SEQ_CST);
            /* Step 2: every queue once more. */
            r = scan(c, buf);
            if (r > 0 || take_break(c)) {
                __atomic_store_n(&c->wakeup_page->sleeping, 0, __ATOMIC_RELAXED);
                return r > 0 ? r : -EINTR;
            }
            /* Step 3: block, then reset the eventfd. */
            ended = sleep_once(c, wait_ms);
            /* Awake: a hand-over need not cost the appliance a write(2) any more. */
            __atomic_store_n(&c->wakeup_page->sleeping, 0, __ATOMIC_RELAXED);
        } else {
            ended = sleep_once(c, wait_ms);
        }
        if ((r = scan(c, buf)) > 0)
            return r; /* buffers handed over before the end are still ours to read */
        if (take_break(c))
            return -EINTR;
        if (ended < 0)
            return pzc_fail(c, ended, "the appliance closed the control connection (stopped?)");
    }
}

int pzc_release(pzc_t *c, struct pzc_buffer *buf)
{
    if (buf == NULL || buf->records == NULL || buf->queue >= c->nqueues)
        return pzc_fail(c, -EINVAL, "pzc_release: not a leased buffer (already released?)");
    struct pzc_queue *q = &c->queues[buf->queue];
    if (!q->leased || buf->which != q->next || buf->generation != q->leased_generation ||
        buf->records != q->base[q->next] + sizeof(struct pz_buffer_header))
        return pzc_fail(c, -EINVAL, "pzc_release: buffer %c of queue %u generation %u is not the one leased",
                        buf->which ? 'B' : 'A', buf->queue, buf->generation);
    /* Release: every read of this buffer happens before the store; partner of the producer's acquire-load of
     * user_gen before it writes into the buffer again. */
    __atomic_store_n(&header_of(q, q->next)->user_gen, buf->generation, __ATOMIC_RELEASE);
    q->next ^= 1; /* hand-over order is strictly A, B, A, B... */
    q->leased = false;
    memset(buf, 0, sizeof *buf);
    return 0;
}
