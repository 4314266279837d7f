#include "firmware/cli/status_command.h"

#include <httplib.h>
#include <sys/stat.h>

#include <iostream>
#include <optional>

#include "core/store/data_dir_lock.h"
#include "core/store/exchange_journal.h"
#include "core/store/receipt_store.h"
#include "core/util/strict_json.h"
#include "firmware/config/kiosk_config.h"
#include "firmware/screen/listen_address.h"

namespace chainslip::cli {
namespace {

std::optional<std::uint64_t> file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(st.st_size);
}

// The running service's view of its devices, from its screen endpoint.
Result<Json> live_view(const KioskConfig& config) {
  CS_ASSIGN_OR_RETURN(ListenAddress address, parse_listen_address(config.screen.listen, /*allow_remote=*/true));
  httplib::Client client(address.host, address.port);
  client.set_connection_timeout(1, 0);
  client.set_read_timeout(2, 0);
  auto res = client.Get("/view");
  if (!res) {
    return make_error(ErrorCode::kUnavailable, "chainslipd is not answering on " + config.screen.listen + " (" +
                                                   httplib::to_string(res.error()) + ")");
  }
  if (res->status != 200) {
    return make_error(ErrorCode::kUnavailable,
                      "chainslipd answered HTTP " + std::to_string(res->status) + " on " + config.screen.listen);
  }
  return parse_strict_json(res->body);
}

}  // namespace

