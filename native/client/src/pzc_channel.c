/*
 * pzc_channel.c - one request, one reply: datagrams with file descriptors (SCM_RIGHTS) on the connected
 * SOCK_SEQPACKET control socket (docs/control-protocol.md, "Transport").
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pzc_internal.h"

static const char *op_name(uint16_t op)
{
    static const char *const names[] = {
        [PZ_OP_SET_BUFMODE] = "SET_BUFMODE", [PZ_OP_GET_ZMAX] = "GET_ZMAX", [PZ_OP_ATTACH] = "ATTACH",
        [PZ_OP_SET_ZBUF] = "SET_ZBUF", [PZ_OP_ALLOC_ZBUF] = "ALLOC_ZBUF", [PZ_OP_SET_FILTER] = "SET_FILTER",
        [PZ_OP_SET_FILTER_EXPR] = "SET_FILTER_EXPR", [PZ_OP_SET_SNAPLEN] = "SET_SNAPLEN",
        [PZ_OP_SET_TSTAMP] = "SET_TSTAMP", [PZ_OP_SET_IMMEDIATE] = "SET_IMMEDIATE", [PZ_OP_SET_TIMEOUT] = "SET_TIMEOUT",
        [PZ_OP_ROTATE] = "ROTATE", [PZ_OP_FLUSH] = "FLUSH", [PZ_OP_GET_STATS] = "GET_STATS", [PZ_OP_LOCK] = "LOCK",
        [PZ_OP_GET_WAKEUP] = "GET_WAKEUP", [PZ_OP_LIST] = "LIST", [PZ_OP_CLOSE] = "CLOSE",
    };
    return op < sizeof names / sizeof names[0] && names[op] != NULL ? names[op] : "request";
}

void pzc_reply_close_fds(struct pzc_reply *reply)
{
    for (size_t i = 0; i < reply->nfds; i++)
        if (reply->fds[i] >= 0)
            close(reply->fds[i]);
    reply->nfds = 0;
}

static int send_request(pzc_t *c, uint16_t op, size_t datagram_length, const int *send_fds, size_t nsend)
{
    union {
        struct cmsghdr align; /* cmsg buffers must be aligned for struct cmsghdr */
        char bytes[CMSG_SPACE(sizeof(int) * PZC_MAX_FDS)];
    } control;
    struct iovec iov = { .iov_base = c->message, .iov_len = datagram_length };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    if (nsend > 0) {
        memset(&control, 0, sizeof control);
        msg.msg_control = control.bytes;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * nsend);
        struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int) * nsend);
        memcpy(CMSG_DATA(cmsg), send_fds, sizeof(int) * nsend);
    }
    for (;;) {
        /* MSG_NOSIGNAL: an appliance that went away is an error to report, not a SIGPIPE that kills the consumer. */
        if (sendmsg(c->socket, &msg, MSG_NOSIGNAL) >= 0)
            return 0;
        if (errno != EINTR)
            return pzc_fail(c, -errno, "%s: sendmsg on the control socket failed: %s", op_name(op), strerror(errno));
    }
}

/* Takes every SCM_RIGHTS descriptor out of msg into reply (closing any beyond PZC_MAX_FDS). */
static void take_fds(struct msghdr *msg, struct pzc_reply *reply)
{
    for (struct cmsghdr *cmsg = CMSG_FIRSTHDR(msg); cmsg != NULL; cmsg = CMSG_NXTHDR(msg, cmsg)) {
        if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
            continue;
        size_t count = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        const unsigned char *data = CMSG_DATA(cmsg);
        for (size_t i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, data + i * sizeof(int), sizeof fd);
            if (reply->nfds < PZC_MAX_FDS)
                reply->fds[reply->nfds++] = fd;
            else
                close(fd);
        }
    }
}

