#include "sim/camera/frame_generator.h"

#include <qrencode.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

namespace chainslip::sim {
namespace {

Error invalid(const std::string& why) { return make_error(ErrorCode::kInvalidArgument, "virtual camera: " + why); }

// ---- randomness: portable and fast (std:: distributions differ between
// standard libraries, so frames would too).

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// What each random stream is for; the value is mixed into its seed.
enum class Stream : std::uint64_t { kBackground = 1, kPlacement, kGlare, kThumb, kScreen, kNoise };

// xoshiro256**.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t frame_index, Stream stream) {
    std::uint64_t sm = seed ^ (frame_index * 0xd1b54a32d192ed03ULL) ^
                       (static_cast<std::uint64_t>(stream) * 0xa0761d6478bd642fULL);
    for (auto& w : s_) w = splitmix64(sm);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // [0, 1)
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  int below(int n) { return static_cast<int>(uniform() * n); }
  // Two approximately standard normal samples (Irwin-Hall: each the sum of
  // four 8-bit uniforms, tails cut at 3.46 sigma) from one 64-bit draw, the
  // same on every platform.
  std::array<float, 2> gaussian_pair() {
    const std::uint64_t r = next();
    auto sum4 = [](std::uint64_t bits) {
      return static_cast<std::int32_t>((bits & 0xff) + ((bits >> 8) & 0xff) + ((bits >> 16) & 0xff) +
                                       ((bits >> 24) & 0xff));
    };
    // Four uniforms on [0, 256): mean 510, sd sqrt(4 * (256^2 - 1) / 12).
    constexpr float kScale = 1.0f / 147.8005f;
    return {static_cast<float>(sum4(r) - 510) * kScale, static_cast<float>(sum4(r >> 32) - 510) * kScale};
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

// ---- images of floats (luma, may exceed 0..255 until the sensor clips).

struct Plane {
  int width = 0;
  int height = 0;
  std::vector<float> v;

  Plane(int w, int h, float fill)
      : width(w), height(h), v(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), fill) {}
  float& at(int x, int y) { return v[index(x, y)]; }
  const float& at(int x, int y) const { return v[index(x, y)]; }
  std::size_t index(int x, int y) const {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x);
  }

  // Fills [x0, x1) x [y0, y1), clipped.
  void fill_rect(double x0, double y0, double x1, double y1, float value) {
    const int ix0 = std::clamp(static_cast<int>(std::lround(x0)), 0, width);
    const int ix1 = std::clamp(static_cast<int>(std::lround(x1)), 0, width);
    const int iy0 = std::clamp(static_cast<int>(std::lround(y0)), 0, height);
    const int iy1 = std::clamp(static_cast<int>(std::lround(y1)), 0, height);
    for (int y = iy0; y < iy1; ++y) {
      for (int x = ix0; x < ix1; ++x) at(x, y) = value;
    }
  }
};

// ---- 3x3 homographies, row-major.

using Mat3 = std::array<double, 9>;

Mat3 mul(const Mat3& a, const Mat3& b) {
  Mat3 r{};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      double s = 0;
      for (int k = 0; k < 3; ++k) s += a[static_cast<std::size_t>(i * 3 + k)] * b[static_cast<std::size_t>(k * 3 + j)];
      r[static_cast<std::size_t>(i * 3 + j)] = s;
    }
  }
  return r;
}

Mat3 translation(double tx, double ty) { return {1, 0, tx, 0, 1, ty, 0, 0, 1}; }
Mat3 scaling(double s) { return {s, 0, 0, 0, s, 0, 0, 0, 1}; }
Mat3 rotation(double radians) {
  // Counter-clockwise as seen on screen, where y grows downwards.
  const double c = std::cos(radians), s = std::sin(radians);
  return {c, s, 0, -s, c, 0, 0, 0, 1};
}

