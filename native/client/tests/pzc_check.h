/*
 * pzc_check.h - the checks the client's C tests share: a failed CHECK is counted and reported, not fatal, so one
 * run shows every broken expectation; REQUIRE stops the test when the rest would be meaningless.
 */
#ifndef PZC_CHECK_H
#define PZC_CHECK_H

#include <stdbool.h>
#include <stdio.h>

static int pzc_check_failures;
static int pzc_check_count;

#define CHECK(cond, ...) \
    do { \
        pzc_check_count++; \
        if (!(cond)) { \
            pzc_check_failures++; \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__); \
            fputc('\n', stderr); \
        } \
    } while (0)

#define REQUIRE(cond, ...) \
    do { \
        bool pzc_required_ = (cond); /* evaluated once: cond may be a call */ \
        CHECK(pzc_required_, __VA_ARGS__); \
        if (!pzc_required_) \
            return pzc_check_finish(); \
    } while (0)

/* "N checks, N failed"; the process exit status. */
static inline int pzc_check_finish(void)
{
    fprintf(stderr, "%d checks, %d failed\n", pzc_check_count, pzc_check_failures);
    return pzc_check_failures == 0 && pzc_check_count > 0 ? 0 : 1;
}

#endif
