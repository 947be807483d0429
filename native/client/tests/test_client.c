/*
 * test_client - the library's API against the real appliance (the fixture's daemon, appliance_fixture.sh):
 *
 *   test_client SOCKET CASE [CORPUS_DIR]
 *
 * Cases:
 *   refusals        every configuration error comes back as -errno with the appliance's reason (libpcap's own message
 *                   for a bad expression), and the connection stays usable after each
 *   full_file       one pass of a file through 32 KiB buffers: A, B, A... with generations 1, 2, 3...; every record
 *                   is, in order, a packet of the file as libpcap reads it (bytes, lengths, ns timestamps; cut to the
 *                   buffer, never dropped for its size); records and network headers 8-aligned; the counters add up:
 *                   what we missed is exactly what the appliance counted as dropped (a consumer late by more than
 *                   one packet's 2 ms, e.g. on a loaded machine, loses packets: the port does not wait for us)
 *   idle            a descriptor whose filter rejects everything: a 600 ms wait sleeps (CPU time near zero)
 *   wakeup          with spinning off, every buffer of an immediate-mode descriptor wakes the sleeping consumer; the
 *                   same through pzc_prepare_wait and poll() on the selectable fd; no wake-up without a hand-over
 *   breakloop       pzc_breakloop from another thread ends a blocked pzc_next_buffer / pzc_loop at once
 *   close           pzc_close detaches: the descriptor leaves LIST and the buffers leave our address space
 *   loan            loaned memfds are the very memory the appliance writes
 *   dispatch        pzc_dispatch resumes mid-buffer; microtime/bintime timestamps convert to the wall clock
 *   drops           tiny buffers and a consumer that holds them: drops are counted, matched = captured + dropped
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "probe_zbuf_client.h"
#include "pzc_check.h"

static const char *socket_path;
static const char *corpus;

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A connection attached to `port` with snaplen, nanotime and the given timeout, or NULL (the test fails). */
static pzc_t *connect_attached(const char *port, uint32_t timeout_ms, struct pzc_attach_info *info)
{
    char err[PZC_ERRBUF_SIZE];
    pzc_t *c;
    int r = pzc_open(socket_path, &c, err);
    CHECK(r == 0, "pzc_open(%s): %d %s", socket_path, r, err);
    if (r < 0)
        return NULL;
    struct pzc_attach_info scratch;
    if (info == NULL)
        info = &scratch;
    if (pzc_set_bufmode(c, PZ_BUFMODE_ZBUF) < 0 || pzc_attach(c, port, PZ_ATTACH_ALL_QUEUES, info) < 0 ||
        pzc_set_tstamp(c, PZ_TSTAMP_NANOTIME) < 0 || pzc_set_timeout(c, timeout_ms) < 0) {
        CHECK(false, "setting up %s: %s", port, pzc_geterr(c));
        pzc_close(c);
        return NULL;
    }
    return c;
}

/* Expects `r` to be the refusal `want` with a reason containing `words`, then proves the connection still works. */
static void expect_refused(pzc_t *c, int r, int want, const char *words, const char *what)
{
    CHECK(r == want, "%s: returned %d (%s), expected %d", what, r, pzc_geterr(c), want);
    CHECK(strstr(pzc_geterr(c), words) != NULL, "%s: reason '%s' lacks '%s'", what, pzc_geterr(c), words);
    uint32_t zmax = 0;
    CHECK(pzc_get_zmax(c, &zmax) == 0 && zmax > 0, "%s: the connection is unusable afterwards: %s", what,
          pzc_geterr(c));
}

