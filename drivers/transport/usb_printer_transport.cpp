#include "drivers/transport/usb_printer_transport.h"

#include <libusb.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "core/hal/clock.h"
#include "core/util/c_handle.h"
#include "drivers/transport/received_bytes.h"
#include "drivers/transport/usb_descriptors.h"
#include "drivers/transport/usb_device_selection.h"
#include "drivers/transport/usb_error.h"
#include "drivers/transport/usb_out_progress.h"

namespace chainslip {
namespace {

constexpr int kMaxConsecutiveInStalls = 3;
// Some printers answer a bulk IN at once with an empty packet when they
// have nothing to say; asking again at once would spin the event loop.
constexpr std::chrono::milliseconds kEmptyReadBackoff{50};
constexpr int kCancelWaitSteps = 20;  // close() waits at most 20 x 100 ms for cancelled transfers
constexpr suseconds_t kCancelWaitStepUs = 100'000;
constexpr std::uint16_t kDefaultInPacketSize = 64;
constexpr std::size_t kInPackets = 4;  // a whole number of packets, so IN never overflows

// One libusb transfer and its buffer. The completion callback only records
// that it finished; process_events() acts on it.
struct TransferSlot {
  libusb_transfer* transfer = nullptr;
  Bytes buffer;
  bool in_flight = false;
  bool finished = false;  // completed, not handled yet

  ~TransferSlot() { libusb_free_transfer(transfer); }
};

void LIBUSB_CALL on_transfer_done(libusb_transfer* transfer) {
  auto* slot = static_cast<TransferSlot*>(transfer->user_data);
  slot->in_flight = false;
  slot->finished = true;
}

std::unique_ptr<TransferSlot> make_slot(std::size_t size) {
  auto slot = std::make_unique<TransferSlot>();
  slot->transfer = libusb_alloc_transfer(0);
  if (slot->transfer == nullptr) return nullptr;
  slot->buffer.resize(size);
  return slot;
}

struct DeviceListFree {
  void operator()(libusb_device** list) const { libusb_free_device_list(list, 1); }
};
using DeviceList = std::unique_ptr<libusb_device*, DeviceListFree>;
using DeviceHandle = CHandle<libusb_device_handle, libusb_close>;

std::chrono::milliseconds ceil_ms(const timeval& tv) {
  return std::chrono::ceil<std::chrono::milliseconds>(std::chrono::seconds(tv.tv_sec) +
                                                      std::chrono::microseconds(tv.tv_usec));
}

std::size_t transferred(const libusb_transfer& t) {
  return static_cast<std::size_t>(std::max(0, t.actual_length));
}

}  // namespace

class UsbPrinterTransport::Link {
 public:
  Link(UsbPrinterAddress wanted, Options options) : wanted_(std::move(wanted)), options_(options) {}
  ~Link();
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  std::string describe() const {
    return device_name_.empty() ? "usb " + describe_wanted(wanted_) : device_name_;
  }
  Status open();
  void close();
  bool is_open() const { return handle_ != nullptr; }
  Result<std::size_t> write_some(ByteView data);
  Result<Bytes> read_some();
  std::vector<PollInterest> poll_interests() const { return pollfds_; }
  std::optional<std::chrono::milliseconds> next_timeout() const;
  void process_events();
  std::size_t pending_unsent() const { return out_progress_.pending_unsent(); }
  bool device_arrived() { return std::exchange(arrived_, false); }

 private:
  Status start_libusb();
  Status claim(libusb_device* device, const UsbDeviceInfo& info, const UsbPrinterSelection& selection);
  Status submit_out();  // the part of the accepted chunk not transferred yet
  Status submit_in();
  void resubmit_in();
  Status clear_halt(std::uint8_t endpoint);
  void handle_out();
  void handle_in();
  void handle_hotplug();
  bool transfers_in_flight() const;
  // Cancels transfers, waits for libusb to give them back, gives up the device.
  void release_device();
  void lose(Error error);
  Error not_usable() const;

  static void LIBUSB_CALL on_pollfd_added(int fd, short events, void* self);
  static void LIBUSB_CALL on_pollfd_removed(int fd, void* self);
  static int LIBUSB_CALL on_hotplug(libusb_context* ctx, libusb_device* device, libusb_hotplug_event event,
                                    void* self);

