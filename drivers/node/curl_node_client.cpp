#include "drivers/node/curl_node_client.h"

#include <curl/curl.h>

#include <utility>

#include "core/util/c_handle.h"

namespace chainslip {
namespace {

Result<std::string> escaped(std::string_view segment) {
  CHandle<char, curl_free> e(curl_easy_escape(nullptr, segment.data(), static_cast<int>(segment.size())));
  if (!e) return make_error(ErrorCode::kInternal, "curl_easy_escape failed");
  return std::string(e.get());
}

// "/v1/receipts/CODE/NUMBER" + `then` + "?check_code=CHECK", each part escaped.
Result<std::string> receipt_target(const std::string& code, const std::string& number,
                                   const std::string& check_code, std::string_view then) {
  auto c = escaped(code);
  auto n = escaped(number);
  auto k = escaped(check_code);
  if (!c.ok() || !n.ok() || !k.ok()) {
    return make_error(ErrorCode::kInternal, "cannot escape the receipt's code, number or check code");
  }
  return "/v1/receipts/" + *c + "/" + *n + std::string(then) + "?check_code=" + *k;
}

// A GET: idempotent, so retried however far it got.
HttpExchange get(std::string endpoint, std::string path) {
  return HttpExchange{std::move(endpoint), std::move(path), std::nullopt, true};
}

}  // namespace

CurlNodeClient::~CurlNodeClient() = default;

Result<std::unique_ptr<CurlNodeClient>> CurlNodeClient::create(CurlNodeClientConfig config,
                                                               const Clock& clock) {
  const Suite suite = config.suite;
  CS_ASSIGN_OR_RETURN(std::unique_ptr<CurlHttpEngine> engine,
                      CurlHttpEngine::create(std::move(config), clock));
  return std::unique_ptr<CurlNodeClient>(new CurlNodeClient(std::move(engine), suite));
}

template <typename T>
void CurlNodeClient::start(HttpExchange exchange, std::function<Result<T>(const NodeAnswer&)> read,
                           Callback<T> done) {
  engine_->send(std::move(exchange),
                [read = std::move(read), done = std::move(done)](Result<NodeAnswer> answer) {
                  if (!answer.ok()) return done(answer.error());
                  done(read(*answer));
                });
}

template <typename T>
void CurlNodeClient::fail(Error error, Callback<T> done) {
  engine_->defer([done = std::move(done), e = std::move(error)] { done(e); });
}

void CurlNodeClient::get_info(Callback<NodeInfo> done) {
  start<NodeInfo>(get("GET /v1/info", "/v1/info"), info_from_answer, std::move(done));
}

void CurlNodeClient::get_receipt_bundle(const std::string& code, const std::string& number,
                                        const std::string& check_code, Callback<ReceiptBundle> done) {
  Result<std::string> target = receipt_target(code, number, check_code, "");
  if (!target.ok()) return fail(target.error(), std::move(done));
  start<ReceiptBundle>(get("GET /v1/receipts/" + code + "/" + number, *target), bundle_from_answer,
                       std::move(done));
}

void CurlNodeClient::get_receipt_status(const std::string& code, const std::string& number,
                                        const std::string& check_code, Callback<ReceiptStatusView> done) {
  Result<std::string> target = receipt_target(code, number, check_code, "/status");
  if (!target.ok()) return fail(target.error(), std::move(done));
  start<ReceiptStatusView>(get("GET /v1/receipts/" + code + "/" + number + "/status", *target),
                           receipt_status_from_answer, std::move(done));
}

void CurlNodeClient::get_validator_set_changes(Callback<std::vector<ValidatorSetChange>> done) {
  start<std::vector<ValidatorSetChange>>(
      get("GET /v1/validator-set-changes", "/v1/validator-set-changes"),
      [suite = suite_](const NodeAnswer& a) { return validator_set_changes_from_answer(suite, a); },
      std::move(done));
}

void CurlNodeClient::submit_transaction(const Transaction& tx, Callback<SubmitAnswer> done) {
  // Not idempotent as far as the kiosk can tell: sent again only if no byte of it left.
  start<SubmitAnswer>(
      HttpExchange{"POST /v1/transactions", "/v1/transactions", transaction_to_json(tx).dump(), false},
      submit_from_answer, std::move(done));
}

void CurlNodeClient::lookup_transaction(const Digest& tx_hash, Callback<TxLookup> done) {
  const std::string path = "/v1/transactions/" + to_hex(tx_hash);
  start<TxLookup>(get("GET " + path, path), tx_lookup_from_answer, std::move(done));
}

void CurlNodeClient::get_device_activity(const std::string& device_id, Callback<DeviceActivity> done) {
  auto id = escaped(device_id);
  if (!id.ok()) return fail(make_error(ErrorCode::kInternal, "cannot escape the device id"), std::move(done));
  start<DeviceActivity>(
      get("GET /v1/devices/" + device_id, "/v1/devices/" + *id),
      [device_id](const NodeAnswer& a) { return device_activity_from_answer(a, device_id); },
      std::move(done));
}

void CurlNodeClient::cancel_all() { engine_->cancel_all(); }

std::vector<PollInterest> CurlNodeClient::poll_interests() const { return engine_->poll_interests(); }

std::optional<std::chrono::milliseconds> CurlNodeClient::next_timeout() const {
  return engine_->next_timeout();
}

void CurlNodeClient::process_events() { engine_->process_events(); }

const std::string& CurlNodeClient::preferred_url() const { return engine_->preferred_url(); }

}  // namespace chainslip
