/*
 * ring_copy - the physical limit of a one-copy capture design on this machine: copies packets into a zbuf-style
 * ring exactly as the appliance's poll thread does, with nothing else on the path (no NIC, no driver, no filter),
 * and reports how fast that goes.
 *
 *   ring_copy --frame LEN [--seconds S] [--buffer-kib KIB] [--reader none|walk|pcap --reader-core CPU]
 *             [--pool N] [--burst N]
 *
 * The ring is one descriptor's two equal buffers (memfds, hugetlb-backed when hugepages are free, as the
 * appliance allocates them; --buffer-kib per buffer, default 16384), each starting with the 32-byte shared header
 * of zbuf-protocol.md (shared/design). Every packet becomes one record: the 26-byte bpf_xhdr (hdrlen 26 for Ethernet), then
 * the packet bytes, the next record at the next 8-byte boundary. A full store is handed over (kernel_len, then a
 * release-increment of kernel_gen) and the other buffer becomes the store if its consumer acknowledged it;
 * otherwise the packet is dropped and counted, as the appliance does.
 *
 * Packets come from a pool of N (default 1024, as many as gen_udp64_pcap writes) mbuf-sized slots, cycled in order
 * the way net_pcap's infinite_rx cycles a file's packets; timestamps are taken once per burst (default 32).
 *
 * --reader none (the default): no consumer; a buffer counts as acknowledged the moment it is handed over, so the
 * figure is the copy alone. Otherwise a reader thread on --reader-core waits for each buffer in turn (spinning on
 * kernel_gen), walks its records by hdrlen/caplen clamped to kernel_len, and acknowledges it (release-store of
 * user_gen). walk: reads every 8-byte word of every packet (each cache line the copy wrote moves to the reader's
 * core, which is the cost a consumer imposes on the producer, and nothing more). pcap: what pzc_capture -w
 * /dev/null does: gathers every record as a pcap record in a 1 MiB buffer, written to /dev/null when full.
 *
 * Runs on the CPU it was started on (pin it with taskset). Prints one line:
 *   mpps=X gbps=Y cpu_mpps=Z captured=N dropped=D read=R seconds=S record_bytes=B hugepages=0|1
 * X: records written per second of wall time; Y: record bytes (header + packet, without alignment padding) per
 * second in 10^9 bytes; Z: records per CPU-second of the copying thread; R: records the reader walked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define SHARED_HEADER 32u      /* kernel_gen @0, kernel_len @4, user_gen @8, pad */
#define XHDR_LEN 26u           /* bpf_xhdr up to hdrlen; align8(14 + 26) - 14 = 26 for Ethernet */
#define RECORD_ALIGN 8u
#define SLOT_STRIDE 2304u      /* an rte_mbuf (128) + headroom (128) + default data room (2048) */
#define SLOT_DATA_OFFSET 256u
#define OUTPUT_BUFFER (1u << 20) /* pzc_capture's output buffer: one write(2) per MiB */

struct options {
	unsigned frame, burst, pool;
	double seconds;
	unsigned long buffer_kib;
	enum { READER_NONE, READER_WALK, READER_PCAP } reader;
	int reader_core;
};

struct ring {
	uint8_t *base[2];
	size_t size;
	bool hugepages;
};

/* Set by SIGALRM; the copy loop reads it once per burst and the reader once per poll. */
static volatile sig_atomic_t stop_now;

static void on_alarm(int sig)
{
	(void)sig;
	stop_now = 1;
}

static uint32_t *kernel_gen(uint8_t *b) { return (uint32_t *)b; }
static uint32_t *kernel_len(uint8_t *b) { return (uint32_t *)(b + 4); }
static uint32_t *user_gen(uint8_t *b) { return (uint32_t *)(b + 8); }
static size_t align8(size_t v) { return (v + RECORD_ALIGN - 1) & ~(size_t)(RECORD_ALIGN - 1); }

static int usage(const char *problem)
{
	if (problem)
		fprintf(stderr, "ring_copy: %s\n", problem);
	fprintf(stderr, "usage: ring_copy --frame LEN [--seconds S=1] [--buffer-kib KIB=16384]"
			" [--reader none|walk|pcap --reader-core CPU] [--pool N=1024] [--burst N=32]\n");
	return 2;
}

