#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/hal/printer_transport.h"
#include "core/util/bytes.h"
#include "core/util/result.h"
#include "sim/printer/virtual_printer.h"

// The PrinterTransport contract (core/hal/printer_transport.h) as tests any
// transport whose far end is a VirtualPrinter can run: the tests are in
// printer_transport_contract_test.cpp; a transport joins them with
//
//   INSTANTIATE_TEST_SUITE_P(Tcp, PrinterTransportContract,
//                            ::testing::Values(PrinterTransportRigFactory{"tcp", make_tcp_rig}),
//                            PrinterTransportRigFactory::Name{});
namespace chainslip::test {

// One transport wired to one virtual printer. Subclasses own whatever else
// the link needs (a TCP listener, a thread) and destroy it first.
class PrinterTransportRig {
 public:
  virtual ~PrinterTransportRig() = default;
  virtual PrinterTransport& transport() = 0;
  virtual sim::VirtualPrinter& printer() = 0;
  // Moves the printer's time on by `by` and lets the link carry what is in
  // flight (a TCP rig may also wait for its thread here).
  virtual void advance(std::chrono::milliseconds by) = 0;
};

struct PrinterTransportRigFactory {
  std::string name;
  std::function<std::unique_ptr<PrinterTransportRig>()> make;

  struct Name {
    std::string operator()(const ::testing::TestParamInfo<PrinterTransportRigFactory>& info) const {
      return info.param.name;
    }
  };
};

inline std::ostream& operator<<(std::ostream& os, const PrinterTransportRigFactory& f) { return os << f.name; }

class PrinterTransportContract : public ::testing::TestWithParam<PrinterTransportRigFactory> {
 protected:
  void SetUp() override {
    rig_ = GetParam().make();
    ASSERT_NE(rig_, nullptr);
  }

  static constexpr int kPatience = 2000;  // pump rounds before a test gives up

  PrinterTransport& transport() { return rig_->transport(); }
  sim::VirtualPrinter& printer() { return rig_->printer(); }
  void advance(std::chrono::milliseconds by) { rig_->advance(by); }

  // Writes all of `data`, pumping while the transport takes nothing.
  Status write(ByteView data) {
    for (int i = 0; i < kPatience && !data.empty(); ++i) {
      CS_ASSIGN_OR_RETURN(std::size_t n, transport().write_some(data));
      data = data.subspan(n);
      if (n == 0) advance(std::chrono::milliseconds(1));
    }
    if (!data.empty()) return make_error(ErrorCode::kDeadlineExceeded, "transport stopped taking bytes");
    return {};
  }

  // Reads until `count` bytes came back or patience runs out.
  Bytes read(std::size_t count) {
    Bytes got;
    for (int i = 0; i < kPatience && got.size() < count; ++i) {
      auto r = transport().read_some();
      if (!r.ok()) {
        ADD_FAILURE() << r.error().message;
        break;
      }
      got.insert(got.end(), r->begin(), r->end());
      if (got.size() < count) advance(std::chrono::milliseconds(1));
    }
    return got;
  }

  // Pumps, reading and writing as a driver would, until the transport
  // reports the link lost.
  Error wait_for_link_loss() {
    const Bytes nul = {0x00};
    for (int i = 0; i < kPatience; ++i) {
      if (auto r = transport().read_some(); !r.ok()) return r.error();
      if (auto w = transport().write_some(nul); !w.ok()) return w.error();
      advance(std::chrono::milliseconds(1));
    }
    return make_error(ErrorCode::kInternal, "the transport never noticed the unplug");
  }

  // Pumps until the printer printed some text.
  std::vector<std::string> printed_text() {
    for (int i = 0; i < kPatience && printer().paper().text().empty(); ++i) {
      advance(std::chrono::milliseconds(1));
    }
    const sim::Paper paper = printer().paper();
    std::vector<std::string> out;
    for (const auto& line : paper.text()) out.push_back(line.utf8);
    return out;
  }

  std::unique_ptr<PrinterTransportRig> rig_;
};

}  // namespace chainslip::test
