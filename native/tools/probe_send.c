/*
 * probe-send - transmit the frames of a capture file on an interface as fast as the kernel takes them,
 * or at a given rate: the traffic source of the AF_XDP tests and of the perf runs (tcpreplay tops out
 * at 0.3-0.4 Mpps on a veth; this does several times that).
 *
 *   probe-send -i IFACE -r FILE [-n LOOPS] [-c COUNT] [-p PPS] [-b BATCH] [-C CPU] [-Q] [-R] [-q]
 *
 * How: every frame of FILE (pcap or pcapng, read with libpcap) is loaded into memory once, then sent with
 * sendmmsg(2) in batches of BATCH (64) on an AF_PACKET SOCK_RAW socket bound to IFACE with
 * PACKET_QDISC_BYPASS, which hands each frame straight to the driver's transmit routine (no qdisc, no
 * taps: tcpdump on IFACE does not see these frames). Frames go out as captured (caplen bytes).
 *
 * Which tx queue: with the bypass, the kernel picks queue (sending CPU) % (tx queues) when the driver has no
 * queue selection of its own (veth has none), so -C CPU chooses the queue; with -Q (through the qdisc
 * layer) it picks by the frame's flow hash instead. On a veth the peer receives on the rx queue of the
 * same number.
 *
 * A frame the device refuses (sendmmsg fails with ENOBUFS: a veth whose peer's queue is full drops it)
 * is counted as refused, or with -R sent again until taken. The last line reports, as key=value pairs:
 *   probe-send: sent=N refused=N retried=N bytes=N seconds=S pps=N mbps=N
 * sent counts frames the device accepted. Exit status 0, or 1 with a message naming the problem.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 1024

struct frames {
    unsigned char *bytes; /* every frame back to back */
    size_t *offset;
    uint32_t *length;
    size_t count;
    size_t truncated; /* caplen < wire length in the file: sent as captured */
};

struct options {
    const char *iface;
    const char *file;
    uint64_t loops;  /* 0 with count 0: once */
    uint64_t count;  /* total frames, cycling through the file; 0: loops * frames */
    double pps;      /* 0: as fast as possible */
    unsigned batch;
    int cpu;         /* -1: no pinning */
    int use_qdisc;
    int retry;
    int quiet;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("probe-send: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: probe-send -i IFACE -r FILE [-n LOOPS] [-c COUNT] [-p PPS] [-b BATCH] [-C CPU] [-Q] [-R] [-q]\n"
            "  -n LOOPS  times through the file (default 1)      -c COUNT  frames in all, cycling through the file\n"
            "  -p PPS    frames per second (default: max)         -b BATCH  frames per sendmmsg (default 64, max %d)\n"
            "  -C CPU    pin to CPU (picks the tx queue)          -Q        through the qdisc layer (flow-hash queue)\n"
            "  -R        resend refused frames until taken        -q        only the final line\n",
            MAX_BATCH);
    exit(2);
}

static uint64_t parse_u64(const char *text, const char *what)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || *end || end == text || text[0] == '-')
        die("%s '%s' is not a non-negative integer", what, text);
    return v;
}

static void parse_options(int argc, char **argv, struct options *o)
{
    *o = (struct options){ .batch = 64, .cpu = -1 };
    int c;
    while ((c = getopt(argc, argv, "i:r:n:c:p:b:C:QRqh")) != -1) {
        switch (c) {
        case 'i': o->iface = optarg; break;
        case 'r': o->file = optarg; break;
        case 'n': o->loops = parse_u64(optarg, "LOOPS"); if (!o->loops) die("LOOPS must be at least 1"); break;
        case 'c': o->count = parse_u64(optarg, "COUNT"); if (!o->count) die("COUNT must be at least 1"); break;
        case 'p': o->pps = (double)parse_u64(optarg, "PPS"); break;
        case 'b':
            o->batch = (unsigned)parse_u64(optarg, "BATCH");
            if (o->batch < 1 || o->batch > MAX_BATCH)
                die("BATCH %u is outside 1..%d", o->batch, MAX_BATCH);
            break;
        case 'C': o->cpu = (int)parse_u64(optarg, "CPU"); break;
        case 'Q': o->use_qdisc = 1; break;
        case 'R': o->retry = 1; break;
        case 'q': o->quiet = 1; break;
        default: usage();
        }
    }
    if (optind != argc || !o->iface || !o->file)
        usage();
    if (o->loops && o->count)
        die("give -n LOOPS or -c COUNT, not both");
}