  const UsbPrinterAddress wanted_;
  const Options options_;
  const SteadyClock clock_;

  libusb_context* ctx_ = nullptr;
  std::optional<libusb_hotplug_callback_handle> hotplug_;
  std::vector<PollInterest> pollfds_;  // kept current by libusb's notifiers
  // Queued by on_hotplug (each device referenced), handled by process_events().
  std::vector<std::pair<libusb_device*, libusb_hotplug_event>> hotplug_events_;
  bool arrived_ = false;
  bool leaked_ = false;  // libusb never gave a cancelled transfer back: never libusb_exit

  libusb_device_handle* handle_ = nullptr;
  std::string device_name_;  // "usb 0416:5011 bus 1 dev 4", kept after a loss for the log
  UsbPrinterSelection selection_;
  bool detached_kernel_driver_ = false;  // by hand, where auto-detach is not supported
  std::unique_ptr<TransferSlot> out_;
  std::unique_ptr<TransferSlot> in_;
  UsbOutProgress out_progress_;  // of the chunk in out_'s buffer
  int in_stalls_ = 0;
  std::optional<std::chrono::milliseconds> in_resubmit_at_;
  ReceivedBytes received_;
  std::optional<Error> lost_;
};

UsbPrinterTransport::Link::~Link() {
  release_device();
  if (ctx_ == nullptr) return;
  if (hotplug_) libusb_hotplug_deregister_callback(ctx_, *hotplug_);
  for (const auto& event : hotplug_events_) libusb_unref_device(event.first);
  libusb_set_pollfd_notifiers(ctx_, nullptr, nullptr, nullptr);
  if (!leaked_) libusb_exit(ctx_);
}

void LIBUSB_CALL UsbPrinterTransport::Link::on_pollfd_added(int fd, short events, void* self) {
  auto& fds = static_cast<Link*>(self)->pollfds_;
  on_pollfd_removed(fd, self);
  fds.push_back(PollInterest{fd, events});
}

void LIBUSB_CALL UsbPrinterTransport::Link::on_pollfd_removed(int fd, void* self) {
  auto& fds = static_cast<Link*>(self)->pollfds_;
  fds.erase(std::remove_if(fds.begin(), fds.end(), [fd](const PollInterest& p) { return p.fd == fd; }),
            fds.end());
}

int LIBUSB_CALL UsbPrinterTransport::Link::on_hotplug(libusb_context*, libusb_device* device,
                                                      libusb_hotplug_event event, void* self) {
  static_cast<Link*>(self)->hotplug_events_.emplace_back(libusb_ref_device(device), event);
  return 0;  // stay registered
}

Status UsbPrinterTransport::Link::start_libusb() {
  if (ctx_ != nullptr) return {};
  libusb_context* ctx = nullptr;
  const int r = libusb_init(&ctx);
  if (r != 0) {
    return make_error(ErrorCode::kUnavailable,
                      "no USB printer found (looked for " + describe_wanted(wanted_) +
                          "): USB cannot be used here, libusb_init failed (" + libusb_error_name(r) +
                          "): is /dev/bus/usb present (in a container, pass --device /dev/bus/usb)?");
  }
  ctx_ = ctx;
  libusb_set_pollfd_notifiers(ctx_, &on_pollfd_added, &on_pollfd_removed, this);
  if (const libusb_pollfd** fds = libusb_get_pollfds(ctx_)) {
    for (const libusb_pollfd** p = fds; *p != nullptr; ++p) on_pollfd_added((*p)->fd, (*p)->events, this);
    libusb_free_pollfds(fds);
  }
  if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0) {
    libusb_hotplug_callback_handle handle = 0;
    const int vendor = wanted_.id ? wanted_.id->vendor : LIBUSB_HOTPLUG_MATCH_ANY;
    const int product = wanted_.id ? wanted_.id->product : LIBUSB_HOTPLUG_MATCH_ANY;
    if (libusb_hotplug_register_callback(
            ctx_, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT, 0, vendor, product,
            LIBUSB_HOTPLUG_MATCH_ANY, &on_hotplug, this, &handle) == LIBUSB_SUCCESS) {
      hotplug_ = handle;
    }
  }
  return {};
}