Mat3 inverse(const Mat3& m) {
  const double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
  const double A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const double det = a * A + b * B + c * C;
  const double k = 1.0 / det;
  return {A * k, -(b * i - c * h) * k, (b * f - c * e) * k,
          B * k, (a * i - c * g) * k,  -(a * f - c * d) * k,
          C * k, -(a * h - b * g) * k, (a * e - b * d) * k};
}

// ---- the QR symbol.

struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

struct Symbol {
  int modules = 0;               // side, without quiet zone
  std::vector<std::uint8_t> dark;  // modules * modules, 1 = dark module
};

Result<Symbol> encode(const std::string& payload) {
  if (payload.empty()) return invalid("empty payload");
  if (payload.find('\0') != std::string::npos) return invalid("payload contains NUL");
  errno = 0;
  std::unique_ptr<QRcode, QrDeleter> qr(QRcode_encodeString8bit(payload.c_str(), 0, QR_ECLEVEL_M));
  if (!qr) {
    if (errno == ERANGE) {
      return invalid("payload of " + std::to_string(payload.size()) + " bytes does not fit a QR code");
    }
    return make_error(ErrorCode::kInternal, "virtual camera: libqrencode failed (errno " + std::to_string(errno) + ")");
  }
  Symbol s;
  s.modules = qr->width;
  s.dark.resize(static_cast<std::size_t>(s.modules) * static_cast<std::size_t>(s.modules));
  for (std::size_t i = 0; i < s.dark.size(); ++i) s.dark[i] = qr->data[i] & 1;
  return s;
}

constexpr int kQuietZone = 4;  // modules, ISO/IEC 18004

// ---- the phone, drawn in its own plane at `px` canvas pixels per module.
//
//   bezel | screen margin | quiet zone | symbol | quiet zone | margin | bezel
// and vertically: bezel, app header, code, text lines, bezel.
struct PhoneLayout {
  double px = 0;          // canvas pixels per module
  int symbol = 0;         // symbol side in modules (a nominal 49 when there is no code)
  double code_x = 0;      // canvas position of the symbol's top-left corner (without quiet zone)
  double code_y = 0;
  int canvas_w = 0;
  int canvas_h = 0;
};

constexpr double kBezel = 2.0, kMargin = 1.5, kHeader = 6.0, kTextBelow = 0.8;  // in modules

PhoneLayout layout_phone(int symbol_modules, double px) {
  PhoneLayout l;
  l.px = px;
  l.symbol = symbol_modules;
  const double q = symbol_modules + 2 * kQuietZone;
  l.code_x = (kBezel + kMargin + kQuietZone) * px;
  l.code_y = (kBezel + kHeader + kQuietZone) * px;
  l.canvas_w = static_cast<int>(std::ceil((2 * kBezel + 2 * kMargin + q) * px));
  l.canvas_h = static_cast<int>(std::ceil((2 * kBezel + kHeader + q + kTextBelow * q) * px));
  return l;
}

struct ScreenColours {
  float bezel, screen, ink, header, text;
};

// Lines of "text": glyph-sized blocks with gaps, like an e-receipt app's
// list of fields.
void draw_text_lines(Plane& canvas, Rng& rng, double x0, double y0, double x1, double y1, double px, float ink) {
  const double line_h = 1.3 * px, pitch = 2.6 * px, glyph = 1.3 * px, gap = 0.35 * px;
  for (double y = y0; y + line_h <= y1; y += pitch) {
    const double end = x0 + (x1 - x0) * rng.uniform(0.35, 1.0);
    for (double x = x0; x + glyph <= end; x += glyph + gap) {
      if (rng.uniform() < 0.12) continue;  // a space
      canvas.fill_rect(x, y, x + glyph, y + line_h, ink);
    }
  }
}