static void load_frames(const char *path, struct frames *f)
{
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(path, err);
    if (!p)
        die("cannot read %s: %s", path, err);
    if (pcap_datalink(p) != DLT_EN10MB)
        die("%s has link type %s; only Ethernet frames can be sent", path,
            pcap_datalink_val_to_name(pcap_datalink(p)) ? pcap_datalink_val_to_name(pcap_datalink(p)) : "unknown");
    size_t cap = 1024, bytes_cap = 1 << 20, used = 0;
    f->offset = malloc(cap * sizeof *f->offset);
    f->length = malloc(cap * sizeof *f->length);
    f->bytes = malloc(bytes_cap);
    if (!f->offset || !f->length || !f->bytes)
        die("out of memory loading %s", path);
    struct pcap_pkthdr *h;
    const u_char *data;
    int rc;
    while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
        if (f->count == cap) {
            cap *= 2;
            f->offset = realloc(f->offset, cap * sizeof *f->offset);
            f->length = realloc(f->length, cap * sizeof *f->length);
            if (!f->offset || !f->length)
                die("out of memory loading %s", path);
        }
        while (used + h->caplen > bytes_cap) {
            bytes_cap *= 2;
            if (!(f->bytes = realloc(f->bytes, bytes_cap)))
                die("out of memory loading %s", path);
        }
        if (h->caplen < h->len)
            f->truncated++;
        memcpy(f->bytes + used, data, h->caplen);
        f->offset[f->count] = used;
        f->length[f->count] = h->caplen;
        used += h->caplen;
        f->count++;
    }
    if (rc == PCAP_ERROR)
        die("%s: %s (after %zu frames)", path, pcap_geterr(p), f->count);
    pcap_close(p);
    if (f->count == 0)
        die("%s holds no frames", path);
}

static int open_socket(const struct options *o, int *mtu)
{
    unsigned ifindex = if_nametoindex(o->iface);
    if (!ifindex)
        die("no interface %s in this network namespace: %s", o->iface, strerror(errno));
    /* Protocol 0: the socket receives nothing, so no frame is ever queued to it. */
    int fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0)
        die("socket(AF_PACKET, SOCK_RAW): %s%s", strerror(errno), errno == EPERM ? " (needs CAP_NET_RAW)" : "");
    struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = (int)ifindex };
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) != 0)
        die("bind to %s: %s", o->iface, strerror(errno));
    if (!o->use_qdisc) {
        int one = 1;
        if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one) != 0)
            die("PACKET_QDISC_BYPASS on %s: %s", o->iface, strerror(errno));
    }
    /* A send buffer large enough that sendmmsg never sleeps for socket memory (root may force it). */
    int sndbuf = 16 << 20;
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof sndbuf) != 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    struct ifreq ifr = { 0 };
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", o->iface);
    *mtu = ioctl(fd, SIOCGIFMTU, &ifr) == 0 ? ifr.ifr_mtu : -1;
    return fd;
}

