// The simulation's random numbers: xoshiro256+ seeded through splitmix64, and
// the service-time distributions written out so that a seed gives the same
// bytes on every platform (the std distributions differ between libraries).
#pragma once

#include <cmath>
#include <cstdint>

#include "engines/capacity/model.hpp"

namespace ploeg::capacity::detail {

inline std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Random {
 public:
  // Independent streams: one per (seed, replication, purpose).
  Random(std::uint64_t seed, std::uint64_t replication, std::uint64_t stream) {
    std::uint64_t s =
        seed ^ (replication * 0xd1b54a32d192ed03ULL) ^ (stream * 0xabc98388fb8fac03ULL);
    for (auto& word : s_) word = splitmix(s);
  }
  std::uint64_t next() {
    std::uint64_t result = s_[0] + s_[3];
    std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = (s_[3] << 45) | (s_[3] >> 19);
    return result;
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool chance(double p) { return unit() < p; }
  int below(int n) { return static_cast<int>((next() >> 33) % static_cast<std::uint64_t>(n)); }
  double exponential(double mean) { return -mean * std::log1p(-unit()); }
  double normal() {  // Marsaglia's polar method, one of the pair kept
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, q;
    do {
      u = 2 * unit() - 1;
      v = 2 * unit() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q == 0);
    double f = std::sqrt(-2 * std::log(q) / q);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }
  // Marsaglia and Tsang (2000), with the shape < 1 boost.
  double gamma(double shape, double scale) {
    if (shape < 1) return gamma(shape + 1, scale) * std::pow(1 - unit(), 1 / shape);
    double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
    for (;;) {
      double x = normal(), v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      double u = 1 - unit();
      if (u < 1 - 0.0331 * x * x * x * x || std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v)))
        return d * v * scale;
    }
  }

 private:
  std::uint64_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

// A service time drawn from its distribution, in hours.
inline double draw(Random& random, const ServiceTime& t) {
  switch (t.distribution) {
    case Distribution::exponential:
      return random.exponential(t.mean_hours);
    case Distribution::deterministic:
      return t.mean_hours;
    case Distribution::empirical:
      return t.samples.empty() ? t.mean_hours
                               : t.samples[static_cast<std::size_t>(
                                     random.below(static_cast<int>(t.samples.size())))];
    case Distribution::gamma: {
      double shape = 1 / (t.cv * t.cv);
      return random.gamma(shape, t.mean_hours / shape);
    }
    case Distribution::lognormal: {
      double s2 = std::log1p(t.cv * t.cv);
      return std::exp(std::log(t.mean_hours) - s2 / 2 + std::sqrt(s2) * random.normal());
    }
  }
  return t.mean_hours;
}

}  // namespace ploeg::capacity::detail