Plane draw_phone(const PhoneLayout& l, const Symbol* symbol, const ScreenColours& c, Rng& rng) {
  Plane canvas(l.canvas_w, l.canvas_h, c.bezel);
  const double px = l.px;
  const double sx0 = kBezel * px, sy0 = kBezel * px;
  const double sx1 = l.canvas_w - kBezel * px, sy1 = l.canvas_h - kBezel * px;
  canvas.fill_rect(sx0, sy0, sx1, sy1, c.screen);
  canvas.fill_rect(sx0, sy0, sx1, sy0 + (kHeader - 1.5) * px, c.header);
  const double code_side = l.symbol * px;
  if (symbol != nullptr) {
    for (int my = 0; my < symbol->modules; ++my) {
      for (int mx = 0; mx < symbol->modules; ++mx) {
        if (!symbol->dark[static_cast<std::size_t>(my * symbol->modules + mx)]) continue;
        canvas.fill_rect(l.code_x + mx * px, l.code_y + my * px, l.code_x + (mx + 1) * px, l.code_y + (my + 1) * px,
                         c.ink);
      }
    }
  } else {
    draw_text_lines(canvas, rng, l.code_x - kQuietZone * px, l.code_y, l.code_x + code_side + kQuietZone * px,
                    l.code_y + code_side, px, c.text);
  }
  draw_text_lines(canvas, rng, sx0 + kMargin * px, l.code_y + code_side + (kQuietZone + 1) * px, sx1 - kMargin * px,
                  sy1 - px, px, c.text);
  return canvas;
}

// A reflection on the screen glass: a flat-topped elliptical blob added to
// the light the screen emits, centred somewhere over the symbol.
void add_glare(Plane& canvas, const PhoneLayout& l, const FrameOptions& o, Rng& rng) {
  const double side = l.symbol * l.px;
  const double cx = l.code_x + side * rng.uniform(0.25, 0.75);
  const double cy = l.code_y + side * rng.uniform(0.25, 0.75);
  const double rx = o.glare_size * (l.symbol + 2 * kQuietZone) * l.px;
  const double ry = rx * rng.uniform(0.5, 0.8);
  const double angle = rng.uniform(0.0, std::numbers::pi);
  const double ca = std::cos(angle), sa = std::sin(angle);
  const float peak = static_cast<float>(255.0 * o.glare_strength);
  for (int y = 0; y < canvas.height; ++y) {
    for (int x = 0; x < canvas.width; ++x) {
      const double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
      const double u = (dx * ca + dy * sa) / rx, v = (-dx * sa + dy * ca) / ry;
      const double d2 = u * u + v * v;
      if (d2 > 9.0) continue;
      canvas.at(x, y) += peak * static_cast<float>(std::exp(-0.5 * d2 * d2));
    }
  }
}

// A thumb pressing on the screen from one side of the symbol, covering
// `occlusion` of the symbol's area: a shaded bar with a rounded tip, centred
// on that side (where a finder pattern is not) with a little random play.
void add_thumb(Plane& canvas, const PhoneLayout& l, const FrameOptions& o, Rng& rng) {
  const double n = l.symbol;
  const double width = std::clamp(std::sqrt(2.0 * o.occlusion), 0.4, 1.0) * n;  // modules
  const double tip = std::min(0.35 * width, 0.5 * n);                            // tip's depth
  double depth = o.occlusion * n * n / width + tip * (1.0 - std::numbers::pi / 4.0);
  depth = std::min(depth, n);
  const double tip_len = std::min(tip, depth);
  const int side = rng.below(4);  // 0 left, 1 top, 2 right, 3 bottom: the edge it comes from
  const double play = (n - width) / 2.0 * 0.3 * rng.uniform(-1.0, 1.0);
  const double centre_along = n / 2.0 + play;  // position along the edge, in modules
  for (int y = 0; y < canvas.height; ++y) {
    for (int x = 0; x < canvas.width; ++x) {
      // Symbol coordinates in modules.
      const double mx = (x + 0.5 - l.code_x) / l.px, my = (y + 0.5 - l.code_y) / l.px;
      double inward = 0, along = 0;  // depth into the symbol from the edge, position along it
      switch (side) {
        case 0: inward = mx; along = my; break;
        case 1: inward = my; along = mx; break;
        case 2: inward = n - mx; along = my; break;
        default: inward = n - my; along = mx; break;
      }
      const double c = (along - centre_along) / (width / 2.0);  // -1..1 across the thumb
      if (std::abs(c) > 1.0 || inward > depth) continue;
      const double into_tip = inward - (depth - tip_len);
      if (into_tip > 0 && c * c + (into_tip / tip_len) * (into_tip / tip_len) > 1.0) continue;
      canvas.at(x, y) = static_cast<float>(178.0 - 60.0 * c * c - 10.0 * std::max(0.0, into_tip / tip_len));
    }
  }
}