Status UsbPrinterTransport::Link::open() {
  if (handle_ != nullptr) return {};
  lost_.reset();
  out_progress_.clear();
  in_stalls_ = 0;
  received_.clear();
  CS_RETURN_IF_ERROR(start_libusb());
  libusb_device** raw_list = nullptr;
  const ssize_t count = libusb_get_device_list(ctx_, &raw_list);
  if (count < 0) return usb_error(static_cast<int>(count), "list the USB devices");
  const DeviceList list(raw_list);
  std::vector<UsbDeviceInfo> devices;
  for (ssize_t i = 0; i < count; ++i) {
    devices.push_back(read_usb_device_info(raw_list[i]));
    const UsbDeviceInfo& d = devices.back();
    if (wanted_.id && !wanted_.serial.empty() && d.vendor_id == wanted_.id->vendor &&
        d.product_id == wanted_.id->product) {
      CS_ASSIGN_OR_RETURN(devices.back().serial, read_usb_serial(raw_list[i]));
    }
  }
  CS_ASSIGN_OR_RETURN(const UsbPrinterSelection selection, select_usb_printer(devices, wanted_));
  return claim(raw_list[selection.device_index], devices[selection.device_index], selection);
}

Status UsbPrinterTransport::Link::claim(libusb_device* device, const UsbDeviceInfo& info,
                                        const UsbPrinterSelection& selection) {
  const std::string name = describe_usb_device(info);
  const std::string interface = "interface " + std::to_string(selection.interface_number) + " of " + name;
  libusb_device_handle* raw = nullptr;
  int r = libusb_open(device, &raw);
  if (r != 0) return usb_error(r, "open " + name);
  DeviceHandle handle(raw);
  // usblp holds printer interfaces; libusb gives it back on release.
  bool detached = false;
  if (libusb_set_auto_detach_kernel_driver(raw, 1) == LIBUSB_ERROR_NOT_SUPPORTED &&
      libusb_kernel_driver_active(raw, selection.interface_number) == 1) {
    r = libusb_detach_kernel_driver(raw, selection.interface_number);
    if (r != 0 && r != LIBUSB_ERROR_NOT_FOUND)
      return usb_error(r, "detach the kernel driver (usblp) from " + interface);
    detached = r == 0;
  }
  r = libusb_claim_interface(raw, selection.interface_number);
  if (r != 0) return usb_error(r, "claim " + interface);
  if (selection.alt_setting != 0) {
    r = libusb_set_interface_alt_setting(raw, selection.interface_number, selection.alt_setting);
    if (r != 0) {
      libusb_release_interface(raw, selection.interface_number);
      return usb_error(r, "select alt setting " + std::to_string(selection.alt_setting) + " of " + interface);
    }
  }
  handle_ = handle.release();
  device_name_ = name;
  selection_ = selection;
  detached_kernel_driver_ = detached;
  const std::uint16_t packet =
      selection.in_max_packet_size != 0 ? selection.in_max_packet_size : kDefaultInPacketSize;
  out_ = make_slot(options_.max_transfer_size);
  in_ = selection.in_endpoint ? make_slot(packet * kInPackets) : nullptr;
  if (!out_ || (selection.in_endpoint && !in_)) {
    release_device();
    return make_error(ErrorCode::kInternal, "cannot allocate USB transfers for " + name + ": out of memory");
  }
  if (in_) {
    const Status submitted = submit_in();
    if (!submitted.ok()) {
      release_device();
      return submitted;
    }
  }
  arrived_ = false;  // this open() answered it
  return {};
}

void UsbPrinterTransport::Link::close() {
  release_device();
  lost_.reset();
  received_.clear();
}

Status UsbPrinterTransport::Link::submit_out() {
  libusb_fill_bulk_transfer(out_->transfer, handle_, selection_.out_endpoint,
                            out_->buffer.data() + out_progress_.offset(),
                            static_cast<int>(out_progress_.pending_unsent()), &on_transfer_done, out_.get(),
                            static_cast<unsigned>(options_.transfer_timeout.count()));
  const int r = libusb_submit_transfer(out_->transfer);
  if (r != 0) return usb_error(r, "send to " + device_name_);
  out_->in_flight = true;
  return {};
}