static int case_refusals(void)
{
    char err[PZC_ERRBUF_SIZE];
    pzc_t *c;
    CHECK(pzc_open("/nonexistent/control.sock", &c, err) == -ENOENT && c == NULL, "connecting to nothing");
    CHECK(strstr(err, "/nonexistent/control.sock") && strstr(err, "is `appliance run` running?"), "errbuf: %s", err);
    REQUIRE(pzc_open(socket_path, &c, err) == 0, "pzc_open: %s", err);

    struct pzc_buffer none = { 0 };
    expect_refused(c, pzc_next_buffer(c, 0, &none), -EINVAL, "pzc_alloc_buffers", "reading without buffers");
    expect_refused(c, pzc_release(c, &none), -EINVAL, "not a leased buffer", "releasing nothing");
    expect_refused(c, pzc_set_bufmode(c, PZ_BUFMODE_BUFFER), -EOPNOTSUPP, "buffered mode", "SET_BUFMODE 1");
    expect_refused(c, pzc_alloc_buffers(c, 65536, PZ_HUGEPAGES_NEVER, NULL), -EINVAL, "attach to an interface first",
                   "ALLOC_ZBUF before ATTACH");
    expect_refused(c, pzc_set_filter_expr(c, "tcp", NULL), -EINVAL, "attach to an interface first",
                   "SET_FILTER_EXPR before ATTACH");
    expect_refused(c, pzc_attach(c, "nosuch0", PZ_ATTACH_ALL_QUEUES, NULL), -ENXIO, "no interface 'nosuch0'",
                   "ATTACH nosuch0");
    expect_refused(c, pzc_attach(c, "live0", 7, NULL), -EINVAL, "has queues 0-0, not 7", "ATTACH live0:7");
    struct pzc_attach_info info;
    REQUIRE(pzc_attach(c, "live0", PZ_ATTACH_ALL_QUEUES, &info) == 0, "ATTACH live0: %s", pzc_geterr(c));
    CHECK(info.queues == 1 && info.linktype == 1 && info.snaplen > 0, "live0: %u queues, linktype %u, snaplen %u",
          info.queues, info.linktype, info.snaplen);
    expect_refused(c, pzc_attach(c, "live0", PZ_ATTACH_ALL_QUEUES, NULL), -EBUSY, "already attached", "ATTACH twice");

    /* libpcap is the oracle for expression errors: its own message for the same link type. */
    pcap_t *dead = pcap_open_dead(DLT_EN10MB, 262144);
    struct bpf_program program;
    REQUIRE(pcap_compile(dead, &program, "tcp port", 1, PCAP_NETMASK_UNKNOWN) < 0, "libpcap accepts 'tcp port'?");
    expect_refused(c, pzc_set_filter_expr(c, "tcp port", NULL), -EINVAL, pcap_geterr(dead), "SET_FILTER_EXPR");
    CHECK(strcmp(pzc_geterr(c), pcap_geterr(dead)) == 0, "reason '%s' is not libpcap's '%s'", pzc_geterr(c),
          pcap_geterr(dead));
    pcap_close(dead);
    uint32_t instructions = 0;
    CHECK(pzc_set_filter_expr(c, "tcp port 80", &instructions) == 0 && instructions > 4, "a good expression: %s",
          pzc_geterr(c));

    /* A program the validator must refuse: a jump past the end. */
    struct pz_bpf_insn jump_out[] = { { 0x15 /* jeq #k */, 5, 0, 0x800 }, { 0x06 /* ret #k */, 0, 0, 0 } };
    expect_refused(c, pzc_set_filter_program(c, jump_out, 2), -EINVAL, "", "SET_FILTER out-of-range jump");
    CHECK(strlen(pzc_geterr(c)) > 10, "the validator's reason is empty");
    expect_refused(c, pzc_set_filter_program(c, NULL, 0), -EINVAL, "", "SET_FILTER with no instruction");
    expect_refused(c, pzc_set_tstamp(c, 7), -EINVAL, "unknown timestamp format 7", "SET_TSTAMP 7");
    expect_refused(c, pzc_set_snaplen(c, 0), -EINVAL, "snap length", "SET_SNAPLEN 0");

    uint32_t zmax = 0;
    REQUIRE(pzc_get_zmax(c, &zmax) == 0, "GET_ZMAX: %s", pzc_geterr(c));
    expect_refused(c, pzc_alloc_buffers(c, 4097, PZ_HUGEPAGES_NEVER, NULL), -EINVAL, "page size", "4097-byte buffers");
    expect_refused(c, pzc_alloc_buffers(c, zmax + 4096, PZ_HUGEPAGES_NEVER, NULL), -EINVAL, "above the maximum",
                   "buffers above GET_ZMAX");
    expect_refused(c, pzc_alloc_buffers(c, 65536, 9, NULL), -EINVAL, "hugepage policy", "hugepage policy 9");

    /* Loans: the same memfd twice, and one fd where two are needed. */
    int fd = memfd_create("test-zbuf", MFD_CLOEXEC);
    REQUIRE(fd >= 0 && ftruncate(fd, 65536) == 0, "memfd");
    int twice[2] = { fd, fd };
    expect_refused(c, pzc_loan_buffers(c, 65536, twice, 2), -EINVAL, "same memfd", "SET_ZBUF A == B");
    expect_refused(c, pzc_loan_buffers(c, 65536, &fd, 1), -EINVAL, "needs 2", "SET_ZBUF with one fd");
    expect_refused(c, pzc_loan_buffers(c, 131072, twice, 2), -EINVAL, "not the declared 131072", "SET_ZBUF size");
    close(fd);

    REQUIRE(pzc_alloc_buffers(c, 65536, PZ_HUGEPAGES_NEVER, NULL) == 0, "ALLOC_ZBUF: %s", pzc_geterr(c));
    CHECK(pzc_queue_count(c) == 1 && pzc_buffer_size(c) == 65536, "mapped %u queues of %u bytes", pzc_queue_count(c),
          pzc_buffer_size(c));
    expect_refused(c, pzc_alloc_buffers(c, 65536, PZ_HUGEPAGES_NEVER, NULL), -EBUSY, "already registered",
                   "ALLOC_ZBUF twice");
    CHECK(pzc_lock(c) == 0, "LOCK: %s", pzc_geterr(c));
    expect_refused(c, pzc_set_snaplen(c, 100), -EPERM, "locked", "SET_SNAPLEN after LOCK");
    expect_refused(c, pzc_set_filter_expr(c, "udp", NULL), -EPERM, "locked", "SET_FILTER_EXPR after LOCK");
    CHECK(pzc_close(c) == 0, "CLOSE");
    return 0;
}

