/*
 * test_records - the record walk (pzc_records_init / pzc_record_next) over buffers laid out by hand, as the
 * producer lays them out (zbuf-protocol.md section 3) and as a broken producer might. Each buffer ends exactly at
 * a PROT_NONE guard page, so a single byte read past kernel_len kills the test with SIGSEGV.
 * Also the timestamp fraction conversions (pzc_frac_to_nsec).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "probe_zbuf_client.h"
#include "pzc_check.h"

/* A scratch area whose last usable byte is followed by a guard page. */
static uint8_t *arena;
static size_t arena_size;

static void arena_init(void)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    arena_size = 4 * page;
    arena = mmap(NULL, arena_size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(arena + arena_size, page, PROT_NONE);
}

/* Records of `length` bytes placed so that they end exactly at the guard page. */
static struct pzc_buffer place(const uint8_t *records, uint32_t length)
{
    uint8_t *at = arena + arena_size - length;
    memcpy(at, records, length);
    return (struct pzc_buffer){ .records = at, .length = length };
}

/* Appends one record as the producer writes it: header, hdrlen - 26 bytes of gap, packet; 8-byte aligned start. */
static uint32_t put_record(uint8_t *buf, uint32_t offset, int64_t sec, uint64_t frac, uint32_t caplen,
                           uint32_t datalen, uint16_t hdrlen, uint8_t fill)
{
    offset = (uint32_t)PZ_ALIGN(offset);
    struct pz_record_header h = { .tstamp = { sec, frac }, .caplen = caplen, .datalen = datalen, .hdrlen = hdrlen };
    memset(buf + offset + hdrlen, fill, caplen);
    memcpy(buf + offset, &h, PZ_RECORD_HEADER_SIZE); /* last: a hdrlen below 26 must not clobber it */
    return offset + hdrlen + caplen; /* the end, unaligned: kernel_len when this is the last record */
}

static int well_formed(void)
{
    uint8_t raw[1024] = { 0 };
    uint32_t end = put_record(raw, 0, 100, 5, 60, 60, PZ_HDRLEN(14), 0xa1);   /* Ethernet: hdrlen 26 */
    end = put_record(raw, end, 101, 6, 33, 1500, PZ_HDRLEN(0), 0xb2);          /* raw IP: hdrlen 32 */
    end = put_record(raw, end, 102, 7, 1, 1, PZ_HDRLEN(4), 0xc3);              /* odd sizes: padding follows */
    uint32_t last_end = put_record(raw, end, 103, 8, 5, 9, PZ_HDRLEN(14), 0xd4);
    /* kernel_len ends at the last record's last byte: its padding would run past the guard. */
    struct pzc_buffer buf = place(raw, last_end);
    struct pzc_record_iter it;
    pzc_records_init(&it, &buf);

    const struct { int64_t sec; uint64_t frac; uint32_t caplen, datalen; uint16_t hdrlen; uint8_t fill; } want[] = {
        { 100, 5, 60, 60, 26, 0xa1 }, { 101, 6, 33, 1500, 32, 0xb2 }, { 102, 7, 1, 1, 28, 0xc3 }, { 103, 8, 5, 9, 26, 0xd4 },
    };
    struct pzc_record rec;
    for (size_t i = 0; i < 4; i++) {
        REQUIRE(pzc_record_next(&it, &rec) == 1, "record %zu: %s", i, it.reason);
        CHECK(rec.sec == want[i].sec && rec.frac == want[i].frac, "record %zu: ts %lld.%llu", i, (long long)rec.sec,
              (unsigned long long)rec.frac);
        CHECK(rec.caplen == want[i].caplen && rec.datalen == want[i].datalen, "record %zu: caplen %u datalen %u", i,
              rec.caplen, rec.datalen);
        CHECK(rec.offset % PZ_RECORD_ALIGNMENT == 0, "record %zu starts at %u, not 8-aligned", i, rec.offset);
        CHECK(rec.data == buf.records + rec.offset + want[i].hdrlen, "record %zu: data not at hdrlen %u", i,
              want[i].hdrlen);
        CHECK(rec.data[0] == want[i].fill && rec.data[rec.caplen - 1] == want[i].fill, "record %zu: bytes", i);
    }
    /* The link header length makes the network header 8-aligned relative to the record. */
    CHECK((PZ_HDRLEN(14) + 14) % 8 == 0 && (PZ_HDRLEN(4) + 4) % 8 == 0, "PZ_HDRLEN aligns the network header");
    CHECK(pzc_record_next(&it, &rec) == 0, "end after the last record");
    CHECK(pzc_record_next(&it, &rec) == 0, "end stays end");
    CHECK(it.error == 0, "no error: %s", it.reason);
    return 0;
}

