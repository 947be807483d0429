/*
 * pzc_loop.c - libpcap's pcap_dispatch/pcap_loop over zero-copy buffers: records are handed to a pcap_handler-
 * shaped callback in place, and a buffer goes back to the appliance as soon as its last record is delivered.
 */
#include <errno.h>
#include <limits.h>

#include "pzc_internal.h"

static void finish_buffer(pzc_t *c)
{
    pzc_release(c, &c->loop_buffer);
    c->loop_active = false;
}

int pzc_dispatch(pzc_t *c, int cnt, int timeout_ms, pzc_handler handler, unsigned char *user)
{
    if (!c->loop_active) {
        int r = pzc_next_buffer(c, timeout_ms, &c->loop_buffer);
        if (r <= 0)
            return r;
        pzc_records_init(&c->loop_iter, &c->loop_buffer);
        c->loop_active = true;
    }
    struct pzc_queue *q = &c->queues[c->loop_buffer.queue];
    int delivered = 0;
    while (cnt <= 0 || delivered < cnt) {
        /* As pcap_dispatch: a pzc_breakloop is honoured between two packets. */
        if (__atomic_load_n(&c->break_requested, __ATOMIC_RELAXED) &&
            __atomic_exchange_n(&c->break_requested, 0, __ATOMIC_ACQ_REL))
            return -EINTR;
        struct pzc_record rec;
        int r = pzc_record_next(&c->loop_iter, &rec);
        if (r == 0)
            break;
        if (r < 0) {
            pzc_fail(c, r, "queue %u, buffer %c, generation %u: %s", c->loop_buffer.queue,
                     c->loop_buffer.which ? 'B' : 'A', c->loop_buffer.generation, c->loop_iter.reason);
            finish_buffer(c); /* the rest of this buffer cannot be trusted; the next one may be fine */
            return r;
        }
        uint32_t ns = pzc_frac_to_nsec(rec.frac, c->tstamp_format);
        struct pzc_pkthdr header = {
            .ts = { .tv_sec = (time_t)rec.sec, .tv_usec = (suseconds_t)(ns / 1000u) },
            .caplen = rec.caplen,
            .len = rec.datalen,
        };
        handler(user, &header, rec.data);
        q->delivered++;
        delivered++;
    }
    /* Hand the buffer back as soon as nothing in it is left to deliver, not at the next call. */
    if (c->loop_iter.next >= c->loop_iter.length)
        finish_buffer(c);
    return delivered;
}

int pzc_loop(pzc_t *c, int64_t cnt, pzc_handler handler, unsigned char *user, uint64_t *delivered)
{
    uint64_t total = 0;
    int r = 0;
    while (cnt <= 0 || total < (uint64_t)cnt) {
        int64_t left = cnt <= 0 ? 0 : cnt - (int64_t)total;
        r = pzc_dispatch(c, left > INT_MAX ? INT_MAX : (int)left, -1, handler, user);
        if (r < 0)
            break;
        total += (uint64_t)r;
        r = 0;
    }
    if (delivered != NULL)
        *delivered = total;
    return r;
}
