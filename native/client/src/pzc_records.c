/*
 * pzc_records.c - walking the records of a leased buffer (zbuf-protocol.md section 3) without trusting them:
 * every header is read once, every advance is checked against kernel_len, packet bytes are found through the
 * record's own hdrlen, and the padding between records is never read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pzc_internal.h"

void pzc_records_init(struct pzc_record_iter *it, const struct pzc_buffer *buf)
{
    it->records = buf->records;
    it->length = buf->records == NULL ? 0 : buf->length;
    it->next = 0;
    it->error = 0;
    it->reason[0] = '\0';
}

static int malformed(struct pzc_record_iter *it, uint32_t offset, const char *format, uint32_t a, uint32_t b)
{
    char detail[96];
    snprintf(detail, sizeof detail, format, a, b);
    snprintf(it->reason, sizeof it->reason, "malformed record at offset %u: %s", offset, detail);
    it->error = -EBADMSG;
    return it->error;
}

int pzc_record_next(struct pzc_record_iter *it, struct pzc_record *rec)
{
    if (it->error != 0)
        return it->error;
    uint32_t offset = it->next;
    if (offset >= it->length)
        return 0;
    uint32_t left = it->length - offset;
    if (left < PZ_RECORD_HEADER_SIZE)
        return malformed(it, offset, "%u bytes left, less than a %u-byte record header", left,
                         (uint32_t)PZ_RECORD_HEADER_SIZE);

    /* One copy of the header: each field is read exactly once, so a value checked is the value used. */
    struct pz_record_header h;
    memcpy(&h, it->records + offset, PZ_RECORD_HEADER_SIZE);
    if (h.hdrlen < PZ_RECORD_HEADER_SIZE)
        return malformed(it, offset, "hdrlen %u is shorter than the %u-byte record header", h.hdrlen,
                         (uint32_t)PZ_RECORD_HEADER_SIZE);
    uint64_t end = (uint64_t)offset + h.hdrlen + h.caplen; /* 64-bit: caplen near 2^32 cannot wrap */
    if (end > it->length)
        return malformed(it, offset, "hdrlen + caplen %u runs past kernel_len %u", (uint32_t)(end - offset),
                         it->length);

    rec->sec = h.tstamp.sec;
    rec->frac = h.tstamp.frac;
    rec->caplen = h.caplen;
    rec->datalen = h.datalen;
    rec->data = it->records + offset + h.hdrlen;
    rec->offset = offset;
    /* The next record starts at the next 8-byte boundary; the padding before it may run past kernel_len. */
    uint64_t next = PZ_ALIGN(end);
    it->next = next > it->length ? it->length : (uint32_t)next;
    return 1;
}

uint32_t pzc_frac_to_nsec(uint64_t frac, uint32_t format)
{
    uint64_t ns;
    switch (format) {
    case PZ_TSTAMP_MICROTIME:
        ns = frac >= 1000000u ? 1000000000u : frac * 1000u; /* no wrap for a bad fraction */
        break;
    case PZ_TSTAMP_BINTIME:
        /* FreeBSD's bintime2timespec: the top 32 bits of the binary fraction, scaled. */
        ns = (1000000000ull * (uint32_t)(frac >> 32)) >> 32;
        break;
    default:
        ns = frac;
        break;
    }
    return ns > 999999999u ? 999999999u : (uint32_t)ns; /* a bad fraction must not carry into the seconds */
}
