#pragma once

#include <memory>

namespace chainslip {

// Owns a C library handle and frees it with the library's own function:
// CHandle<ECDSA_SIG, ECDSA_SIG_free>, CHandle<sqlite3_stmt, sqlite3_finalize>.
template <auto Free>
struct CFree {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

template <typename T, auto Free>
using CHandle = std::unique_ptr<T, CFree<Free>>;

}  // namespace chainslip