static int parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .frame = 0, .burst = 32, .pool = 1024, .seconds = 1.0, .buffer_kib = 16384,
			       .reader_core = -1 };
	for (int i = 1; i < argc; i++) {
		const char *name = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;
		double v;

		if (value == NULL)
			return usage("every option takes a value");
		i++;
		if (strcmp(name, "--reader") == 0) {
			if (strcmp(value, "none") == 0)
				o->reader = READER_NONE;
			else if (strcmp(value, "walk") == 0)
				o->reader = READER_WALK;
			else if (strcmp(value, "pcap") == 0)
				o->reader = READER_PCAP;
			else
				return fprintf(stderr, "ring_copy: --reader must be none, walk or pcap, not %s\n", value), 2;
			continue;
		}
		errno = 0;
		v = strtod(value, &end);
		if (errno != 0 || end == value || *end != '\0' || v < 0)
			return fprintf(stderr, "ring_copy: %s: not a number: %s\n", name, value), 2;
		if (strcmp(name, "--frame") == 0)
			o->frame = (unsigned)v;
		else if (strcmp(name, "--seconds") == 0)
			o->seconds = v;
		else if (strcmp(name, "--buffer-kib") == 0)
			o->buffer_kib = (unsigned long)v;
		else if (strcmp(name, "--reader-core") == 0)
			o->reader_core = (int)v;
		else if (strcmp(name, "--pool") == 0)
			o->pool = (unsigned)v;
		else if (strcmp(name, "--burst") == 0)
			o->burst = (unsigned)v;
		else
			return fprintf(stderr, "ring_copy: unknown option %s\n", name), 2;
	}
	if ((o->reader != READER_NONE) != (o->reader_core >= 0))
		return usage("--reader walk|pcap and --reader-core go together");
	if (o->frame < 14 || o->frame > SLOT_STRIDE - SLOT_DATA_OFFSET)
		return fprintf(stderr, "ring_copy: --frame must be 14..%u bytes\n", SLOT_STRIDE - SLOT_DATA_OFFSET), 2;
	if (o->seconds <= 0 || o->burst == 0 || o->pool == 0)
		return usage("--seconds, --burst and --pool must be above 0");
	if (o->buffer_kib < 4 || o->buffer_kib > 4u * 1024 * 1024 ||
	    o->buffer_kib * 1024 < SHARED_HEADER + align8(XHDR_LEN + o->frame))
		return usage("--buffer-kib must hold at least one record and be at most 4 GiB");
	return 0;
}

/* One buffer: a hugetlb memfd when the size is a 2 MiB multiple and pages are free, else an ordinary one. */
static uint8_t *map_buffer(size_t size, bool *huge)
{
	unsigned flags[2] = { MFD_CLOEXEC | MFD_HUGETLB, MFD_CLOEXEC };

	for (int i = size % (2u << 20) == 0 ? 0 : 1; i < 2; i++) {
		int fd = memfd_create("ring_copy", flags[i]);
		void *p = MAP_FAILED;

		if (fd < 0)
			continue;
		if (ftruncate(fd, (off_t)size) == 0)
			p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
		close(fd);
		if (p != MAP_FAILED) {
			*huge = i == 0;
			return p;
		}
	}
	return NULL;
}

static int pin_thread(pthread_t t, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return pthread_setaffinity_np(t, sizeof set, &set);
}

struct reader {
	struct ring *ring;
	bool write_pcap;
	uint64_t records;
	uint64_t malformed; /* records whose header the producer could not have written: a bug in this tool */
	uint64_t fold; /* what walk read, so that the compiler cannot drop the reads */
	int error;
};

/* walk: every 8-byte word of the packet (the last one overlapping when caplen is not a multiple of 8). */
static uint64_t fold_packet(const uint8_t *p, uint32_t caplen)
{
	uint64_t acc = 0, w;
	uint32_t i = 0;

	for (; i + 8 <= caplen; i += 8) {
		memcpy(&w, p + i, 8);
		acc ^= w;
	}
	if (i < caplen && caplen >= 8) {
		memcpy(&w, p + caplen - 8, 8);
		acc ^= w;
	}
	return acc;
}