/* The packets of a file as libpcap reads them, nanosecond timestamps. */
struct file_packet {
    struct pcap_pkthdr h; /* ts.tv_usec holds nanoseconds (PCAP_TSTAMP_PRECISION_NANO) */
    u_char *bytes;
};

static size_t read_file(const char *path, struct file_packet **out)
{
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *file = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
    CHECK(file != NULL, "libpcap cannot open %s: %s", path, err);
    size_t n = 0, cap = 0;
    struct file_packet *packets = NULL;
    struct pcap_pkthdr *h;
    const u_char *bytes;
    while (file != NULL && pcap_next_ex(file, &h, &bytes) == 1) {
        if (n == cap)
            packets = realloc(packets, (cap = cap ? 2 * cap : 256) * sizeof *packets);
        packets[n].h = *h;
        packets[n].bytes = malloc(h->caplen);
        memcpy(packets[n].bytes, bytes, h->caplen);
        n++;
    }
    if (file != NULL)
        pcap_close(file);
    *out = packets;
    return n;
}

static int case_full_file(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/tcpdump-tests/pim-packet-assortment.pcap", corpus);
    struct file_packet *file;
    size_t total = read_file(path, &file);
    REQUIRE(total == 245, "%s has %zu packets, expected 245", path, total);

    /* 32 KiB buffers: the file's two 65535-byte records must arrive cut to the buffer, not dropped for their size. */
    const uint32_t bytes = 32768;
    const uint32_t room = bytes - (uint32_t)sizeof(struct pz_buffer_header) - PZ_HDRLEN(14);
    pzc_t *c = connect_attached("api_full", 100, NULL);
    REQUIRE(c != NULL, "no connection");
    REQUIRE(pzc_alloc_buffers(c, bytes, PZ_HUGEPAGES_NEVER, NULL) == 0, "ALLOC_ZBUF: %s", pzc_geterr(c));
    REQUIRE(pzc_enable_wakeup(c) == 0, "GET_WAKEUP: %s", pzc_geterr(c));
    CHECK(pzc_get_selectable_fd(c) >= 0, "no eventfd");

    uint32_t generations[2] = { 0, 0 };
    uint32_t expect_which = 0, buffers = 0, truncated = 0;
    uint64_t records = 0, skipped = 0, caplen_sum = 0;
    size_t cursor = 0; /* the file packet the next record should be (or come after, if some were dropped) */
    struct pzc_buffer buf;
    int r;
    /* The appliance hands over the last partly filled buffer when the file ends; then nothing more comes. */
    while ((r = pzc_next_buffer(c, 1500, &buf)) == 1) {
        buffers++;
        CHECK(buf.queue == 0 && buf.which == expect_which, "buffer %u is %c, expected %c", buffers,
              buf.which ? 'B' : 'A', expect_which ? 'B' : 'A');
        CHECK(buf.generation == generations[buf.which] + 1, "buffer %c generation %u after %u", buf.which ? 'B' : 'A',
              buf.generation, generations[buf.which]);
        generations[buf.which] = buf.generation;
        expect_which ^= 1;
        CHECK(buf.length > 0 && buf.length <= bytes - 32, "kernel_len %u", buf.length);

        struct pzc_record_iter it;
        struct pzc_record rec;
        pzc_records_init(&it, &buf);
        while ((r = pzc_record_next(&it, &rec)) == 1) {
            records++;
            /* Find the file packet this record is: the same time, lengths and bytes. Packets the appliance dropped
             * (the consumer was late, both buffers ours) are skipped and must match the dropped counter. */
            size_t match = cursor;
            for (; match < total; match++) {
                const struct file_packet *p = &file[match];
                uint32_t caplen = p->h.caplen < room ? p->h.caplen : room;
                if (rec.sec == p->h.ts.tv_sec && rec.frac == (uint64_t)p->h.ts.tv_usec && rec.caplen == caplen &&
                    rec.datalen == p->h.len && memcmp(rec.data, p->bytes, caplen) == 0)
                    break;
            }
            if (match == total) {
                CHECK(false, "record %llu (ts %lld.%09llu caplen %u datalen %u) is no later packet of the file",
                      (unsigned long long)records, (long long)rec.sec, (unsigned long long)rec.frac, rec.caplen,
                      rec.datalen);
                continue;
            }
            if (match != cursor) fprintf(stderr, "skipped file packets %zu..%zu before record %llu (buffer %u)\n", cursor, match - 1, (unsigned long long)records, buffers);
            skipped += match - cursor;
            truncated += rec.caplen < file[match].h.caplen;
            cursor = match + 1;
            CHECK(rec.offset % 8 == 0 && ((uintptr_t)rec.data + 14) % 8 == 0,
                  "record %llu at %u: record or network header not 8-aligned", (unsigned long long)records, rec.offset);
            caplen_sum += rec.caplen;
        }
        CHECK(r == 0, "walk ended with %d: %s", r, it.reason);
        REQUIRE(pzc_release(c, &buf) == 0, "release: %s", pzc_geterr(c));
        CHECK(buf.records == NULL, "pzc_release must clear the lease");
        CHECK(pzc_release(c, &buf) == -EINVAL, "a second release must be refused");
    }
    CHECK(r == 0, "pzc_next_buffer: %d %s", r, pzc_geterr(c));
    skipped += total - cursor;

    /* The counters of the final hand-over are published just after it: allow the appliance a moment. */
    struct pz_queue_stats s = { 0 };
    uint32_t queues = 0;
    uint64_t nic_dropped = 1;
    for (int i = 0; i < 100; i++) {
        REQUIRE(pzc_stats(c, &s, 1, &queues, &nic_dropped) == 0, "GET_STATS: %s", pzc_geterr(c));
        if (s.captured == records && s.hand_overs == buffers)
            break;
        usleep(10000);
    }
    fprintf(stderr, "full_file: %llu records in %u buffers, %u cut to the buffer, %llu dropped\n",
            (unsigned long long)records, buffers, truncated, (unsigned long long)s.dropped);
    CHECK(records + skipped == total && records >= total / 2, "%llu records + %llu skipped of %zu",
          (unsigned long long)records, (unsigned long long)skipped, total);
    CHECK(buffers >= 8, "only %u hand-overs: A and B barely alternated", buffers);
    CHECK(queues == 1 && nic_dropped == 0, "%u queues, nic_dropped %llu", queues, (unsigned long long)nic_dropped);
    CHECK(s.received == total && s.matched == total && s.captured == records && s.dropped == skipped,
          "received %llu matched %llu captured %llu dropped %llu; we read %llu and missed %llu",
          (unsigned long long)s.received, (unsigned long long)s.matched, (unsigned long long)s.captured,
          (unsigned long long)s.dropped, (unsigned long long)records, (unsigned long long)skipped);
    CHECK(s.captured_bytes == caplen_sum, "captured_bytes %llu, records hold %llu",
          (unsigned long long)s.captured_bytes, (unsigned long long)caplen_sum);
    CHECK(s.hand_overs == buffers, "hand_overs %llu, we got %u", (unsigned long long)s.hand_overs, buffers);
    CHECK(pzc_close(c) == 0, "CLOSE: %s", pzc_geterr(c));
    for (size_t i = 0; i < total; i++)
        free(file[i].bytes);
    free(file);
    return 0;
}

