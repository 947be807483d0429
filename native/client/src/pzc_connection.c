/*
 * pzc_connection.c - connecting, the configuration requests (one ioctl each in bpf(4)), statistics, closing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "pzc_internal.h"

int pzc_open(const char *path, pzc_t **out, char *errbuf)
{
    if (out == NULL)
        return -EINVAL;
    *out = NULL;
    if (path == NULL)
        path = PZ_CONTROL_SOCKET_DEFAULT;
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof address.sun_path) {
        if (errbuf != NULL)
            snprintf(errbuf, PZC_ERRBUF_SIZE, "control socket path %s is longer than %zu bytes", path,
                     sizeof address.sun_path - 1);
        return -ENAMETOOLONG;
    }
    strcpy(address.sun_path, path);

    pzc_t *c = calloc(1, sizeof *c);
    uint8_t *message = malloc(PZ_CONTROL_MAX_MESSAGE);
    if (c == NULL || message == NULL) {
        free(c);
        free(message);
        if (errbuf != NULL)
            snprintf(errbuf, PZC_ERRBUF_SIZE, "out of memory for a %d-byte message buffer", PZ_CONTROL_MAX_MESSAGE);
        return -ENOMEM;
    }
    c->message = message;
    c->eventfd = -1;
    c->spin_usec = PZC_DEFAULT_SPIN_USEC;
    c->tstamp_format = PZ_TSTAMP_NANOTIME;

    c->socket = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    int err = 0;
    if (c->socket < 0) {
        err = -errno;
        if (errbuf != NULL)
            snprintf(errbuf, PZC_ERRBUF_SIZE, "socket(AF_UNIX, SOCK_SEQPACKET) failed: %s", strerror(errno));
    } else if (connect(c->socket, (struct sockaddr *)&address, sizeof address) < 0) {
        err = -errno;
        if (errbuf != NULL)
            snprintf(errbuf, PZC_ERRBUF_SIZE, "cannot connect to the appliance's control socket %s: %s%s", path,
                     strerror(errno),
                     errno == ENOENT || errno == ECONNREFUSED ? " (is `appliance run` running?)" : "");
    } else {
        /* Bounds a hung appliance only: replies normally come at once. */
        struct timeval timeout = { .tv_sec = PZC_REPLY_TIMEOUT_SECONDS };
        setsockopt(c->socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
    if (err < 0) {
        if (c->socket >= 0)
            close(c->socket);
        free(c->message);
        free(c);
        return err;
    }
    *out = c;
    return 0;
}

int pzc_close(pzc_t *c)
{
    if (c == NULL)
        return 0;
    int err = 0;
    if (c->socket >= 0) {
        /* CLOSE first: the appliance detaches the descriptors before we unmap (it would on EOF as well). */
        err = pzc_call(c, PZ_OP_CLOSE, NULL, 0, NULL, 0, NULL);
        close(c->socket);
        c->socket = -1;
    }
    pzc_unmap_buffers(c);
    if (c->wakeup_page != NULL)
        munmap(c->wakeup_page, PZC_WAKEUP_PAGE_SIZE);
    if (c->eventfd >= 0)
        close(c->eventfd);
    free(c->message);
    free(c);
    return err;
}

static int call_u32(pzc_t *c, uint16_t op, uint32_t value)
{
    uint8_t payload[4];
    pzc_put_u32(payload, value);
    struct pzc_reply reply;
    int err = pzc_call(c, op, payload, sizeof payload, NULL, 0, &reply);
    if (err < 0)
        return err;
    pzc_reply_close_fds(&reply);
    return 0;
}

int pzc_set_bufmode(pzc_t *c, uint32_t mode) { return call_u32(c, PZ_OP_SET_BUFMODE, mode); }
int pzc_set_snaplen(pzc_t *c, uint32_t snaplen) { return call_u32(c, PZ_OP_SET_SNAPLEN, snaplen); }
int pzc_set_immediate(pzc_t *c, int on) { return call_u32(c, PZ_OP_SET_IMMEDIATE, on ? 1 : 0); }
int pzc_set_timeout(pzc_t *c, uint32_t milliseconds) { return call_u32(c, PZ_OP_SET_TIMEOUT, milliseconds); }

