#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bundle/bundle_verifier.h"
#include "core/bundle/receipt_bundle.h"
#include "core/engine/chain_engine.h"
#include "core/store/sqlite_util.h"
#include "core/util/result.h"

namespace chainslip {

// The kiosk's cache of verified receipts (SQLite, WAL). It keeps each receipt
// with everything needed to verify it again offline: proof, certificate,
// block header, validator-set changes. A cached receipt is not trusted: get()
// rebuilds the bundle and the caller runs verify_bundle on it again.
//
// Schema: core/store/schema.h. Not thread-safe (statements are cached): use
// one store per thread; several processes may share the file.
class ReceiptStore {
 public:
  // Opens or creates the cache at `path` and applies pending migrations. A
  // new file is created with mode 0600 whatever the umask (receipts name
  // their payers). Errors: kDataLoss if the file is not a chainslip cache or
  // its header or schema is corrupt (damage elsewhere is kDataLoss where it
  // is read, or from check_integrity); kFailedPrecondition if a newer
  // chainslip wrote it or it is not writable; kNotFound/kUnavailable for I/O.
  static Result<ReceiptStore> open(const std::string& path);

  ReceiptStore(ReceiptStore&&) noexcept;
  ReceiptStore& operator=(ReceiptStore&&) noexcept;
  ~ReceiptStore();

  // Stores a bundle that verify_bundle accepted, with that verification's
  // result, all or nothing. Replaces a cached receipt of the same code and
  // number. kInvalidArgument if `verified` is not about this bundle's header;
  // kFailedPrecondition / kValidatorSetChangeInvalid if its header or a
  // validator-set change contradicts a cached one of the same chain and
  // height (a fork: the cache keeps what it had).
  Status put(const ReceiptBundle& bundle, const VerifiedReceipt& verified, std::uint64_t verified_at);
  // The same for a bundle of any chain engine: a chainslip bundle as above;
  // a FISCO BCOS one is kUnimplemented (the cache's schema holds chainslip's
  // headers and changes only, so far).
  Status put(const IssuedReceipt& issued, const VerifiedReceipt& verified, std::uint64_t verified_at);

  // The cached bundle of receipt code-number, with the header and the chain's
  // validator-set changes up to the header's height, in activation order; or
  // nullopt. kDataLoss if what is stored no longer parses or is not that
  // receipt. The bundle is as good as the file: verify it again.
  Result<std::optional<ReceiptBundle>> get(std::string_view code, std::string_view number) const;

  // Every validator-set change of `chain_id` cached so far, in activation
  // order: what a kiosk has verified, to hold later bundles to (PROTOCOL
  // 5.1). kDataLoss if a stored one no longer parses.
  Result<std::vector<ValidatorSetChange>> validator_set_changes(const std::string& chain_id, Suite suite) const;

  Result<std::uint64_t> count() const;

  // Retention: deletes the receipts last verified from the node before
  // `unix_seconds` and returns how many. Deleted rows are overwritten, not
  // just unlinked (secure_delete): they name their payers. Headers,
  // certificates and validator-set changes stay (small, and they are what
  // fork detection compares against).
  Result<std::uint64_t> prune_verified_before(std::uint64_t unix_seconds);

  // PRAGMA quick_check: reads the whole file, which takes seconds for a large
  // cache, so open() does not run it. kDataLoss with SQLite's first complaint.
  Status check_integrity() const;

  // Groups puts into one transaction (one commit instead of one per put) for
  // bulk loading. Rolls back on destruction unless committed. A put that
  // fails inside it is undone alone; the others stay. Must not outlive the
  // store.
  using Transaction = sqlite::WriteTransaction;
  Result<Transaction> begin_transaction();

  const std::string& path() const { return path_; }

 private:
  struct Statements;  // the cached prepared statements

  ReceiptStore(sqlite::Db db, std::string path);
  Status prepare_statements();
  // The change_json of `chain_id`'s changes activated at or below the height, in order.
  Result<Json> changes_json(const std::string& chain_id, std::int64_t up_to_height) const;

  std::string path_;
  sqlite::Db db_;
  // Declared after db_: statements are finalized before the handle closes.
  std::unique_ptr<Statements> stmts_;
};

}  // namespace chainslip