/* A descriptor on live0 that sees every packet and keeps none (SET_FILTER: ret #0). */
static pzc_t *reject_everything(void)
{
    pzc_t *c = connect_attached("live0", 100, NULL);
    if (c == NULL)
        return NULL;
    struct pz_bpf_insn ret0[] = { { 0x06, 0, 0, 0 } };
    bool ok = pzc_set_filter_program(c, ret0, 1) == 0 && pzc_alloc_buffers(c, 65536, PZ_HUGEPAGES_NEVER, NULL) == 0 &&
              pzc_enable_wakeup(c) == 0;
    CHECK(ok, "setting up a reject-all descriptor: %s", pzc_geterr(c));
    if (!ok) {
        pzc_close(c);
        return NULL;
    }
    return c;
}

static int case_idle(void)
{
    pzc_t *c = reject_everything();
    REQUIRE(c != NULL, "no descriptor");
    struct pzc_buffer buf;
    uint64_t wall = clock_ns(CLOCK_MONOTONIC), cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    int r = pzc_next_buffer(c, 600, &buf);
    wall = clock_ns(CLOCK_MONOTONIC) - wall;
    cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    CHECK(r == 0, "pzc_next_buffer on an idle descriptor returned %d", r);
    CHECK(wall >= 590000000u && wall < 1500000000u, "waited %llu ms for a 600 ms timeout",
          (unsigned long long)(wall / 1000000));
    CHECK(cpu < 30000000u, "used %llu ms of CPU in a 600 ms idle wait: it spins", (unsigned long long)(cpu / 1000000));
    fprintf(stderr, "idle: 600 ms wait took %llu ms, %llu us of CPU\n", (unsigned long long)(wall / 1000000),
            (unsigned long long)(cpu / 1000));
    struct pz_queue_stats s;
    REQUIRE(pzc_stats(c, &s, 1, NULL, NULL) == 0, "GET_STATS: %s", pzc_geterr(c));
    CHECK(s.received > 1000 && s.matched == 0 && s.captured == 0 && s.hand_overs == 0,
          "the filter saw %llu, matched %llu, captured %llu", (unsigned long long)s.received,
          (unsigned long long)s.matched, (unsigned long long)s.captured);
    pzc_close(c);
    return 0;
}

