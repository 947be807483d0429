/*
 * pdk_log.c - captures DPDK's log so that error messages can quote DPDK's own words.
 *
 * rte_openlog_stream() may be called before rte_eal_init(): EAL only sets its *default* stream
 * during init, and rte_log prefers the stream set here. The stream is a fopencookie stream that
 * echoes every write to stderr (what DPDK would have done) and keeps the last PDK_LOG_RING bytes.
 * Error paths take a mark before a step and quote what was logged after it.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_log.h>

#include "pdk_internal.h"

#define PDK_LOG_RING 32768u          /* power of two: positions wrap with a mask */
#define PDK_LOG_MAX_QUOTED_LINES 12  /* the last lines of a step are the ones that explain it */

static char log_ring[PDK_LOG_RING];
static uint64_t log_total;            /* bytes ever written; log_ring[i % RING] holds byte i */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_stream;

static ssize_t log_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	/* Echo first so the log reads the same as without the shim, even if the copy fails. */
	if (fwrite(buf, 1, size, stderr) != size)
		clearerr(stderr);

	pthread_mutex_lock(&log_lock);
	for (size_t i = 0; i < size; i++)
		log_ring[(log_total + i) & (PDK_LOG_RING - 1)] = buf[i];
	log_total += size;
	pthread_mutex_unlock(&log_lock);
	return (ssize_t)size;
}

bool pdk_log_capture_install(void)
{
	cookie_io_functions_t io = { .read = NULL, .write = log_write, .seek = NULL, .close = NULL };

	if (log_stream != NULL)
		return true;
	log_stream = fopencookie(NULL, "w", io);
	if (log_stream == NULL)
		return false;
	/* Line buffered: rte_log also fflush()es after each message, so a failing step's last
	 * line is in the ring before the step returns. */
	setvbuf(log_stream, NULL, _IOLBF, 0);
	return rte_openlog_stream(log_stream) == 0;
}

uint64_t pdk_log_mark(void)
{
	uint64_t mark;

	if (log_stream != NULL)
		fflush(log_stream);
	pthread_mutex_lock(&log_lock);
	mark = log_total;
	pthread_mutex_unlock(&log_lock);
	return mark;
}

/* Copies the bytes logged since mark (at most the ring) into out (NUL-terminated). */
static size_t log_copy_since(uint64_t mark, char *out, size_t out_cap)
{
	size_t n = 0;

	if (log_stream != NULL)
		fflush(log_stream);
	pthread_mutex_lock(&log_lock);
	if (log_total - mark > PDK_LOG_RING - 1)
		mark = log_total - (PDK_LOG_RING - 1);
	for (uint64_t i = mark; i < log_total && n + 1 < out_cap; i++)
		out[n++] = log_ring[i & (PDK_LOG_RING - 1)];
	pthread_mutex_unlock(&log_lock);
	out[n] = '\0';
	return n;
}

/* Start-up chatter that every run logs and no failure is explained by. */
static bool is_noise(const char *line)
{
	static const char *const noise[] = {
		"EAL: Detected CPU lcores", "EAL: Detected NUMA nodes",
		"EAL: Detected shared linkage", "EAL: Selected IOVA mode",
		"TELEMETRY: No legacy callbacks",
	};

	for (size_t i = 0; i < sizeof(noise) / sizeof(noise[0]); i++)
		if (strncmp(line, noise[i], strlen(noise[i])) == 0)
			return true;
	return false;
}

bool pdk_log_contains(uint64_t mark, const char *needle)
{
	static char text[PDK_LOG_RING];
	bool found;

	log_copy_since(mark, text, sizeof(text));
	found = strstr(text, needle) != NULL;
	return found;
}

void pdk_err_append_log(char *err, uint32_t err_cap, uint64_t mark, const char *must_contain)
{
	static char text[PDK_LOG_RING];
	static char *lines[PDK_LOG_RING / 2];
	static bool keep[PDK_LOG_RING / 2];
	size_t nlines = 0, first;
	char *save = NULL;

	if (err == NULL || err_cap == 0)
		return;
	log_copy_since(mark, text, sizeof(text));
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
			line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '\0' || is_noise(line))
			continue;
		lines[nlines] = line;
		keep[nlines] = must_contain == NULL || strstr(line, must_contain) != NULL;
		/* A driver explains a failure the line before the one that names the device
		 * ("Couldn't open FILE", then "failed to initialize net_pcap0 device"). */
		if (keep[nlines] && must_contain != NULL && nlines > 0)
			keep[nlines - 1] = true;
		nlines++;
	}
	{
		size_t kept = 0;

		for (size_t i = 0; i < nlines; i++)
			if (keep[i])
				lines[kept++] = lines[i];
		nlines = kept;
	}
	if (nlines == 0)
		return;
	first = nlines > PDK_LOG_MAX_QUOTED_LINES ? nlines - PDK_LOG_MAX_QUOTED_LINES : 0;
	pdk_err_append(err, err_cap, " DPDK log: ");
	for (size_t i = first; i < nlines; i++) {
		size_t len = strlen(lines[i]);

		/* The message goes on with '.', so drop the line's own. */
		while (len > 0 && lines[i][len - 1] == '.')
			lines[i][--len] = '\0';
		pdk_err_append(err, err_cap, "%s%s", i == first ? "" : " | ", lines[i]);
	}
	pdk_err_append(err, err_cap, ".");
}
