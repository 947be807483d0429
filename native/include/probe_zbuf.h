/*
 * The zero-copy buffer (zbuf) layout shared by the appliance and every consumer, in C.
 * The contract is shared/design/zbuf-protocol.md; the C# mirror is src/Zbuf (SharedHeader, RecordHeader),
 * and tests/Zbuf.Tests/AbiTests compiles this header and compares every offset and size.
 */
#ifndef PROBE_ZBUF_H
#define PROBE_ZBUF_H

#include <stddef.h>
#include <stdint.h>

/* First 32 bytes of each buffer. The consumer owns the buffer exactly when user_gen != kernel_gen. */
struct pz_buffer_header {
    uint32_t kernel_gen; /* producer: incremented (release) at each hand-over */
    uint32_t kernel_len; /* producer: bytes of records after the header, valid while consumer-owned */
    uint32_t user_gen;   /* consumer: set equal to kernel_gen (release) to hand the buffer back */
    uint32_t pad[5];     /* reserved, zero */
};

/* FreeBSD's struct bpf_ts: seconds, then nanoseconds (NANOTIME), microseconds (MICROTIME) or 2^-64 s (BINTIME). */
struct pz_ts {
    int64_t sec;
    uint64_t frac;
};

/* FreeBSD's struct bpf_xhdr; each record starts 8-byte aligned and its packet starts hdrlen bytes in. */
struct pz_record_header {
    struct pz_ts tstamp;
    uint32_t caplen;  /* bytes of packet present */
    uint32_t datalen; /* length on the wire */
    uint16_t hdrlen;  /* offset from record start to packet bytes */
};

/* SIZEOF_BPF_HDR: the header without its tail padding. */
#define PZ_RECORD_HEADER_SIZE (offsetof(struct pz_record_header, hdrlen) + sizeof(uint16_t))
#define PZ_RECORD_ALIGNMENT 8
#define PZ_ALIGN(x) (((x) + (PZ_RECORD_ALIGNMENT - 1)) & ~(size_t)(PZ_RECORD_ALIGNMENT - 1))
#define PZ_HDRLEN(linkhdrlen) (PZ_ALIGN((linkhdrlen) + PZ_RECORD_HEADER_SIZE) - (linkhdrlen))

_Static_assert(sizeof(struct pz_buffer_header) == 32, "the shared header is 32 bytes");
_Static_assert(PZ_RECORD_HEADER_SIZE == 26, "bpf_xhdr is 26 bytes up to hdrlen");

#endif