/* Receives the reply to request `sequence`, skipping stale replies to requests that timed out earlier. */
static int receive_reply(pzc_t *c, uint16_t op, uint32_t sequence, struct pzc_reply *reply)
{
    for (;;) {
        union {
            struct cmsghdr align;
            char bytes[CMSG_SPACE(sizeof(int) * PZC_MAX_FDS)];
        } control;
        struct iovec iov = { .iov_base = c->message, .iov_len = PZ_CONTROL_MAX_MESSAGE };
        struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
                              .msg_control = control.bytes, .msg_controllen = sizeof control.bytes };
        reply->nfds = 0;
        /* MSG_CMSG_CLOEXEC: buffers and eventfds must not leak into programs this process execs. */
        ssize_t n = recvmsg(c->socket, &msg, MSG_CMSG_CLOEXEC);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return pzc_fail(c, -ETIMEDOUT, "%s: no reply from the appliance within %d s", op_name(op),
                                PZC_REPLY_TIMEOUT_SECONDS);
            return pzc_fail(c, -errno, "%s: recvmsg on the control socket failed: %s", op_name(op), strerror(errno));
        }
        take_fds(&msg, reply);
        if (n == 0) {
            pzc_reply_close_fds(reply);
            return pzc_fail(c, -ECONNRESET, "%s: the appliance closed the control connection", op_name(op));
        }
        if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
            pzc_reply_close_fds(reply);
            return pzc_fail(c, -EPROTO, "%s: reply truncated (%s)", op_name(op),
                            (msg.msg_flags & MSG_TRUNC) ? "longer than the protocol's 65536 bytes"
                                                        : "more file descriptors than expected");
        }
        if ((size_t)n < sizeof(struct pz_reply_header)) {
            pzc_reply_close_fds(reply);
            return pzc_fail(c, -EPROTO, "%s: reply of %zd bytes is shorter than the 12-byte header", op_name(op), n);
        }
        struct pz_reply_header header;
        memcpy(&header, c->message, sizeof header);
        const uint8_t *payload = c->message + sizeof header;
        size_t length = (size_t)n - sizeof header;

        /* Sequence 0 is never ours: the appliance refusing the connection itself (peer credentials). */
        bool unsolicited = header.sequence == 0 && header.status < 0;
        if (!unsolicited && header.sequence != sequence) {
            pzc_reply_close_fds(reply);
            if ((int32_t)(header.sequence - sequence) < 0)
                continue; /* the late reply to an earlier request we gave up on */
            return pzc_fail(c, -EPROTO, "%s: reply carries sequence %u, expected %u", op_name(op), header.sequence,
                            sequence);
        }
        if (!unsolicited && header.op != op) {
            pzc_reply_close_fds(reply);
            return pzc_fail(c, -EPROTO, "%s: reply is for op %u", op_name(op), header.op);
        }
        if (header.status < 0) {
            pzc_reply_close_fds(reply);
            if (length == 0)
                return pzc_fail(c, header.status, "%s refused: %s", op_name(op), strerror(-header.status));
            return pzc_fail(c, header.status, "%.*s", (int)length, (const char *)payload);
        }
        if (header.status > 0) {
            pzc_reply_close_fds(reply);
            return pzc_fail(c, -EPROTO, "%s: reply status %d is neither 0 nor a negative errno", op_name(op),
                            header.status);
        }
        reply->payload = payload;
        reply->length = length;
        return 0;
    }
}

int pzc_call(pzc_t *c, uint16_t op, const void *payload, size_t length, const int *send_fds, size_t nsend,
             struct pzc_reply *reply)
{
    struct pzc_reply scratch;
    if (reply == NULL)
        reply = &scratch;
    reply->payload = NULL;
    reply->length = 0;
    reply->nfds = 0;
    if (c->socket < 0)
        return pzc_fail(c, -ENOTCONN, "%s: the control connection is closed", op_name(op));
    if (length > PZ_CONTROL_MAX_MESSAGE - sizeof(struct pz_request_header))
        return pzc_fail(c, -EMSGSIZE, "%s: a payload of %zu bytes does not fit in one %d-byte message", op_name(op),
                        length, PZ_CONTROL_MAX_MESSAGE);
    if (nsend > PZC_MAX_FDS)
        return pzc_fail(c, -EINVAL, "%s: %zu file descriptors; one message carries at most %d", op_name(op), nsend,
                        PZC_MAX_FDS);

    uint32_t sequence = ++c->sequence;
    if (sequence == 0) /* 0 marks unsolicited replies: skip it when the counter wraps */
        sequence = ++c->sequence;
    struct pz_request_header header = { .op = op, .reserved = 0, .sequence = sequence,
                                        .payload_length = (uint32_t)length };
    memcpy(c->message, &header, sizeof header);
    if (length > 0)
        memcpy(c->message + sizeof header, payload, length);

    int err = send_request(c, op, sizeof header + length, send_fds, nsend);
    if (err < 0)
        return err;
    err = receive_reply(c, op, sequence, reply);
    if (reply == &scratch)
        pzc_reply_close_fds(reply);
    return err;
}