// Grey level, a gradient and soft blotches at two scales (value noise on a
// random lattice, smoothstep-interpolated). The blotches are smooth, so they
// are evaluated every kStep pixels and interpolated linearly in between.
Plane draw_background(int w, int h, double texture, Rng& rng) {
  constexpr int kStep = 4;
  const double base = rng.uniform(70.0, 150.0);
  const double gx = rng.uniform(-40.0, 40.0) / w, gy = rng.uniform(-40.0, 40.0) / h;
  struct Octave {
    double cell;
    double amplitude;
    int nx = 0;
    std::vector<double> lattice;
  };
  std::array<Octave, 2> octaves{{{h / 5.0, 45.0 * texture, 0, {}}, {h / 24.0, 18.0 * texture, 0, {}}}};
  for (auto& oc : octaves) {
    oc.nx = static_cast<int>(w / oc.cell) + 2;
    const int ny = static_cast<int>(h / oc.cell) + 2;
    oc.lattice.resize(static_cast<std::size_t>(oc.nx) * static_cast<std::size_t>(ny));
    for (auto& v : oc.lattice) v = rng.uniform(-1.0, 1.0) * oc.amplitude;
  }
  auto smooth = [](double t) { return t * t * (3.0 - 2.0 * t); };
  auto value_at = [&](double x, double y) {
    double v = base + gx * x + gy * y;
    for (const auto& oc : octaves) {
      const double fx = x / oc.cell, fy = y / oc.cell;
      const int i = static_cast<int>(fx), j = static_cast<int>(fy);
      const double tx = smooth(fx - i), ty = smooth(fy - j);
      const double* l0 = &oc.lattice[static_cast<std::size_t>(j * oc.nx + i)];
      const double* l1 = l0 + oc.nx;
      const double top = l0[0] + (l0[1] - l0[0]) * tx, bottom = l1[0] + (l1[1] - l1[0]) * tx;
      v += top + (bottom - top) * ty;
    }
    return static_cast<float>(v);
  };
  // Coarse grid covering the frame (one extra node past each edge).
  const int gw = w / kStep + 2, gh = h / kStep + 2;
  std::vector<float> grid(static_cast<std::size_t>(gw) * static_cast<std::size_t>(gh));
  for (int j = 0; j < gh; ++j) {
    for (int i = 0; i < gw; ++i) {
      grid[static_cast<std::size_t>(j * gw + i)] = value_at(std::min(i * kStep, w), std::min(j * kStep, h));
    }
  }
  Plane bg(w, h, 0.0f);
  std::vector<float> row(static_cast<std::size_t>(gw));
  for (int y = 0; y < h; ++y) {
    const int j = y / kStep;
    const float ty = static_cast<float>(y % kStep) / kStep;
    const float* g0 = &grid[static_cast<std::size_t>(j * gw)];
    const float* g1 = g0 + gw;
    for (int i = 0; i < gw; ++i) row[static_cast<std::size_t>(i)] = g0[i] + (g1[i] - g0[i]) * ty;
    float* out = &bg.at(0, y);
    for (int x = 0; x < w; ++x) {
      const std::size_t i = static_cast<std::size_t>(x / kStep);
      const float tx = static_cast<float>(x % kStep) / kStep;
      out[x] = row[i] + (row[i + 1] - row[i]) * tx;
    }
  }
  return bg;
}