static int case_wakeup(void)
{
    pzc_t *c = connect_attached("live0", 1000, NULL);
    REQUIRE(c != NULL, "no connection");
    REQUIRE(pzc_set_immediate(c, 1) == 0 && pzc_alloc_buffers(c, 1 << 20, PZ_HUGEPAGES_PREFER, NULL) == 0 &&
                pzc_enable_wakeup(c) == 0,
            "setup: %s", pzc_geterr(c));
    pzc_set_spin_usec(c, 0); /* every wait goes through the eventfd */
    uint64_t slowest = 0;
    for (int i = 0; i < 50; i++) {
        struct pzc_buffer buf;
        uint64_t t = clock_ns(CLOCK_MONOTONIC);
        int r = pzc_next_buffer(c, 3000, &buf);
        t = clock_ns(CLOCK_MONOTONIC) - t;
        REQUIRE(r == 1, "wait %d: %d (%s)", i, r, pzc_geterr(c));
        slowest = t > slowest ? t : slowest;
        REQUIRE(pzc_release(c, &buf) == 0, "release");
    }
    /* Immediate mode hands over every poll iteration: a missed wake-up would show as a 3 s wait. */
    CHECK(slowest < 500000000u, "slowest wake-up %llu ms", (unsigned long long)(slowest / 1000000));
    fprintf(stderr, "wakeup: 50 buffers, slowest wait %llu us\n", (unsigned long long)(slowest / 1000));

    /* The same through an outer poll() on the selectable fd. A wake-up can be spurious (the appliance's check of
     * the word for an earlier hand-over can see our next "sleeping"), never missing: each poll must end in time. */
    int fd = pzc_get_selectable_fd(c);
    REQUIRE(fd >= 0, "no selectable fd");
    int got = 0, spurious = 0;
    for (int i = 0; i < 200 && got < 20; i++) {
        struct pzc_buffer buf;
        int ready = pzc_prepare_wait(c);
        REQUIRE(ready == 0 || ready == 1, "pzc_prepare_wait: %d %s", ready, pzc_geterr(c));
        if (ready == 0) {
            struct pollfd p = { .fd = fd, .events = POLLIN };
            REQUIRE(poll(&p, 1, 3000) == 1, "wait %d: the eventfd was not signalled within 3 s", i);
        }
        if (pzc_next_buffer(c, 0, &buf) == 1) {
            got++;
            pzc_release(c, &buf);
        } else {
            spurious++;
        }
    }
    CHECK(got == 20, "%d buffers in 200 waits (%d spurious wake-ups)", got, spurious);
    pzc_close(c);

    /* And no wake-up without a hand-over: a descriptor that captures nothing leaves the eventfd quiet. */
    c = reject_everything();
    REQUIRE(c != NULL, "no descriptor");
    CHECK(pzc_prepare_wait(c) == 0, "nothing can be ready");
    struct pollfd p = { .fd = pzc_get_selectable_fd(c), .events = POLLIN };
    CHECK(poll(&p, 1, 300) == 0, "the eventfd fired without a hand-over");
    pzc_close(c);
    return 0;
}

