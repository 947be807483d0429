/*
 * The control socket protocol between the appliance and its consumers (docs/control-protocol.md).
 * The C# mirror is src/Zbuf/Control/ControlProtocol.cs; tests/Zbuf.Tests/AbiTests compares them.
 */
#ifndef PROBE_CONTROL_H
#define PROBE_CONTROL_H

#include <stddef.h>
#include <stdint.h>

#define PZ_CONTROL_SOCKET_DEFAULT "/run/probe-appliance/control.sock"
#define PZ_CONTROL_MAX_MESSAGE 65536 /* largest datagram either side sends */

enum pz_op {
    PZ_OP_SET_BUFMODE = 1,
    PZ_OP_GET_ZMAX = 2,
    PZ_OP_ATTACH = 3,
    PZ_OP_SET_ZBUF = 4,
    PZ_OP_ALLOC_ZBUF = 5,
    PZ_OP_SET_FILTER = 6,
    PZ_OP_SET_FILTER_EXPR = 7,
    PZ_OP_SET_SNAPLEN = 8,
    PZ_OP_SET_TSTAMP = 9,
    PZ_OP_SET_IMMEDIATE = 10,
    PZ_OP_SET_TIMEOUT = 11,
    PZ_OP_ROTATE = 12,
    PZ_OP_FLUSH = 13,
    PZ_OP_GET_STATS = 14,
    PZ_OP_LOCK = 15,
    PZ_OP_GET_WAKEUP = 16,
    PZ_OP_LIST = 17,
    PZ_OP_CLOSE = 18,
};

#define PZ_BUFMODE_BUFFER 1
#define PZ_BUFMODE_ZBUF 2
#define PZ_ATTACH_ALL_QUEUES (-1)
#define PZ_TSTAMP_NANOTIME 0
#define PZ_TSTAMP_MICROTIME 1
#define PZ_TSTAMP_BINTIME 2
#define PZ_HUGEPAGES_PREFER 0
#define PZ_HUGEPAGES_REQUIRE 1
#define PZ_HUGEPAGES_NEVER 2

struct pz_request_header {
    uint16_t op;
    uint16_t reserved;
    uint32_t sequence;
    uint32_t payload_length;
};

struct pz_reply_header {
    uint16_t op;
    uint16_t reserved;
    uint32_t sequence;
    int32_t status; /* 0 or -errno; on failure the payload is a UTF-8 reason */
};

struct pz_bpf_insn { /* struct bpf_insn */
    uint16_t code;
    uint8_t jt;
    uint8_t jf;
    uint32_t k;
};

struct pz_attach_reply {
    uint32_t queues;
    uint32_t linktype;
    uint32_t snaplen;
};

struct pz_queue_stats {
    uint64_t received;
    uint64_t matched;
    uint64_t captured;
    uint64_t dropped;
    uint64_t captured_bytes;
    uint64_t hand_overs;
    uint64_t timeouts;
};

/* The wake-up page: the consumer exchanges 1 into sleeping before it blocks on the eventfd. */
struct pz_wakeup_page {
    uint32_t sleeping;
};

_Static_assert(sizeof(struct pz_request_header) == 12, "request header is 12 bytes");
_Static_assert(sizeof(struct pz_reply_header) == 12, "reply header is 12 bytes");
_Static_assert(sizeof(struct pz_bpf_insn) == 8, "bpf_insn is 8 bytes");
_Static_assert(sizeof(struct pz_queue_stats) == 56, "queue stats are 7 u64");

#endif
