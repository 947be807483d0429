/*
 * pzc_buffers.c - registering the buffer pairs (ALLOC_ZBUF or SET_ZBUF), mapping them, and the wake-up channel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pzc_internal.h"

void pzc_unmap_buffers(pzc_t *c)
{
    for (uint32_t q = 0; q < c->nqueues; q++)
        for (int i = 0; i < 2; i++)
            if (c->queues[q].base[i] != NULL)
                munmap(c->queues[q].base[i], c->buffer_bytes);
    free(c->queues);
    c->queues = NULL;
    c->nqueues = 0;
    c->buffer_bytes = 0;
    c->loop_active = false;
}

/* Maps one buffer: MAP_SHARED (the appliance writes it, we write user_gen; fork() cannot detach our view).
 * The file must be exactly `bytes` long: a shorter one would SIGBUS on the first read past its end. */
static int map_buffer(pzc_t *c, int fd, size_t bytes, uint32_t index, uint8_t **out)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return pzc_fail(c, -errno, "fstat of buffer %u failed: %s", index, strerror(errno));
    if ((size_t)st.st_size != bytes)
        return pzc_fail(c, -EPROTO, "buffer %u is %lld bytes, not the %zu the appliance declared", index,
                        (long long)st.st_size, bytes);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        return pzc_fail(c, -errno, "mmap of buffer %u (%zu bytes) failed: %s", index, bytes, strerror(errno));
    *out = p;
    return 0;
}

/* Maps fds = A0, B0, A1, B1, ... as one descriptor per queue. On failure nothing stays mapped. */
static int map_pairs(pzc_t *c, const int *fds, size_t nfds, size_t bytes)
{
    if (c->nqueues > 0)
        return pzc_fail(c, -EBUSY, "buffers are already mapped on this connection");
    if (nfds == 0 || nfds % 2 != 0 || nfds / 2 != c->attached_queues)
        return pzc_fail(c, -EPROTO, "the appliance passed %zu buffer descriptors for %u queue(s), expected %u", nfds,
                        c->attached_queues, 2 * c->attached_queues);
    if (bytes <= sizeof(struct pz_buffer_header))
        return pzc_fail(c, -EPROTO, "buffer size %zu leaves no room after the %zu-byte header", bytes,
                        sizeof(struct pz_buffer_header));
    c->queues = calloc(nfds / 2, sizeof *c->queues);
    if (c->queues == NULL)
        return pzc_fail(c, -ENOMEM, "out of memory for %zu queues", nfds / 2);
    c->nqueues = (uint32_t)(nfds / 2);
    c->buffer_bytes = bytes;
    for (size_t i = 0; i < nfds; i++) {
        int err = map_buffer(c, fds[i], bytes, (uint32_t)i, &c->queues[i / 2].base[i % 2]);
        if (err < 0) {
            pzc_unmap_buffers(c);
            return err;
        }
    }
    c->scan_start = 0;
    return 0;
}

int pzc_alloc_buffers(pzc_t *c, uint32_t bytes, uint32_t policy, int *hugepage_backed)
{
    if (c->nqueues > 0)
        return pzc_fail(c, -EBUSY, "ALLOC_ZBUF: buffers are already registered on this connection");
    uint8_t payload[8];
    pzc_put_u32(payload, bytes);
    pzc_put_u32(payload + 4, policy);
    struct pzc_reply reply;
    int err = pzc_call(c, PZ_OP_ALLOC_ZBUF, payload, sizeof payload, NULL, 0, &reply);
    if (err < 0)
        return err;
    if (reply.length < 8) {
        pzc_reply_close_fds(&reply);
        return pzc_fail(c, -EPROTO, "ALLOC_ZBUF: reply payload of %zu bytes, expected 8", reply.length);
    }
    uint32_t granted = pzc_get_u32(reply.payload);
    uint32_t huge = pzc_get_u32(reply.payload + 4);
    err = map_pairs(c, reply.fds, reply.nfds, granted);
    pzc_reply_close_fds(&reply); /* the mappings outlive the descriptors */
    if (err < 0)
        return err;
    if (hugepage_backed != NULL)
        *hugepage_backed = huge != 0;
    return 0;
}

int pzc_loan_buffers(pzc_t *c, uint32_t bytes, const int *fds, uint32_t nfds)
{
    if (c->nqueues > 0)
        return pzc_fail(c, -EBUSY, "SET_ZBUF: buffers are already registered on this connection");
    if (fds == NULL && nfds > 0)
        return pzc_fail(c, -EINVAL, "SET_ZBUF: no descriptors");
    uint8_t payload[4];
    pzc_put_u32(payload, bytes);
    /* The appliance validates (count, sizes, distinct memfds) and says why it refuses: send as given. */
    int err = pzc_call(c, PZ_OP_SET_ZBUF, payload, sizeof payload, fds, nfds, NULL);
    if (err < 0)
        return err;
    return map_pairs(c, fds, nfds, bytes);
}

int pzc_enable_wakeup(pzc_t *c)
{
    if (c->eventfd >= 0)
        return 0;
    struct pzc_reply reply;
    int err = pzc_call(c, PZ_OP_GET_WAKEUP, NULL, 0, NULL, 0, &reply);
    if (err < 0)
        return err;
    if (reply.nfds != 2) {
        pzc_reply_close_fds(&reply);
        return pzc_fail(c, -EPROTO, "GET_WAKEUP replied with %zu descriptors, expected 2 (eventfd, page)", reply.nfds);
    }
    struct stat st;
    if (fstat(reply.fds[1], &st) < 0 || st.st_size < (off_t)sizeof(struct pz_wakeup_page)) {
        pzc_reply_close_fds(&reply);
        return pzc_fail(c, -EPROTO, "GET_WAKEUP: the wake-up page is missing or too small");
    }
    void *page = mmap(NULL, PZC_WAKEUP_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, reply.fds[1], 0);
    if (page == MAP_FAILED) {
        err = -errno;
        pzc_reply_close_fds(&reply);
        return pzc_fail(c, err, "mmap of the wake-up page failed: %s", strerror(-err));
    }
    c->wakeup_page = page;
    c->eventfd = reply.fds[0];
    reply.fds[0] = -1; /* kept; the page's fd is closed with the rest */
    pzc_reply_close_fds(&reply);
    return 0;
}
