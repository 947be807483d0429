/*
 * pzc_capture - the example consumer of libprobe_zbuf_client: tcpdump -w over the appliance's zero-copy
 * descriptors, written against the library's public header only.
 *
 *   pzc_capture -s SOCKET -i IFACE[:QUEUE] -w FILE [-c COUNT] [-B KIB] [--loan] [--immediate] [--timeout MS]
 *               [--snaplen N] [--spin USEC] [EXPRESSION...]
 *
 * --spin: how long to spin for the next buffer before sleeping on the wake-up eventfd (default 50 us). A consumer
 * faster than the traffic sleeps once per buffer (poll + read of the eventfd); spinning longer than the time the
 * appliance takes to fill a buffer removes those system calls at the cost of a busy core.
 *
 * Writes every packet, in the order read (queue by queue as buffers arrive), to FILE as a microsecond pcap
 * ("-": standard output). Stops after COUNT packets, or on SIGINT/SIGTERM: then it asks the appliance for the
 * partly filled buffers (ROTATE) and writes what arrives within the read timeout + 200 ms. Ends with tcpdump's
 * counts on standard error and exit status 0; any refusal prints "pzc_capture: <the appliance's reason>" and
 * exits 1. The output is the lead's conformance contract (tests/ and docs): change it only together.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "probe_zbuf_client.h"

#define DEFAULT_SNAPLEN 262144u      /* tcpdump's */
#define DEFAULT_BUFFER_KIB 2048u     /* per buffer, two per queue */
#define DEFAULT_TIMEOUT_MS 1000u
#define COLLECT_GRACE_MS 200u        /* after the read timeout, for the last hand-over to arrive */
#define OUTPUT_BUFFER_BYTES (1u << 20) /* records are gathered here: one write(2) per MiB, not per packet */

/* pzc_pkthdr is documented as pcap_pkthdr's layout; the copy below does not rely on it, but a caller may. */
_Static_assert(sizeof(struct pzc_pkthdr) == sizeof(struct pcap_pkthdr), "pzc_pkthdr mirrors pcap_pkthdr");
_Static_assert(offsetof(struct pzc_pkthdr, caplen) == offsetof(struct pcap_pkthdr, caplen), "caplen");
_Static_assert(offsetof(struct pzc_pkthdr, len) == offsetof(struct pcap_pkthdr, len), "len");

struct options {
    const char *socket;
    const char *interface;
    int queue;
    const char *file;
    uint64_t count;       /* 0: until a signal */
    uint32_t buffer_kib;
    bool loan;
    bool immediate;
    uint32_t timeout_ms;
    uint32_t snaplen;
    int64_t spin_usec;    /* -1: the library's default */
    char *expression;     /* NULL: no filter */
};

/* Where the packets go, and how many went. */
struct sink {
    pcap_dumper_t *dumper;
    FILE *file;             /* the dumper's stream, unbuffered: only whole runs of records reach it */
    unsigned char *pending; /* OUTPUT_BUFFER_BYTES of records not yet written to file */
    size_t used;
    uint64_t written;
};

static pzc_t *capture; /* for the signal handler */

static void on_stop_signal(int signo)
{
    (void)signo;
    if (capture != NULL)
        pzc_breakloop(capture); /* async-signal-safe: a flag and a write(2) to the eventfd */
}

static int fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fputs("pzc_capture: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    return 1;
}

static int usage(const char *problem)
{
    if (problem != NULL)
        fail("%s", problem);
    fputs("usage: pzc_capture -s SOCKET -i IFACE[:QUEUE] -w FILE [-c COUNT] [-B KIB] [--loan] [--immediate]\n"
          "                   [--timeout MS] [--snaplen N] [--spin USEC] [EXPRESSION...]\n",
          stderr);
    return 1;
}