int main(int argc, char **argv)
{
    struct options o;
    parse_options(argc, argv, &o);

    if (o.cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(o.cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0)
            die("cannot pin to CPU %d: %s (this machine has CPUs 0-%ld)", o.cpu, strerror(errno),
                sysconf(_SC_NPROCESSORS_ONLN) - 1);
    }

    struct frames f = { 0 };
    load_frames(o.file, &f);
    int mtu;
    int fd = open_socket(&o, &mtu);
    for (size_t i = 0; i < f.count; i++)
        if (mtu > 0 && f.length[i] > (uint32_t)mtu + ETH_HLEN)
            die("frame %zu of %s is %u bytes: longer than %s's MTU %d + %d-byte Ethernet header "
                "(raise the MTU, e.g. scripts/veth-lab.sh up NAME CHANNELS %u)",
                i + 1, o.file, f.length[i], o.iface, mtu, ETH_HLEN, f.length[i] - ETH_HLEN);

    uint64_t total = o.count ? o.count : (o.loops ? o.loops : 1) * (uint64_t)f.count;
    if (!o.quiet) {
        fprintf(stderr, "probe-send: %zu frames from %s%s, %llu to send on %s (%s, batch %u%s)\n", f.count, o.file,
                f.truncated ? " (some truncated in the file: sent as captured)" : "", (unsigned long long)total,
                o.iface, o.use_qdisc ? "through the qdisc" : "qdisc bypass", o.batch,
                o.pps > 0 ? ", rate-limited" : "");
    }

    /* One iovec and one message per frame of the file, built once: a batch is a window into them. The
     * window wraps at the end of the file, so a batch may be cut short there. */
    struct iovec *iov = calloc(f.count, sizeof *iov);
    struct mmsghdr *msgs = calloc(f.count, sizeof *msgs);
    if (!iov || !msgs)
        die("out of memory");
    for (size_t i = 0; i < f.count; i++) {
        iov[i] = (struct iovec){ .iov_base = f.bytes + f.offset[i], .iov_len = f.length[i] };
        msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1 };
    }

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    uint64_t sent = 0, refused = 0, retried = 0, bytes = 0;
    size_t next = 0; /* index into the file of the next frame */
    double start = now_seconds();
    while (sent + refused < total && !stop_requested) {
        uint64_t want = total - sent - refused;
        if (want > o.batch)
            want = o.batch;
        if (o.pps > 0) {
            /* Frames due by now; wait for the next one when none is due (spin below 50 us). */
            double due_at = start + (double)(sent + refused) / o.pps;
            double now = now_seconds();
            if (now < due_at) {
                double wait = due_at - now;
                if (wait > 50e-6) {
                    struct timespec ts = { .tv_sec = (time_t)wait, .tv_nsec = (long)((wait - (double)(time_t)wait) * 1e9) };
                    nanosleep(&ts, NULL);
                }
                continue;
            }
            uint64_t due = (uint64_t)((now - start) * o.pps) + 1 - (sent + refused);
            if (want > due)
                want = due;
        }
        if (want > f.count - next)
            want = f.count - next;

        int n = sendmmsg(fd, &msgs[next], (unsigned)want, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == ENOBUFS || errno == EAGAIN) {
                /* The frame at msgs[next] was dropped by the device (or its queue was busy). */
                if (o.retry) {
                    retried++;
                    sched_yield();
                    continue;
                }
                refused++;
                n = 1;
                next = (next + 1) % f.count;
                continue;
            }
            if (errno == EMSGSIZE)
                die("frame %zu of %s (%u bytes) was refused as too long for %s", next + 1, o.file,
                    f.length[next], o.iface);
            die("sendmmsg on %s failed at frame %zu of %s: %s", o.iface, next + 1, o.file, strerror(errno));
        }
        for (int i = 0; i < n; i++)
            bytes += f.length[next + (size_t)i];
        sent += (uint64_t)n;
        next = (next + (size_t)n) % f.count;
    }
    double seconds = now_seconds() - start;
    if (seconds <= 0)
        seconds = 1e-9;
    printf("probe-send: sent=%llu refused=%llu retried=%llu bytes=%llu seconds=%.6f pps=%.0f mbps=%.1f\n",
           (unsigned long long)sent, (unsigned long long)refused, (unsigned long long)retried,
           (unsigned long long)bytes, seconds, (double)sent / seconds, (double)bytes * 8 / seconds / 1e6);
    close(fd);
    return stop_requested ? 130 : 0;
}