/* The consumer: buffers strictly in the order A, B, A, ..., each read in place and acknowledged. */
static void *read_ring(void *arg)
{
	struct reader *r = arg;
	FILE *out = NULL;
	char *buffer = NULL;
	uint32_t seen[2] = { 0, 0 };
	unsigned next = 0;
	size_t pending = 0; /* bytes of records gathered in buffer */

	if (r->write_pcap) {
		out = fopen("/dev/null", "w");
		buffer = malloc(OUTPUT_BUFFER);
		if (out == NULL || buffer == NULL) {
			r->error = errno ? errno : ENOMEM;
			return NULL;
		}
		setvbuf(out, NULL, _IONBF, 0); /* records are gathered in buffer, as pzc_capture does */
	}
	while (!stop_now) {
		uint8_t *b = r->ring->base[next];
		/* Acquire: partners the producer's release-increment; records and kernel_len are complete after it. */
		uint32_t gen = __atomic_load_n(kernel_gen(b), __ATOMIC_ACQUIRE);
		uint32_t len;
		size_t off = 0;

		if (gen == seen[next]) {
			__builtin_ia32_pause();
			continue;
		}
		len = *kernel_len(b);
		while (off + XHDR_LEN <= len) {
			const uint8_t *rec = b + SHARED_HEADER + off;
			uint32_t caplen, wirelen, pcap[4];
			uint16_t hdrlen;
			int64_t sec;
			uint64_t nsec;

			memcpy(&sec, rec, 8);
			memcpy(&nsec, rec + 8, 8);
			memcpy(&caplen, rec + 16, 4);
			memcpy(&wirelen, rec + 20, 4);
			memcpy(&hdrlen, rec + 24, 2);
			if (hdrlen != XHDR_LEN || caplen != wirelen || off + hdrlen + caplen > len) {
				r->malformed++; /* and stop at it: every advance stays within kernel_len */
				break;
			}
			if (out != NULL) {
				pcap[0] = (uint32_t)sec;
				pcap[1] = (uint32_t)(nsec / 1000);
				pcap[2] = caplen;
				pcap[3] = wirelen;
				if (pending + sizeof pcap + caplen > OUTPUT_BUFFER) {
					fwrite_unlocked(buffer, 1, pending, out);
					pending = 0;
				}
				memcpy(buffer + pending, pcap, sizeof pcap);
				memcpy(buffer + pending + sizeof pcap, rec + hdrlen, caplen);
				pending += sizeof pcap + caplen;
			} else {
				r->fold ^= fold_packet(rec + hdrlen, caplen) ^ (uint64_t)sec ^ nsec ^ wirelen;
			}
			r->records++;
			off = align8(off + hdrlen + caplen);
		}
		seen[next] = gen;
		/* Release: our last read of the records happens before the producer may reuse the buffer. */
		__atomic_store_n(user_gen(b), gen, __ATOMIC_RELEASE);
		next ^= 1;
	}
	if (out != NULL)
		fclose(out);
	free(buffer);
	return NULL;
}