// A rectangle of frame pixels, [x0, x1) x [y0, y1).
struct Box {
  int x0, y0, x1, y1;
};

// Places the phone canvas into the frame through `forward` (canvas -> frame),
// by inverse mapping each frame pixel and sampling bilinearly. Returns the
// box of the frame the phone may cover.
Box warp_into(Plane& frame, const Plane& canvas, const Mat3& forward) {
  const Mat3 inv = inverse(forward);
  // Bounding box of the phone in the frame, when all its corners are in front
  // of the camera; otherwise the whole frame.
  int bx0 = 0, by0 = 0, bx1 = frame.width, by1 = frame.height;
  {
    double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
    bool in_front = true;
    const std::array<std::array<double, 2>, 4> corners{
        {{0, 0}, {double(canvas.width), 0}, {0, double(canvas.height)}, {double(canvas.width), double(canvas.height)}}};
    for (const auto& c : corners) {
      const double w = forward[6] * c[0] + forward[7] * c[1] + forward[8];
      if (w <= 1e-9) {
        in_front = false;
        break;
      }
      const double x = (forward[0] * c[0] + forward[1] * c[1] + forward[2]) / w;
      const double y = (forward[3] * c[0] + forward[4] * c[1] + forward[5]) / w;
      minx = std::min(minx, x), maxx = std::max(maxx, x), miny = std::min(miny, y), maxy = std::max(maxy, y);
    }
    if (in_front) {
      bx0 = static_cast<int>(std::clamp(std::floor(minx) - 1, 0.0, double(frame.width)));
      bx1 = static_cast<int>(std::clamp(std::ceil(maxx) + 1, 0.0, double(frame.width)));
      by0 = static_cast<int>(std::clamp(std::floor(miny) - 1, 0.0, double(frame.height)));
      by1 = static_cast<int>(std::clamp(std::ceil(maxy) + 1, 0.0, double(frame.height)));
    }
  }
  const double max_x = canvas.width - 1, max_y = canvas.height - 1;
  for (int y = by0; y < by1; ++y) {
    // Pixel centres sit at +0.5 in both planes; the homogeneous coordinates
    // grow linearly along the row.
    const double fy = y + 0.5, fx0 = bx0 + 0.5;
    double X = inv[0] * fx0 + inv[1] * fy + inv[2];
    double Y = inv[3] * fx0 + inv[4] * fy + inv[5];
    double W = inv[6] * fx0 + inv[7] * fy + inv[8];
    float* out = &frame.at(0, y);
    for (int x = bx0; x < bx1; ++x, X += inv[0], Y += inv[3], W += inv[6]) {
      if (W <= 0) continue;  // beyond the horizon: not the phone
      const double r = 1.0 / W;
      const double u = X * r - 0.5, v = Y * r - 0.5;
      if (u < -0.5 || v < -0.5 || u > max_x + 0.5 || v > max_y + 0.5) continue;
      const double cu = std::clamp(u, 0.0, max_x), cv = std::clamp(v, 0.0, max_y);
      const int iu = std::min(static_cast<int>(cu), std::max(0, canvas.width - 2));
      const int iv = std::min(static_cast<int>(cv), std::max(0, canvas.height - 2));
      const float tu = static_cast<float>(cu - iu), tv = static_cast<float>(cv - iv);
      const float* p0 = &canvas.at(iu, iv);
      const float* p1 = p0 + canvas.width;
      const float top = p0[0] + (p0[1] - p0[0]) * tu, bottom = p1[0] + (p1[1] - p1[0]) * tu;
      out[x] = top + (bottom - top) * tv;
    }
  }
  return {bx0, by0, bx1, by1};
}