static int empty_and_released(void)
{
    struct pzc_buffer buf = place((const uint8_t *)"", 0);
    struct pzc_record_iter it;
    struct pzc_record rec;
    pzc_records_init(&it, &buf);
    CHECK(pzc_record_next(&it, &rec) == 0, "an empty buffer has no record");
    struct pzc_buffer released = { .records = NULL, .length = 4096 }; /* what pzc_release leaves behind */
    pzc_records_init(&it, &released);
    CHECK(pzc_record_next(&it, &rec) == 0, "a released buffer has no record (length ignored)");
    return 0;
}

/* Expects the walk over `raw` (kernel_len `length`) to yield `good` records, then stop with -EBADMSG naming `why`. */
static void expect_malformed(const char *name, const uint8_t *raw, uint32_t length, int good, const char *why)
{
    struct pzc_buffer buf = place(raw, length);
    struct pzc_record_iter it;
    struct pzc_record rec;
    pzc_records_init(&it, &buf);
    for (int i = 0; i < good; i++)
        CHECK(pzc_record_next(&it, &rec) == 1, "%s: record %d should be good: %s", name, i, it.reason);
    CHECK(pzc_record_next(&it, &rec) == -EBADMSG, "%s: not refused", name);
    CHECK(strstr(it.reason, why) != NULL && strstr(it.reason, "malformed record at offset") != NULL,
          "%s: reason '%s' lacks '%s'", name, it.reason, why);
    CHECK(pzc_record_next(&it, &rec) == -EBADMSG, "%s: the walk must stay stopped", name);
}

static int malformed(void)
{
    uint8_t raw[1024] = { 0 };
    uint32_t end = put_record(raw, 0, 1, 0, 60, 60, 26, 0x11);

    /* 10 bytes after a good record: less than a header. */
    expect_malformed("short header", raw, (uint32_t)PZ_ALIGN(end) + 10, 1, "10 bytes left");

    /* hdrlen shorter than the header itself would put packet bytes inside the header. */
    uint8_t bad_hdrlen[256] = { 0 };
    put_record(bad_hdrlen, 0, 1, 0, 10, 10, 20, 0x22);
    expect_malformed("hdrlen", bad_hdrlen, 64, 0, "hdrlen 20");

    /* caplen runs past kernel_len by one byte. */
    uint8_t past[256] = { 0 };
    uint32_t past_end = put_record(past, 0, 1, 0, 40, 40, 26, 0x33);
    expect_malformed("caplen past", past, past_end - 1, 0, "runs past kernel_len");

    /* caplen near 2^32: offset + hdrlen + caplen must not wrap into something small. */
    uint8_t wrap[256] = { 0 };
    put_record(wrap, 0, 1, 0, 0, 0, 26, 0);
    struct pz_record_header h;
    memcpy(&h, wrap, PZ_RECORD_HEADER_SIZE);
    h.caplen = UINT32_MAX - 10;
    memcpy(wrap, &h, PZ_RECORD_HEADER_SIZE);
    expect_malformed("caplen wrap", wrap, 128, 0, "runs past kernel_len");

    /* A second record that is bad after a good one: the good one is still delivered. */
    uint8_t second[512] = { 0 };
    uint32_t e1 = put_record(second, 0, 1, 0, 30, 30, 26, 0x44);
    uint32_t e2 = put_record(second, e1, 2, 0, 100, 100, 26, 0x55);
    expect_malformed("second bad", second, e2 - 50, 1, "offset 56");
    return 0;
}

static int fractions(void)
{
    CHECK(pzc_frac_to_nsec(123456789, PZ_TSTAMP_NANOTIME) == 123456789, "nanotime is ns");
    CHECK(pzc_frac_to_nsec(123456, PZ_TSTAMP_MICROTIME) == 123456000, "microtime is us");
    CHECK(pzc_frac_to_nsec(1ull << 63, PZ_TSTAMP_BINTIME) == 500000000, "bintime 2^63 is half a second");
    CHECK(pzc_frac_to_nsec(1ull << 62, PZ_TSTAMP_BINTIME) == 250000000, "bintime 2^62 is a quarter");
    CHECK(pzc_frac_to_nsec(UINT64_MAX, PZ_TSTAMP_BINTIME) == 999999999, "bintime just under a second");
    CHECK(pzc_frac_to_nsec(5000000000ull, PZ_TSTAMP_NANOTIME) == 999999999, "a bad ns fraction is clamped");
    CHECK(pzc_frac_to_nsec(UINT64_MAX / 10, PZ_TSTAMP_MICROTIME) == 999999999, "a bad us fraction is clamped");
    return 0;
}

int main(void)
{
    arena_init();
    well_formed();
    empty_and_released();
    malformed();
    fractions();
    return pzc_check_finish();
}