struct breaker {
    pzc_t *c;
    unsigned delay_ms;
};

static void *break_later(void *arg)
{
    struct breaker *b = arg;
    usleep(b->delay_ms * 1000u);
    pzc_breakloop(b->c);
    return NULL;
}

static void on_packet(unsigned char *user, const struct pzc_pkthdr *h, const unsigned char *bytes)
{
    (void)h;
    (void)bytes;
    ++*(uint64_t *)user;
}

static int case_breakloop(void)
{
    pzc_t *c = reject_everything();
    REQUIRE(c != NULL, "no descriptor");
    struct breaker b = { c, 100 };
    pthread_t thread;
    uint64_t t = clock_ns(CLOCK_MONOTONIC);
    pthread_create(&thread, NULL, break_later, &b);
    struct pzc_buffer buf;
    int r = pzc_next_buffer(c, 10000, &buf);
    t = clock_ns(CLOCK_MONOTONIC) - t;
    pthread_join(thread, NULL);
    CHECK(r == -EINTR, "pzc_next_buffer returned %d after pzc_breakloop", r);
    CHECK(t < 1000000000u, "pzc_breakloop took %llu ms to end the wait", (unsigned long long)(t / 1000000));

    uint64_t seen = 0, delivered = 7;
    t = clock_ns(CLOCK_MONOTONIC);
    pthread_create(&thread, NULL, break_later, &b);
    r = pzc_loop(c, 0, on_packet, (unsigned char *)&seen, &delivered);
    t = clock_ns(CLOCK_MONOTONIC) - t;
    pthread_join(thread, NULL);
    CHECK(r == -EINTR && delivered == 0 && seen == 0, "pzc_loop: %d, delivered %llu", r,
          (unsigned long long)delivered);
    CHECK(t < 1000000000u, "pzc_breakloop took %llu ms to end pzc_loop", (unsigned long long)(t / 1000000));
    CHECK(pzc_next_buffer(c, 0, &buf) == 0, "the break is consumed once");
    pzc_close(c);
    return 0;
}

/* Lines of LIST that name our pid. */
static int rows_of(pzc_t *observer, pid_t pid)
{
    static char text[65536];
    if (pzc_list(observer, text, sizeof text) < 0)
        return -1;
    int rows = 0;
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n"))
        rows += atoi(line) == pid;
    return rows;
}

/* Mappings of appliance-made buffers in our address space (memfd names start with "zbuf"). */
static int zbuf_mappings(void)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[512];
    int n = 0;
    while (maps != NULL && fgets(line, sizeof line, maps) != NULL)
        n += strstr(line, "memfd:zbuf") != NULL;
    if (maps != NULL)
        fclose(maps);
    return n;
}