// Separable Gaussian with the frame's edges clamped, over `box` only (plus
// the kernel's reach): outside the phone there is only the smooth background,
// which blurring would not visibly change.
void gaussian_blur(Plane& img, double sigma, Box box) {
  if (sigma < 0.25) return;
  const int radius = static_cast<int>(std::ceil(3.0 * sigma));
  std::vector<float> kernel(static_cast<std::size_t>(2 * radius + 1));
  double sum = 0;
  for (int i = -radius; i <= radius; ++i) {
    const double k = std::exp(-0.5 * i * i / (sigma * sigma));
    kernel[static_cast<std::size_t>(i + radius)] = static_cast<float>(k);
    sum += k;
  }
  for (auto& k : kernel) k = static_cast<float>(k / sum);

  const int w = img.width, h = img.height;
  const int x0 = std::max(0, box.x0 - radius), x1 = std::min(w, box.x1 + radius);
  const int y0 = std::max(0, box.y0 - radius), y1 = std::min(h, box.y1 + radius);
  if (x0 >= x1 || y0 >= y1) return;
  const int bw = x1 - x0;
  // Horizontal, into `tmp`, for every row the vertical pass reads; each row
  // padded by its neighbours (or the repeated frame edge) and summed tap by
  // tap so the inner loops run over contiguous floats.
  const int ty0 = std::max(0, y0 - radius), ty1 = std::min(h, y1 + radius);
  Plane tmp(bw, ty1 - ty0, 0.0f);
  std::vector<float> padded(static_cast<std::size_t>(bw + 2 * radius));
  for (int y = ty0; y < ty1; ++y) {
    const float* line = &img.at(0, y);
    for (int i = 0; i < bw + 2 * radius; ++i) {
      padded[static_cast<std::size_t>(i)] = line[std::clamp(x0 - radius + i, 0, w - 1)];
    }
    float* out = &tmp.at(0, y - ty0);
    for (std::size_t k = 0; k < kernel.size(); ++k) {
      const float kv = kernel[k];
      const float* in = padded.data() + k;
      for (int x = 0; x < bw; ++x) out[x] += kv * in[x];
    }
  }
  // Vertical: each output row is a weighted sum of whole rows of `tmp`.
  for (int y = y0; y < y1; ++y) {
    float* out = &img.at(x0, y);
    std::fill(out, out + bw, 0.0f);
    for (int k = -radius; k <= radius; ++k) {
      const float kv = kernel[static_cast<std::size_t>(k + radius)];
      const float* in = &tmp.at(0, std::clamp(y + k, 0, h - 1) - ty0);
      for (int x = 0; x < bw; ++x) out[x] += kv * in[x];
    }
  }
}

}  // namespace

