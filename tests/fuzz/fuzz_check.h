#pragma once

#include <cstdio>
#include <cstdlib>

// A property a fuzz target checks beyond "no crash": when it fails, the
// input is a finding like any crash (libFuzzer saves it and stops).
#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)