Status UsbPrinterTransport::Link::submit_in() {
  libusb_fill_bulk_transfer(in_->transfer, handle_, *selection_.in_endpoint, in_->buffer.data(),
                            static_cast<int>(in_->buffer.size()), &on_transfer_done, in_.get(), 0);
  const int r = libusb_submit_transfer(in_->transfer);
  if (r != 0) return usb_error(r, "read status from " + device_name_);
  in_->in_flight = true;
  return {};
}

void UsbPrinterTransport::Link::resubmit_in() {
  const Status submitted = submit_in();
  if (!submitted.ok()) lose(submitted.error());
}

Status UsbPrinterTransport::Link::clear_halt(std::uint8_t endpoint) {
  // A short synchronous control transfer; only ever after a stall.
  const int r = libusb_clear_halt(handle_, endpoint);
  if (r != 0)
    return usb_error(r, "clear the stall of endpoint " + std::to_string(endpoint) + " of " + device_name_);
  return {};
}

Result<std::size_t> UsbPrinterTransport::Link::write_some(ByteView data) {
  if (handle_ == nullptr) return not_usable();
  if (out_progress_.busy() || data.empty()) return std::size_t{0};  // the last chunk is still going
  const std::size_t n = std::min(data.size(), out_->buffer.size());
  std::copy_n(data.begin(), n, out_->buffer.begin());
  out_progress_.start(n);
  const Status submitted = submit_out();
  if (!submitted.ok()) {
    out_progress_.clear();  // never handed to the link: not accepted
    lose(submitted.error());
    return *lost_;
  }
  return n;
}

Result<Bytes> UsbPrinterTransport::Link::read_some() {
  // What arrived before the link went is still the printer's last word.
  if (!received_.empty()) return received_.take();
  if (handle_ == nullptr) return not_usable();
  return Bytes{};
}

void UsbPrinterTransport::Link::handle_out() {
  out_->finished = false;
  const libusb_transfer& t = *out_->transfer;
  switch (out_progress_.on_transfer_done(classify_transfer(t.status), transferred(t))) {
    case UsbOutProgress::Next::kDone:
    case UsbOutProgress::Next::kStop:
      return;
    case UsbOutProgress::Next::kResubmit:
      break;
    case UsbOutProgress::Next::kClearHalt: {
      const Status cleared = clear_halt(selection_.out_endpoint);
      if (!cleared.ok()) return lose(cleared.error());
      if (!out_progress_.busy()) return;
      break;
    }
    case UsbOutProgress::Next::kLinkLost:
      return lose(usb_transfer_error(t.status, "send to " + device_name_));
  }
  const Status submitted = submit_out();
  if (!submitted.ok()) lose(submitted.error());
}

void UsbPrinterTransport::Link::handle_in() {
  in_->finished = false;
  const libusb_transfer& t = *in_->transfer;
  switch (classify_transfer(t.status)) {
    case UsbTransferOutcome::kCompleted:
    case UsbTransferOutcome::kTimedOut:
      in_stalls_ = 0;
      if (transferred(t) == 0) {
        in_resubmit_at_ = clock_.now() + kEmptyReadBackoff;
        return;
      }
      received_.append(ByteView(in_->buffer.data(), transferred(t)));
      return resubmit_in();
    case UsbTransferOutcome::kStalled: {
      if (++in_stalls_ > kMaxConsecutiveInStalls) {
        return lose(usb_transfer_error(t.status, "read status from " + device_name_));
      }
      const Status cleared = clear_halt(*selection_.in_endpoint);
      if (!cleared.ok()) return lose(cleared.error());
      return resubmit_in();
    }
    case UsbTransferOutcome::kCancelled:
      return;
    case UsbTransferOutcome::kLinkLost:
      return lose(usb_transfer_error(t.status, "read status from " + device_name_));
  }
}

void UsbPrinterTransport::Link::handle_hotplug() {
  for (const auto& [device, event] : std::exchange(hotplug_events_, {})) {
    if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT && handle_ != nullptr &&
        libusb_get_device(handle_) == device) {
      lose(make_error(ErrorCode::kUnavailable, device_name_ + " was unplugged or switched off"));
    } else if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED &&
               usb_device_may_match(read_usb_device_info(device), wanted_)) {
      arrived_ = true;
    }
    libusb_unref_device(device);
  }
}

