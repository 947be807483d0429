/*
 * pdk_test.h - the few helpers the shim's C tests share: checks that count failures instead of
 * aborting (so one run reports every broken expectation), EAL start-up with the arguments every
 * test needs, and the leftovers check.
 */
#ifndef PDK_TEST_H
#define PDK_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "probe_dpdk.h"

extern int pdk_test_failures;
extern int pdk_test_checks;

#define CHECK(cond, ...) \
	do { \
		pdk_test_checks++; \
		if (!(cond)) { \
			pdk_test_failures++; \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
		} \
	} while (0)

/* Fails the test at once: for a precondition without which the rest is meaningless. */
#define REQUIRE(cond, ...) \
	do { \
		bool pdk_required_ = (cond); /* evaluated once: cond may be a call */ \
		CHECK(pdk_required_, __VA_ARGS__); \
		if (!pdk_required_) \
			return pdk_test_finish(); \
	} while (0)

/* Prints "N passed, N failed" (checks) and returns the process exit code. */
int pdk_test_finish(void);

/* pdk_init with -l 0 --no-pci and the given extra arguments (vdevs, ...). The shim adds
 * --in-memory and a unique --file-prefix. Returns pdk_init's status; err gets its message. */
int32_t pdk_test_init(int nextra, const char *const *extra, char *err, uint32_t err_cap);

/* True if neither /var/run/dpdk/<prefix> nor any /dev/hugepages/<prefix>* file exists. */
bool pdk_test_no_leftovers(const char *prefix);

/* The default file prefix the shim gives this process ("pdk<pid>"). */
const char *pdk_test_default_prefix(void);

/* Reads/writes /proc/sys/vm/nr_hugepages. */
long pdk_test_read_nr_hugepages(void);
bool pdk_test_write_nr_hugepages(long value);

#endif