int pzc_set_tstamp(pzc_t *c, uint32_t format)
{
    int err = call_u32(c, PZ_OP_SET_TSTAMP, format);
    if (err == 0)
        c->tstamp_format = format;
    return err;
}

static int call_empty(pzc_t *c, uint16_t op)
{
    struct pzc_reply reply;
    int err = pzc_call(c, op, NULL, 0, NULL, 0, &reply);
    if (err < 0)
        return err;
    pzc_reply_close_fds(&reply);
    return 0;
}

int pzc_rotate(pzc_t *c) { return call_empty(c, PZ_OP_ROTATE); }
int pzc_flush(pzc_t *c) { return call_empty(c, PZ_OP_FLUSH); }
int pzc_lock(pzc_t *c) { return call_empty(c, PZ_OP_LOCK); }

/* A reply whose payload is shorter than its op defines is the appliance's bug: say which field is missing. */
static int short_reply(pzc_t *c, const char *op, const char *field, size_t length)
{
    return pzc_fail(c, -EPROTO, "%s: reply payload of %zu bytes has no %s", op, length, field);
}

int pzc_get_zmax(pzc_t *c, uint32_t *max_bytes)
{
    struct pzc_reply reply;
    int err = pzc_call(c, PZ_OP_GET_ZMAX, NULL, 0, NULL, 0, &reply);
    if (err < 0)
        return err;
    pzc_reply_close_fds(&reply);
    if (reply.length < 4)
        return short_reply(c, "GET_ZMAX", "max_buffer_bytes", reply.length);
    if (max_bytes != NULL)
        *max_bytes = pzc_get_u32(reply.payload);
    return 0;
}

int pzc_attach(pzc_t *c, const char *ifname, int queue, struct pzc_attach_info *info)
{
    if (ifname == NULL)
        return pzc_fail(c, -EINVAL, "ATTACH: no interface name");
    size_t name_length = strlen(ifname);
    if (name_length > PZ_CONTROL_MAX_MESSAGE - sizeof(struct pz_request_header) - 4)
        return pzc_fail(c, -EINVAL, "ATTACH: interface name of %zu bytes is too long", name_length);
    uint8_t payload[4 + name_length];
    pzc_put_u32(payload, (uint32_t)queue);
    memcpy(payload + 4, ifname, name_length); /* UTF-8, no NUL */
    struct pzc_reply reply;
    int err = pzc_call(c, PZ_OP_ATTACH, payload, sizeof payload, NULL, 0, &reply);
    if (err < 0)
        return err;
    pzc_reply_close_fds(&reply);
    if (reply.length < 12)
        return short_reply(c, "ATTACH", "queues, linktype and snaplen", reply.length);
    c->attached_queues = pzc_get_u32(reply.payload);
    if (info != NULL) {
        info->queues = c->attached_queues;
        info->linktype = pzc_get_u32(reply.payload + 4);
        info->snaplen = pzc_get_u32(reply.payload + 8);
    }
    return 0;
}

int pzc_set_filter_expr(pzc_t *c, const char *expression, uint32_t *instructions)
{
    if (expression == NULL)
        return pzc_fail(c, -EINVAL, "SET_FILTER_EXPR: no expression");
    struct pzc_reply reply;
    int err = pzc_call(c, PZ_OP_SET_FILTER_EXPR, expression, strlen(expression), NULL, 0, &reply);
    if (err < 0)
        return err;
    pzc_reply_close_fds(&reply);
    if (reply.length < 4)
        return short_reply(c, "SET_FILTER_EXPR", "instruction count", reply.length);
    if (instructions != NULL)
        *instructions = pzc_get_u32(reply.payload);
    return 0;
}