static int case_close(void)
{
    char err[PZC_ERRBUF_SIZE];
    pzc_t *observer;
    REQUIRE(pzc_open(socket_path, &observer, err) == 0, "observer: %s", err);
    int before = zbuf_mappings();
    pzc_t *c = connect_attached("live0", 100, NULL);
    REQUIRE(c != NULL, "no connection");
    REQUIRE(pzc_alloc_buffers(c, 65536, PZ_HUGEPAGES_NEVER, NULL) == 0 && pzc_enable_wakeup(c) == 0, "setup: %s",
            pzc_geterr(c));
    CHECK(rows_of(observer, getpid()) == 1, "LIST does not show our descriptor");
    CHECK(zbuf_mappings() == before + 3, "%d zbuf mappings (2 buffers and the wake-up page expected)",
          zbuf_mappings() - before);
    CHECK(pzc_close(c) == 0, "CLOSE");
    int rows = 1;
    for (int i = 0; i < 100 && rows != 0; i++) {
        rows = rows_of(observer, getpid());
        if (rows != 0)
            usleep(10000);
    }
    CHECK(rows == 0, "LIST still shows our descriptor after CLOSE");
    CHECK(zbuf_mappings() == before, "%d zbuf mappings left after pzc_close", zbuf_mappings() - before);
    pzc_close(observer);
    return 0;
}

static int case_loan(void)
{
    const uint32_t bytes = 1 << 20;
    pzc_t *c = connect_attached("live0", 50, NULL);
    REQUIRE(c != NULL, "no connection");
    int fds[2];
    uint8_t *view[2];
    for (int i = 0; i < 2; i++) {
        fds[i] = memfd_create("test-loan", MFD_CLOEXEC);
        REQUIRE(fds[i] >= 0 && ftruncate(fds[i], bytes) == 0, "memfd");
        view[i] = mmap(NULL, bytes, PROT_READ, MAP_SHARED, fds[i], 0); /* our own window on the loaned memory */
        REQUIRE(view[i] != MAP_FAILED, "mmap");
    }
    REQUIRE(pzc_loan_buffers(c, bytes, fds, 2) == 0, "SET_ZBUF: %s", pzc_geterr(c));
    close(fds[0]);
    close(fds[1]);
    REQUIRE(pzc_enable_wakeup(c) == 0, "GET_WAKEUP: %s", pzc_geterr(c));
    for (int i = 0; i < 4; i++) {
        struct pzc_buffer buf;
        REQUIRE(pzc_next_buffer(c, 3000, &buf) == 1, "no buffer: %s", pzc_geterr(c));
        const struct pz_buffer_header *h = (const void *)view[buf.which];
        CHECK(h->kernel_gen == buf.generation && h->kernel_len == buf.length,
              "our memfd %c says gen %u len %u, the lease %u/%u", buf.which ? 'B' : 'A', h->kernel_gen, h->kernel_len,
              buf.generation, buf.length);
        CHECK(memcmp(view[buf.which] + 32, buf.records, buf.length) == 0, "records differ between the two views");
        REQUIRE(pzc_release(c, &buf) == 0, "release");
        CHECK(h->user_gen == h->kernel_gen, "the release is visible in our memfd");
    }
    pzc_close(c);
    munmap(view[0], bytes);
    munmap(view[1], bytes);
    return 0;
}

struct wall_check {
    uint64_t packets;
    int64_t min_us, max_us; /* packet time - wall clock */
};

static void check_wall(unsigned char *user, const struct pzc_pkthdr *h, const unsigned char *bytes)
{
    (void)bytes;
    struct wall_check *w = (struct wall_check *)user;
    int64_t ts = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;
    int64_t delta = ts - (int64_t)(clock_ns(CLOCK_REALTIME) / 1000);
    w->min_us = w->packets == 0 || delta < w->min_us ? delta : w->min_us;
    w->max_us = w->packets == 0 || delta > w->max_us ? delta : w->max_us;
    CHECK(h->ts.tv_usec >= 0 && h->ts.tv_usec < 1000000, "tv_usec %ld", (long)h->ts.tv_usec);
    CHECK(h->caplen > 0 && h->caplen <= h->len, "caplen %u len %u", h->caplen, h->len);
    w->packets++;
}