void UsbPrinterTransport::Link::process_events() {
  if (ctx_ == nullptr) return;
  timeval now{0, 0};
  libusb_handle_events_timeout_completed(ctx_, &now, nullptr);
  if (out_ && out_->finished) handle_out();
  if (in_ && in_->finished) handle_in();
  if (in_ && in_resubmit_at_ && clock_.now() >= *in_resubmit_at_) {
    in_resubmit_at_.reset();
    resubmit_in();
  }
  handle_hotplug();
}

std::optional<std::chrono::milliseconds> UsbPrinterTransport::Link::next_timeout() const {
  if (ctx_ == nullptr) return std::nullopt;
  std::optional<std::chrono::milliseconds> next;
  timeval tv{};
  if (libusb_get_next_timeout(ctx_, &tv) == 1) next = ceil_ms(tv);
  if (in_resubmit_at_) {
    const auto left = std::max(std::chrono::milliseconds{0}, *in_resubmit_at_ - clock_.now());
    next = next ? std::min(*next, left) : left;
  }
  return next;
}

bool UsbPrinterTransport::Link::transfers_in_flight() const {
  return (out_ && out_->in_flight) || (in_ && in_->in_flight);
}

void UsbPrinterTransport::Link::release_device() {
  if (handle_ == nullptr) return;
  for (TransferSlot* slot : {out_.get(), in_.get()}) {
    if (slot != nullptr && slot->in_flight) libusb_cancel_transfer(slot->transfer);
  }
  for (int i = 0; i < kCancelWaitSteps && transfers_in_flight(); ++i) {
    timeval step{0, kCancelWaitStepUs};
    libusb_handle_events_timeout_completed(ctx_, &step, nullptr);
  }
  if (out_ && out_->finished) {  // a cancelled transfer may have moved some bytes: count them
    out_->finished = false;
    (void)out_progress_.on_transfer_done(classify_transfer(out_->transfer->status),
                                         transferred(*out_->transfer));
  }
  if (transfers_in_flight()) {
    // Never expected: libusb still owns a transfer. Leak it, the handle and
    // the context rather than free memory libusb may still write to.
    leaked_ = true;
    (void)out_.release();
    (void)in_.release();
  } else {
    out_.reset();
    in_.reset();
    libusb_release_interface(handle_, selection_.interface_number);
    if (detached_kernel_driver_) libusb_attach_kernel_driver(handle_, selection_.interface_number);
    libusb_close(handle_);
  }
  handle_ = nullptr;
  detached_kernel_driver_ = false;
  in_resubmit_at_.reset();
}

void UsbPrinterTransport::Link::lose(Error error) {
  release_device();
  if (pending_unsent() > 0) {
    error.message +=
        "; the last " + std::to_string(pending_unsent()) + " bytes written did not reach the printer";
  }
  lost_ = std::move(error);
}

Error UsbPrinterTransport::Link::not_usable() const {
  if (lost_) return *lost_;
  return make_error(ErrorCode::kFailedPrecondition, describe() + " is not open (open() it first)");
}

// --- the interface, forwarded

UsbPrinterTransport::UsbPrinterTransport(UsbPrinterAddress wanted, Options options)
    : link_(std::make_unique<Link>(std::move(wanted), options)) {}
UsbPrinterTransport::~UsbPrinterTransport() = default;
std::string UsbPrinterTransport::describe() const { return link_->describe(); }
Status UsbPrinterTransport::open() { return link_->open(); }
void UsbPrinterTransport::close() { link_->close(); }
bool UsbPrinterTransport::is_open() const { return link_->is_open(); }
Result<std::size_t> UsbPrinterTransport::write_some(ByteView data) { return link_->write_some(data); }
Result<Bytes> UsbPrinterTransport::read_some() { return link_->read_some(); }
std::vector<PollInterest> UsbPrinterTransport::poll_interests() const { return link_->poll_interests(); }
std::optional<std::chrono::milliseconds> UsbPrinterTransport::next_timeout() const {
  return link_->next_timeout();
}
void UsbPrinterTransport::process_events() { link_->process_events(); }
std::size_t UsbPrinterTransport::pending_unsent() const { return link_->pending_unsent(); }
bool UsbPrinterTransport::device_arrived() { return link_->device_arrived(); }

}  // namespace chainslip