Result<Y800Frame> FrameGenerator::render(const std::string& payload, const FrameOptions& o) const {
  CS_RETURN_IF_ERROR(o.validate());
  Symbol symbol;
  if (!o.hide_code) {
    CS_ASSIGN_OR_RETURN(symbol, encode(payload));
  } else {
    symbol.modules = 49;  // version 8, what a ~130-byte receipt URL needs: the phone looks the same
  }
  const int q = symbol.modules + 2 * kQuietZone;
  const double module_px = o.code_fraction * o.height / q;  // in the frame
  if (module_px < 1.0) {
    return invalid("code of " + std::to_string(q) + " modules gets " + std::to_string(module_px) +
                   " px per module at " + std::to_string(o.width) + "x" + std::to_string(o.height) +
                   "; raise code_fraction");
  }
  const double canvas_px = std::max(2.0, std::ceil(module_px));  // draw the phone at about frame scale

  // Background.
  Rng bg_rng(seed_, o.frame_index, Stream::kBackground);
  Plane frame = draw_background(o.width, o.height, o.background_texture, bg_rng);

  // The phone in its own plane.
  const PhoneLayout layout = layout_phone(symbol.modules, canvas_px);
  const ScreenColours colours = o.dark_mode ? ScreenColours{16.0f, 26.0f, 218.0f, 58.0f, 150.0f}
                                            : ScreenColours{16.0f, 232.0f, 28.0f, 196.0f, 96.0f};
  Rng screen_rng(seed_, o.frame_index, Stream::kScreen);
  Plane phone = draw_phone(layout, o.hide_code ? nullptr : &symbol, colours, screen_rng);
  if (o.glare_strength > 0) {
    Rng rng(seed_, o.frame_index, Stream::kGlare);
    add_glare(phone, layout, o, rng);
  }
  if (o.occlusion > 0) {
    Rng rng(seed_, o.frame_index, Stream::kThumb);
    add_thumb(phone, layout, o, rng);
  }

  // Placement: code centre -> frame position, scaled, rotated, keystoned.
  Rng place(seed_, o.frame_index, Stream::kPlacement);
  const double theta = o.rotation_deg * std::numbers::pi / 180.0;
  const double code_out = q * module_px;
  const double extent = code_out * (std::abs(std::cos(theta)) + std::abs(std::sin(theta)));
  const double room_x = std::max(0.0, (o.width - extent) / 2.0), room_y = std::max(0.0, (o.height - extent) / 2.0);
  const double jx = place.uniform(-1.0, 1.0), jy = place.uniform(-1.0, 1.0);
  const double axis_random = place.uniform(0.0, 2.0 * std::numbers::pi);
  const double cx = o.width / 2.0 + o.position_jitter * room_x * jx;
  const double cy = o.height / 2.0 + o.position_jitter * room_y * jy;
  const double axis = o.keystone_axis_deg >= 0 ? o.keystone_axis_deg * std::numbers::pi / 180.0 : axis_random;
  const double half = code_out / 2.0;
  const Mat3 keystone{1, 0, 0, 0, 1, 0, o.keystone * std::cos(axis) / half, o.keystone * std::sin(axis) / half, 1};
  const double code_centre_x = layout.code_x + symbol.modules * canvas_px / 2.0;
  const double code_centre_y = layout.code_y + symbol.modules * canvas_px / 2.0;
  const Mat3 forward = mul(translation(cx, cy),
                           mul(keystone, mul(rotation(theta), mul(scaling(module_px / canvas_px),
                                                                  translation(-code_centre_x, -code_centre_y)))));
  const Box phone_box = warp_into(frame, phone, forward);

  // Camera: optics, exposure, sensor.
  gaussian_blur(frame, o.blur_sigma, phone_box);
  const float contrast = static_cast<float>(o.contrast), brightness = static_cast<float>(o.brightness);
  const float noise = static_cast<float>(o.noise_sigma);
  Rng noise_rng(seed_, o.frame_index, Stream::kNoise);
  Y800Frame out;
  out.width = o.width;
  out.height = o.height;
  out.pixels.resize(frame.v.size());
  const float offset = 128.0f * (1.0f - contrast) + brightness;
  auto to_byte = [](float v) {
    return static_cast<std::uint8_t>(static_cast<int>(std::min(255.0f, std::max(0.0f, v)) + 0.5f));
  };
  const std::size_t n = frame.v.size();
  if (noise > 0) {
    std::size_t i = 0;
    for (; i + 1 < n; i += 2) {
      const auto g = noise_rng.gaussian_pair();
      out.pixels[i] = to_byte(frame.v[i] * contrast + offset + noise * g[0]);
      out.pixels[i + 1] = to_byte(frame.v[i + 1] * contrast + offset + noise * g[1]);
    }
    if (i < n) out.pixels[i] = to_byte(frame.v[i] * contrast + offset + noise * noise_rng.gaussian_pair()[0]);
  } else {
    for (std::size_t i = 0; i < n; ++i) out.pixels[i] = to_byte(frame.v[i] * contrast + offset);
  }
  return out;
}

}  // namespace chainslip::sim