int run_status(const StatusArgs& args) {
  auto config = load_kiosk_config(args.config_path);
  if (!config.ok()) {
    std::cerr << "chainslip status: " << config.error().message << "\n";
    return 2;
  }
  Json out = Json::object();
  int exit_code = 0;
  out["config"] = args.config_path;
  out["kiosk_id"] = config->kiosk.id;

  const std::string cache_path = config->kiosk.data_dir + "/cache.db";
  const std::string journal_path = config->kiosk.data_dir + "/journal.db";
  {
    Json cache = {{"path", cache_path}};
    if (auto size = file_size(cache_path)) {
      cache["bytes"] = *size;
      auto store = ReceiptStore::open(cache_path);
      auto count = store.ok() ? store->count() : Result<std::uint64_t>(store.error());
      if (count.ok()) {
        cache["receipts"] = *count;
      } else {
        cache["error"] = count.error().message;
        exit_code = 2;
      }
    } else {
      cache["receipts"] = 0;
      cache["note"] = "no cache file yet";
    }
    out["cache"] = cache;
  }
  {
    Json journal = {{"path", journal_path}};
    if (file_size(journal_path)) {
      auto j = ExchangeJournal::open(journal_path, config->kiosk.paper_code);
      auto summary = j.ok() ? j->summary() : Result<JournalSummary>(j.error());
      auto unfinished = j.ok() ? j->unfinished() : Result<std::vector<PaperRecord>>(j.error());
      auto counters = j.ok() ? j->peek_counters() : Result<JournalCounters>(j.error());
      if (summary.ok() && unfinished.ok() && counters.ok()) {
        journal["next_nonce"] = counters->next_nonce;
        journal["next_paper_number"] = counters->next_paper_number;
        journal["exchanges"] = summary->exchanges;
        journal["open"] = summary->open_exchanges;
        journal["papers_printed"] = summary->papers_printed;
        journal["papers_voided"] = summary->papers_voided;
        journal["steps"] = summary->steps;
        journal["first_paper_serial"] = summary->first_paper_serial.value_or("");
        journal["last_paper_serial"] = summary->last_paper_serial.value_or("");
        Json open = Json::array();
        for (const PaperRecord& p : *unfinished) {
          open.push_back({{"exchange", p.exchange_id},
                          {"receipt", p.request.code + "-" + p.request.number},
                          {"paper", paper_serial_text(p.paper)},
                          {"state", std::string(paper_state_name(p.state))}});
        }
        journal["unfinished"] = open;
        if (!unfinished->empty()) exit_code = std::max(exit_code, 1);
      } else {
        const Error& why = !summary.ok()      ? summary.error()
                           : !unfinished.ok() ? unfinished.error()
                                              : counters.error();
        journal["error"] = why.message;
        exit_code = 2;
      }
    } else {
      journal["exchanges"] = 0;
      journal["note"] = "no journal file yet";
    }
    out["journal"] = journal;
  }
  if (auto view = live_view(*config); view.ok()) {
    out["service"] = {{"running", true}, {"state", view->value("state", "")}};
    if (view->contains("devices")) out["devices"] = (*view)["devices"];
  } else {
    out["service"] = {{"running", false}, {"error", view.error().message}};
    exit_code = std::max(exit_code, 1);
  }
  // The daemon holding the data directory, whether or not its screen answers.
  if (auto holder = DataDirLock::holder(config->kiosk.data_dir)) {
    out["service"]["pid"] = holder->pid ? Json(*holder->pid) : Json(nullptr);
  }

  if (args.json) {
    std::cout << out.dump(2) << "\n";
    return exit_code;
  }
  std::cout << "kiosk " << config->kiosk.id << " (config " << args.config_path << ")\n";
  const Json& svc = out["service"];
  const std::string pid = svc.contains("pid") && svc["pid"].is_number() ? std::to_string(svc["pid"].get<long>()) : "?";
  if (svc["running"].get<bool>()) {
    std::cout << "service: running" << (svc.contains("pid") ? " (pid " + pid + ")" : std::string())
              << ", screen state " << svc["state"].get<std::string>() << "\n";
    if (out.contains("devices")) {
      for (const auto& [name, d] : out["devices"].items()) {
        std::cout << "  " << name << ": " << (d.value("ok", false) ? "ok" : "PROBLEM");
        if (d.contains("text_en")) std::cout << " — " << d["text_en"].get<std::string>();
        std::cout << "\n";
        if (d.contains("fault_detail")) std::cout << "    " << d["fault_detail"].get<std::string>() << "\n";
      }
    }
  } else if (svc.contains("pid")) {
    std::cout << "service: pid " << pid << " holds the data directory but its screen does not answer — "
              << svc["error"].get<std::string>() << "\n";
  } else {
    std::cout << "service: NOT RUNNING — " << svc["error"].get<std::string>() << "\n";
  }
  const Json& cache = out["cache"];
  std::cout << "cache: " << cache["path"].get<std::string>() << ", " << cache.value("receipts", 0) << " receipts";
  if (cache.contains("bytes")) std::cout << ", " << cache["bytes"].get<std::uint64_t>() / 1024 << " KiB";
  if (cache.contains("error")) std::cout << " — ERROR " << cache["error"].get<std::string>();
  std::cout << "\n";
  const Json& journal = out["journal"];
  std::cout << "journal: " << journal["path"].get<std::string>() << ", " << journal.value("exchanges", 0)
            << " exchanges";
  if (journal.contains("error")) {
    std::cout << " — ERROR " << journal["error"].get<std::string>() << "\n";
  } else if (journal.contains("papers_printed")) {
    std::cout << ", " << journal["papers_printed"].get<std::uint64_t>() << " printed, "
              << journal["papers_voided"].get<std::uint64_t>() << " voided, paper serials "
              << journal["first_paper_serial"].get<std::string>() << " .. "
              << journal["last_paper_serial"].get<std::string>() << "\n";
    std::cout << "  next nonce " << journal["next_nonce"].get<std::uint64_t>() << ", next paper number "
              << journal["next_paper_number"].get<std::uint64_t>()
              << " (the service stops exchanging if the chain has seen either)\n";
    for (const auto& u : journal["unfinished"]) {
      std::cout << "  UNFINISHED exchange " << u["exchange"].get<std::int64_t>() << ": receipt "
                << u["receipt"].get<std::string>() << ", paper " << u["paper"].get<std::string>() << " is "
                << u["state"].get<std::string>() << " (the service finishes it at start-up)\n";
    }
  } else {
    std::cout << "\n";
  }
  return exit_code;
}

}  // namespace chainslip::cli