/* A decimal number in [min, max], or false. */
static bool parse_number(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    if (text == NULL || *text < '0' || *text > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* IFACE or IFACE:QUEUE (the last colon followed by digits only). */
static bool parse_interface(const char *text, struct options *o)
{
    o->interface = text;
    o->queue = PZ_ATTACH_ALL_QUEUES;
    const char *colon = strrchr(text, ':');
    if (colon == NULL || colon == text || colon[1] == '\0' || strspn(colon + 1, "0123456789") != strlen(colon + 1))
        return true;
    uint64_t queue;
    if (!parse_number(colon + 1, 0, INT_MAX, &queue))
        return false;
    static char name[256]; /* argv stays untouched (ps shows the command as given) */
    if ((size_t)(colon - text) >= sizeof name)
        return false;
    snprintf(name, sizeof name, "%.*s", (int)(colon - text), text);
    o->interface = name;
    o->queue = (int)queue;
    return true;
}

/* The remaining arguments joined by spaces, as tcpdump does. */
static char *join(int argc, char **argv)
{
    size_t length = 0;
    for (int i = 0; i < argc; i++)
        length += strlen(argv[i]) + 1;
    if (length == 0)
        return NULL;
    char *text = malloc(length);
    if (text == NULL)
        return NULL;
    text[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i > 0)
            strcat(text, " ");
        strcat(text, argv[i]);
    }
    return text;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    enum { OPT_LOAN = 256, OPT_IMMEDIATE, OPT_TIMEOUT, OPT_SNAPLEN, OPT_SPIN };
    static const struct option long_options[] = {
        { "loan", no_argument, NULL, OPT_LOAN },
        { "immediate", no_argument, NULL, OPT_IMMEDIATE },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "snaplen", required_argument, NULL, OPT_SNAPLEN },
        { "spin", required_argument, NULL, OPT_SPIN },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    *o = (struct options){ .buffer_kib = DEFAULT_BUFFER_KIB, .timeout_ms = DEFAULT_TIMEOUT_MS,
                           .snaplen = DEFAULT_SNAPLEN, .queue = PZ_ATTACH_ALL_QUEUES, .spin_usec = -1 };
    static char problem[256];
    int opt;
    uint64_t v;
    opterr = 0; /* our own messages, in our own format */
    while ((opt = getopt_long(argc, argv, "s:i:w:c:B:h", long_options, NULL)) != -1) {
        switch (opt) {
        case 's': o->socket = optarg; break;
        case 'w': o->file = optarg; break;
        case 'i':
            if (!parse_interface(optarg, o)) {
                snprintf(problem, sizeof problem, "invalid -i %s (IFACE or IFACE:QUEUE)", optarg);
                return usage(problem);
            }
            break;
        case 'c':
            if (!parse_number(optarg, 1, INT64_MAX, &v)) {
                snprintf(problem, sizeof problem, "invalid packet count %s (a positive number)", optarg);
                return usage(problem);
            }
            o->count = v;
            break;
        case 'B':
            if (!parse_number(optarg, 1, (UINT32_MAX >> 10) - 64, &v)) {
                snprintf(problem, sizeof problem, "invalid buffer size %s (KiB per buffer, at least 1)", optarg);
                return usage(problem);
            }
            o->buffer_kib = (uint32_t)v;
            break;
        case OPT_LOAN: o->loan = true; break;
        case OPT_IMMEDIATE: o->immediate = true; break;
        case OPT_TIMEOUT:
            if (!parse_number(optarg, 0, UINT32_MAX - COLLECT_GRACE_MS, &v)) {
                snprintf(problem, sizeof problem, "invalid timeout %s (milliseconds)", optarg);
                return usage(problem);
            }
            o->timeout_ms = (uint32_t)v;
            break;
        case OPT_SNAPLEN:
            if (!parse_number(optarg, 0, UINT32_MAX, &v)) {
                snprintf(problem, sizeof problem, "invalid snaplen %s", optarg);
                return usage(problem);
            }
            o->snaplen = v == 0 ? DEFAULT_SNAPLEN : (uint32_t)v; /* tcpdump: 0 means the default */
            break;
        case OPT_SPIN:
            if (!parse_number(optarg, 0, 1000000, &v)) {
                snprintf(problem, sizeof problem, "invalid spin time %s (microseconds, at most 1000000)", optarg);
                return usage(problem);
            }
            o->spin_usec = (int64_t)v;
            break;
        case 'h': usage(NULL); exit(0);
        default:
            snprintf(problem, sizeof problem, "unknown or incomplete option %s", argv[optind - 1]);
            return usage(problem);
        }
    }
    if (o->socket == NULL)
        return usage("-s SOCKET is required (the appliance's control socket)");
    if (o->interface == NULL)
        return usage("-i IFACE is required");
    if (o->file == NULL)
        return usage("-w FILE is required (\"-\" for standard output)");
    o->expression = join(argc - optind, argv + optind);
    return 0;
}

/* Writes the gathered records. Write errors stay in the stream and are reported at the end (ferror). */
static void flush_pending(struct sink *sink)
{
    if (sink->used > 0)
        fwrite_unlocked(sink->pending, 1, sink->used, sink->file);
    sink->used = 0;
}

/*
 * One pcap record, as pcap_dump writes it (32-bit seconds and microseconds, caplen, len, then the bytes), gathered
 * into our own buffer with two memcpy: pcap_dump's two locked fwrite calls a packet (and even two fwrite_unlocked)
 * made this loop, not the appliance, the limit for small packets. Only this thread writes the file.
 */
static void write_packet(unsigned char *user, const struct pzc_pkthdr *h, const unsigned char *bytes)
{
    struct sink *sink = (struct sink *)user;
    const uint32_t record[4] = { (uint32_t)h->ts.tv_sec, (uint32_t)h->ts.tv_usec, h->caplen, h->len };
    if (sink->used + sizeof record + h->caplen > OUTPUT_BUFFER_BYTES) {
        flush_pending(sink);
        if (sizeof record + h->caplen > OUTPUT_BUFFER_BYTES) { /* a record larger than the buffer goes straight out */
            fwrite_unlocked(record, sizeof record, 1, sink->file);
            fwrite_unlocked(bytes, 1, h->caplen, sink->file);
            sink->written++;
            return;
        }
    }
    memcpy(sink->pending + sink->used, record, sizeof record);
    memcpy(sink->pending + sink->used + sizeof record, bytes, h->caplen);
    sink->used += sizeof record + h->caplen;
    sink->written++;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* The records the appliance has captured so far, summed over the queues. */
static int captured_total(pzc_t *c, uint32_t queues, uint64_t *captured)
{
    struct pz_queue_stats stats[queues > 0 ? queues : 1];
    int err = pzc_stats(c, stats, queues, NULL, NULL);
    *captured = 0;
    for (uint32_t q = 0; err == 0 && q < queues; q++)
        *captured += stats[q].captured;
    return err;
}

/*
 * After SIGINT/SIGTERM: every packet captured before the signal goes to the file, as far as the appliance lets us
 * have it within the read timeout + 200 ms (it hands a store over by itself once the timeout expires). The target is
 * the appliance's captured count right after the signal; ROTATE hands over the partly filled stores at once, and is
 * asked again whenever nothing arrives for 20 ms (a rotation asked while both buffers of a queue were ours is not
 * remembered). Packets that share a buffer with the last ones wanted are written too. A second signal stops at once.
 */
static int collect_remainder(pzc_t *c, const struct options *o, uint32_t queues, struct sink *sink)
{
    uint64_t target;
    int err = captured_total(c, queues, &target);
    if (err == 0)
        err = pzc_rotate(c);
    uint64_t deadline = now_ms() + o->timeout_ms + COLLECT_GRACE_MS;
    while (err == 0 && sink->written < target && (o->count == 0 || sink->written < o->count)) {
        uint64_t now = now_ms();
        if (now >= deadline)
            break;
        uint64_t left = o->count == 0 ? 0 : o->count - sink->written;
        uint64_t wait = deadline - now < 20 ? deadline - now : 20;
        int r = pzc_dispatch(c, left > INT_MAX ? INT_MAX : (int)left, (int)wait, write_packet, (unsigned char *)sink);
        if (r == -EINTR)
            break;
        if (r < 0)
            return r;
        if (r == 0)
            err = pzc_rotate(c);
    }
    return err;
}

static int print_counts(pzc_t *c, uint32_t queues, uint64_t written)
{
    struct pz_queue_stats stats[queues > 0 ? queues : 1];
    uint64_t nic_dropped = 0;
    int err = pzc_stats(c, stats, queues, NULL, &nic_dropped);
    if (err < 0)
        return err;
    uint64_t received = 0, dropped = 0;
    for (uint32_t q = 0; q < queues; q++) {
        received += stats[q].received;
        dropped += stats[q].dropped;
    }
#define PLURAL(n) ((n) == 1 ? "" : "s")
    fprintf(stderr, "%llu packet%s captured\n", (unsigned long long)written, PLURAL(written));
    fprintf(stderr, "%llu packet%s received by filter\n", (unsigned long long)received, PLURAL(received));
    fprintf(stderr, "%llu packet%s dropped by kernel\n", (unsigned long long)dropped, PLURAL(dropped));
    fprintf(stderr, "%llu packet%s dropped by interface\n", (unsigned long long)nic_dropped, PLURAL(nic_dropped));
    return 0;
}

/* Two memfds per queue (A and B), each exactly `bytes` long, loaned to the appliance (BIOCSETZBUF). */
static int loan_memfds(pzc_t *c, uint32_t queues, uint32_t bytes)
{
    uint32_t n = 2 * queues;
    int fds[n];
    int err = 0;
    uint32_t made = 0;
    for (; made < n; made++) {
        fds[made] = memfd_create("pzc_capture-zbuf", MFD_CLOEXEC);
        if (fds[made] < 0 || ftruncate(fds[made], bytes) < 0) {
            err = fail("cannot create a %u-byte memfd for buffer %u: %s", bytes, made, strerror(errno));
            if (fds[made] >= 0)
                made++;
            break;
        }
    }
    if (err == 0 && pzc_loan_buffers(c, bytes, fds, n) < 0)
        err = fail("%s", pzc_geterr(c));
    for (uint32_t i = 0; i < made; i++)
        close(fds[i]); /* the appliance and the library hold their own mappings now */
    return err;
}

/* Configures the descriptors; returns 0 or prints the refusal and returns 1. */
static int configure(pzc_t *c, const struct options *o, struct pzc_attach_info *info)
{
    if (pzc_set_bufmode(c, PZ_BUFMODE_ZBUF) < 0 || pzc_attach(c, o->interface, o->queue, info) < 0 ||
        pzc_set_snaplen(c, o->snaplen) < 0 ||
        (o->expression != NULL && pzc_set_filter_expr(c, o->expression, NULL) < 0) ||
        pzc_set_tstamp(c, PZ_TSTAMP_NANOTIME) < 0 || pzc_set_timeout(c, o->timeout_ms) < 0 ||
        (o->immediate && pzc_set_immediate(c, 1) < 0))
        return fail("%s", pzc_geterr(c));
    return 0;
}

/* Opens FILE (or stdout) as a microsecond pcap for the interface's link type. */
static int open_output(const struct options *o, const struct pzc_attach_info *info, pcap_t **dead,
                       pcap_dumper_t **dumper)
{
    bool to_stdout = strcmp(o->file, "-") == 0;
    FILE *out = to_stdout ? stdout : fopen(o->file, "wb");
    if (out == NULL)
        return fail("%s: %s", o->file, strerror(errno));
    /* Before any output: the sink gathers records itself, so stdio passes each run of them straight to write(2). */
    setvbuf(out, NULL, _IONBF, 0);
    uint32_t snaplen = o->snaplen < info->snaplen ? o->snaplen : info->snaplen;
    *dead = pcap_open_dead_with_tstamp_precision(pzc_linktype_to_dlt(info->linktype), (int)snaplen,
                                                 PCAP_TSTAMP_PRECISION_MICRO);
    if (*dead == NULL) {
        if (!to_stdout)
            fclose(out);
        return fail("pcap_open_dead failed for link type %u", info->linktype);
    }
    *dumper = pcap_dump_fopen(*dead, out);
    if (*dumper == NULL) {
        int status = fail("%s: %s", o->file, pcap_geterr(*dead));
        if (!to_stdout)
            fclose(out);
        return status;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options o;
    if (parse_options(argc, argv, &o) != 0)
        return 1;

    char errbuf[PZC_ERRBUF_SIZE];
    pzc_t *c;
    if (pzc_open(o.socket, &c, errbuf) < 0)
        return fail("%s", errbuf);
    capture = c;
    struct sigaction stop = { .sa_handler = on_stop_signal }; /* no SA_RESTART: a blocked poll() returns */
    sigemptyset(&stop.sa_mask);
    sigaction(SIGINT, &stop, NULL);
    sigaction(SIGTERM, &stop, NULL);

    struct pzc_attach_info info;
    pcap_t *dead = NULL;
    struct sink sink = { .pending = malloc(OUTPUT_BUFFER_BYTES) };
    int status = sink.pending == NULL ? fail("cannot allocate the %u-byte output buffer", OUTPUT_BUFFER_BYTES)
                                      : configure(c, &o, &info);
    if (status == 0)
        status = open_output(&o, &info, &dead, &sink.dumper);
    if (status == 0)
        sink.file = pcap_dump_file(sink.dumper);
    if (status == 0) {
        long page = sysconf(_SC_PAGESIZE);
        uint64_t bytes = ((uint64_t)o.buffer_kib * 1024 + (uint64_t)page - 1) / (uint64_t)page * (uint64_t)page;
        if (o.loan)
            status = loan_memfds(c, info.queues, (uint32_t)bytes);
        else if (pzc_alloc_buffers(c, (uint32_t)bytes, PZ_HUGEPAGES_PREFER, NULL) < 0)
            status = fail("%s", pzc_geterr(c));
    }
    if (status == 0 && pzc_enable_wakeup(c) < 0)
        status = fail("%s", pzc_geterr(c));
    if (o.spin_usec >= 0)
        pzc_set_spin_usec(c, (uint32_t)o.spin_usec);

    if (status == 0) {
        uint64_t delivered;
        int r = pzc_loop(c, (int64_t)o.count, write_packet, (unsigned char *)&sink, &delivered);
        if (r == -EINTR) /* SIGINT/SIGTERM */
            r = collect_remainder(c, &o, info.queues, &sink);
        if (r < 0)
            status = fail("%s", pzc_geterr(c));
    }
    if (sink.dumper != NULL) {
        /* Flush before the counts: whoever reads them may read the file next. */
        flush_pending(&sink);
        if (pcap_dump_flush(sink.dumper) < 0 || ferror(pcap_dump_file(sink.dumper))) {
            if (status == 0)
                status = fail("error writing %s: %s", o.file, strerror(errno));
        }
    }
    if (status == 0 && print_counts(c, info.queues, sink.written) < 0)
        status = fail("%s", pzc_geterr(c));
    if (sink.dumper != NULL)
        pcap_dump_close(sink.dumper);
    if (dead != NULL)
        pcap_close(dead);
    free(sink.pending);
    capture = NULL;
    pzc_close(c);
    free(o.expression);
    return status;
}