static double seconds_of(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct options o;
	struct ring ring = { 0 };
	struct reader reader = { .ring = &ring };
	pthread_t reader_thread;
	sigset_t alarm_only;
	struct itimerval timer = { 0 };
	uint8_t *pool;
	uint32_t gen[2] = { 0, 0 };
	unsigned store = 0, slot = 0;
	size_t used = 0, usable, record_len;
	bool other_is_hold = false, store_handed_over = false, huge_b = false;
	uint64_t captured = 0, dropped = 0;
	double t0, t1, c0, c1;
	int rc = parse(argc, argv, &o);

	if (rc != 0)
		return rc;
	ring.size = o.buffer_kib * 1024;
	usable = ring.size - SHARED_HEADER;
	record_len = XHDR_LEN + o.frame;
	ring.base[0] = map_buffer(ring.size, &ring.hugepages);
	ring.base[1] = map_buffer(ring.size, &huge_b);
	pool = aligned_alloc(64, (size_t)o.pool * SLOT_STRIDE);
	if (ring.base[0] == NULL || ring.base[1] == NULL || pool == NULL) {
		fprintf(stderr, "ring_copy: cannot map two %zu-byte buffers and a %u-packet pool: %s\n", ring.size, o.pool,
			strerror(errno));
		return 1;
	}
	ring.hugepages = ring.hugepages && huge_b;
	/* Touch everything once so that no page fault lands in the timed loop (the appliance's buffers are
	 * populated before its consumer attaches, too). */
	for (unsigned i = 0; i < 2; i++) {
		memset(ring.base[i] + SHARED_HEADER, 0xa5, usable);
		memset(ring.base[i], 0, SHARED_HEADER);
	}
	for (size_t i = 0; i < (size_t)o.pool * SLOT_STRIDE; i++)
		pool[i] = (uint8_t)(i * 131 + 7);

	/* Only the copying thread takes SIGALRM: the reader is created with it blocked. */
	sigemptyset(&alarm_only);
	sigaddset(&alarm_only, SIGALRM);
	signal(SIGALRM, on_alarm);
	reader.write_pcap = o.reader == READER_PCAP;
	if (o.reader != READER_NONE) {
		pthread_sigmask(SIG_BLOCK, &alarm_only, NULL);
		rc = pthread_create(&reader_thread, NULL, read_ring, &reader);
		pthread_sigmask(SIG_UNBLOCK, &alarm_only, NULL);
		if (rc != 0 || (rc = pin_thread(reader_thread, o.reader_core)) != 0) {
			fprintf(stderr, "ring_copy: cannot start the reader on CPU %d: %s\n", o.reader_core, strerror(rc));
			return 1;
		}
	}

	timer.it_value.tv_sec = (time_t)o.seconds;
	timer.it_value.tv_usec = (suseconds_t)((o.seconds - (double)(time_t)o.seconds) * 1e6);
	t0 = seconds_of(CLOCK_MONOTONIC);
	c0 = seconds_of(CLOCK_THREAD_CPUTIME_ID);
	setitimer(ITIMER_REAL, &timer, NULL);
	while (!stop_now) {
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now); /* one timestamp per burst */
		for (unsigned k = 0; k < o.burst; k++) {
			const uint8_t *packet = pool + (size_t)slot * SLOT_STRIDE + SLOT_DATA_OFFSET;
			size_t start = align8(used);
			uint8_t *rec;
			uint32_t caplen = o.frame;
			uint16_t hdrlen = XHDR_LEN;
			uint64_t nsec = (uint64_t)now.tv_nsec;
			int64_t sec = now.tv_sec;

			if (++slot == o.pool)
				slot = 0;
			if (store_handed_over || start + record_len > usable) {
				unsigned other = store ^ 1;

				/* Reclaim: acquire-load of user_gen, partner of the reader's release-store. */
				if (other_is_hold && (o.reader == READER_NONE ||
						      __atomic_load_n(user_gen(ring.base[other]), __ATOMIC_ACQUIRE) == gen[other]))
					other_is_hold = false;
				if (!store_handed_over) {
					/* Hand over: kernel_len, then the release-increment that publishes the records. */
					*kernel_len(ring.base[store]) = (uint32_t)used;
					__atomic_store_n(kernel_gen(ring.base[store]), ++gen[store], __ATOMIC_RELEASE);
					store_handed_over = true;
				}
				if (other_is_hold) {
					dropped++;
					continue;
				}
				store = other;
				other_is_hold = true;
				store_handed_over = false;
				used = 0;
				start = 0;
			}
			rec = ring.base[store] + SHARED_HEADER + start;
			memcpy(rec, &sec, 8);
			memcpy(rec + 8, &nsec, 8);
			memcpy(rec + 16, &caplen, 4);
			memcpy(rec + 20, &caplen, 4);
			memcpy(rec + 24, &hdrlen, 2);
			memcpy(rec + XHDR_LEN, packet, caplen);
			used = start + record_len;
			captured++;
		}
	}
	t1 = seconds_of(CLOCK_MONOTONIC);
	c1 = seconds_of(CLOCK_THREAD_CPUTIME_ID);
	if (o.reader != READER_NONE) {
		pthread_join(reader_thread, NULL);
		if (reader.error != 0) {
			fprintf(stderr, "ring_copy: the reader could not open /dev/null: %s\n", strerror(reader.error));
			return 1;
		}
		if (reader.malformed != 0 || reader.records > captured) {
			fprintf(stderr, "ring_copy: the reader found %llu malformed records and read %llu of %llu written\n",
				(unsigned long long)reader.malformed, (unsigned long long)reader.records,
				(unsigned long long)captured);
			return 1;
		}
	}
	printf("mpps=%.3f gbps=%.3f cpu_mpps=%.3f captured=%llu dropped=%llu read=%llu seconds=%.3f record_bytes=%zu"
	       " hugepages=%d\n",
	       (double)captured / (t1 - t0) / 1e6, (double)captured * (double)record_len / (t1 - t0) / 1e9,
	       c1 > c0 ? (double)captured / (c1 - c0) / 1e6 : 0.0, (unsigned long long)captured,
	       (unsigned long long)dropped, (unsigned long long)reader.records, t1 - t0, record_len, ring.hugepages);
	return 0;
}