int pzc_set_filter_program(pzc_t *c, const struct pz_bpf_insn *program, uint32_t count)
{
    size_t max = (PZ_CONTROL_MAX_MESSAGE - sizeof(struct pz_request_header) - 4) / sizeof(struct pz_bpf_insn);
    if (count > max)
        return pzc_fail(c, -EINVAL, "SET_FILTER: %u instructions do not fit in one message (at most %zu)", count, max);
    if (program == NULL && count > 0)
        return pzc_fail(c, -EINVAL, "SET_FILTER: no program");
    size_t length = 4 + (size_t)count * sizeof(struct pz_bpf_insn);
    uint8_t *payload = malloc(length);
    if (payload == NULL)
        return pzc_fail(c, -ENOMEM, "SET_FILTER: out of memory");
    pzc_put_u32(payload, count);
    for (uint32_t i = 0; i < count; i++) { /* {u16 code, u8 jt, u8 jf, u32 k}, little-endian */
        uint8_t *at = payload + 4 + (size_t)i * 8;
        pzc_put_u16(at, program[i].code);
        at[2] = program[i].jt;
        at[3] = program[i].jf;
        pzc_put_u32(at + 4, program[i].k);
    }
    struct pzc_reply reply;
    int err = pzc_call(c, PZ_OP_SET_FILTER, payload, length, NULL, 0, &reply);
    free(payload);
    if (err < 0)
        return err;
    pzc_reply_close_fds(&reply);
    return 0;
}

int pzc_stats(pzc_t *c, struct pz_queue_stats *per_queue, uint32_t capacity, uint32_t *queues, uint64_t *nic_dropped)
{
    struct pzc_reply reply;
    int err = pzc_call(c, PZ_OP_GET_STATS, NULL, 0, NULL, 0, &reply);
    if (err < 0)
        return err;
    pzc_reply_close_fds(&reply);
    if (reply.length < 4)
        return short_reply(c, "GET_STATS", "queue count", reply.length);
    uint32_t n = pzc_get_u32(reply.payload);
    size_t need = 4 + (size_t)n * sizeof(struct pz_queue_stats) + 8;
    if (reply.length < need)
        return pzc_fail(c, -EPROTO, "GET_STATS: %u queues need %zu payload bytes, the reply has %zu", n, need,
                        reply.length);
    for (uint32_t q = 0; q < n && q < capacity && per_queue != NULL; q++) {
        const uint8_t *at = reply.payload + 4 + (size_t)q * sizeof(struct pz_queue_stats);
        per_queue[q] = (struct pz_queue_stats){
            .received = pzc_get_u64(at), .matched = pzc_get_u64(at + 8), .captured = pzc_get_u64(at + 16),
            .dropped = pzc_get_u64(at + 24), .captured_bytes = pzc_get_u64(at + 32),
            .hand_overs = pzc_get_u64(at + 40), .timeouts = pzc_get_u64(at + 48),
        };
    }
    if (queues != NULL)
        *queues = n;
    if (nic_dropped != NULL)
        *nic_dropped = pzc_get_u64(reply.payload + need - 8);
    if (n > capacity)
        return pzc_fail(c, -ENOSPC, "GET_STATS: %u queues, room for %u", n, capacity);
    return 0;
}

int pzc_list(pzc_t *c, char *text, size_t capacity)
{
    struct pzc_reply reply;
    int err = pzc_call(c, PZ_OP_LIST, NULL, 0, NULL, 0, &reply);
    if (err < 0)
        return err;
    pzc_reply_close_fds(&reply);
    if (text != NULL && capacity > 0) {
        size_t n = reply.length < capacity - 1 ? reply.length : capacity - 1;
        memcpy(text, reply.payload, n);
        text[n] = '\0';
    }
    return (int)reply.length;
}

void pzc_set_spin_usec(pzc_t *c, uint32_t usec) { c->spin_usec = usec; }
uint32_t pzc_queue_count(const pzc_t *c) { return c->nqueues; }
uint32_t pzc_buffer_size(const pzc_t *c) { return (uint32_t)c->buffer_bytes; }
int pzc_get_selectable_fd(const pzc_t *c) { return c->eventfd; }

uint64_t pzc_delivered(const pzc_t *c, uint32_t queue)
{
    return queue < c->nqueues ? c->queues[queue].delivered : 0;
}
