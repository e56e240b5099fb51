// A check that holds in every build of a harness: libFuzzer's (clang, sanitizers) and the
// replay tests' (GCC, NDEBUG in RelWithDebInfo, where assert() would vanish). A failed
// check prints what failed and aborts, which libFuzzer reports as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                                          \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #condition);                    \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (false)