static int case_dispatch(void)
{
    static const uint32_t formats[] = { PZ_TSTAMP_MICROTIME, PZ_TSTAMP_BINTIME, PZ_TSTAMP_NANOTIME };
    for (size_t f = 0; f < 3; f++) {
        pzc_t *c = connect_attached("live0", 1000, NULL);
        REQUIRE(c != NULL, "no connection");
        REQUIRE(pzc_set_tstamp(c, formats[f]) == 0 && pzc_set_immediate(c, 1) == 0 &&
                    pzc_alloc_buffers(c, 1 << 20, PZ_HUGEPAGES_PREFER, NULL) == 0 && pzc_enable_wakeup(c) == 0,
                "setup: %s", pzc_geterr(c));
        struct wall_check w = { 0 };
        /* One record per call: the buffer stays leased between calls and the walk resumes where it stopped. */
        for (int i = 0; i < 300; i++) {
            int r = pzc_dispatch(c, 1, 3000, check_wall, (unsigned char *)&w);
            REQUIRE(r == 1, "dispatch %d returned %d: %s", i, r, pzc_geterr(c));
        }
        CHECK(w.packets == 300 && pzc_delivered(c, 0) == 300, "delivered %llu / %llu", (unsigned long long)w.packets,
              (unsigned long long)pzc_delivered(c, 0));
        /* Retimed replay: stamps are the appliance's clock when it polled, a little before we read them. */
        CHECK(w.min_us > -2000000 && w.max_us <= 1000, "format %u: packet time - now in [%lld, %lld] us", formats[f],
              (long long)w.min_us, (long long)w.max_us);
        uint64_t delivered = 0, seen = 0;
        CHECK(pzc_loop(c, 1000, on_packet, (unsigned char *)&seen, &delivered) == 0 && delivered == 1000 &&
                  seen == 1000,
              "pzc_loop 1000: delivered %llu", (unsigned long long)delivered);
        pzc_close(c);
    }
    return 0;
}

static int case_drops(void)
{
    /* Two 8 KiB buffers at 20000 pps, and a consumer that holds the first one for 300 ms: the rest must drop. */
    pzc_t *c = connect_attached("live0", 10, NULL);
    REQUIRE(c != NULL, "no connection");
    REQUIRE(pzc_alloc_buffers(c, 8192, PZ_HUGEPAGES_NEVER, NULL) == 0 && pzc_enable_wakeup(c) == 0, "setup: %s",
            pzc_geterr(c));
    struct pzc_buffer held;
    REQUIRE(pzc_next_buffer(c, 3000, &held) == 1, "first buffer: %s", pzc_geterr(c));
    usleep(300000);
    struct pz_queue_stats s;
    REQUIRE(pzc_stats(c, &s, 1, NULL, NULL) == 0, "GET_STATS: %s", pzc_geterr(c));
    CHECK(s.dropped > 1000, "only %llu dropped while both buffers were ours", (unsigned long long)s.dropped);
    CHECK(s.matched == s.captured + s.dropped && s.received >= s.matched,
          "received %llu matched %llu captured %llu dropped %llu", (unsigned long long)s.received,
          (unsigned long long)s.matched, (unsigned long long)s.captured, (unsigned long long)s.dropped);
    /* The second buffer was handed over full (before the drops) and is ready too, but only after A goes back. */
    struct pzc_buffer next;
    CHECK(pzc_next_buffer(c, 0, &next) == -EBUSY, "a second lease on the same queue must wait for the release");
    REQUIRE(pzc_release(c, &held) == 0, "release");
    REQUIRE(pzc_next_buffer(c, 0, &next) == 1 && next.which == 1, "B is ready at once after A");
    pzc_release(c, &next);
    pzc_close(c);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_client SOCKET CASE [CORPUS_DIR]\n");
        return 2;
    }
    socket_path = argv[1];
    corpus = argc > 3 ? argv[3] : "../shared/corpus";
    static const struct { const char *name; int (*run)(void); } cases[] = {
        { "refusals", case_refusals }, { "full_file", case_full_file }, { "idle", case_idle },
        { "wakeup", case_wakeup },     { "breakloop", case_breakloop }, { "close", case_close },
        { "loan", case_loan },         { "dispatch", case_dispatch },   { "drops", case_drops },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (strcmp(argv[2], cases[i].name) == 0) {
            cases[i].run();
            return pzc_check_finish();
        }
    fprintf(stderr, "unknown case %s\n", argv[2]);
    return 2;
}
