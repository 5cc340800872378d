// The formation engine's random numbers: splitmix64, small, fast and the same
// on every platform (the std distributions are not), so a seed gives the same
// instance and the same search everywhere.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ploeg::formation::detail {

struct Random {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // 0 .. n-1 (0 when n is 0).
  int below(std::size_t n) { return n == 0 ? 0 : static_cast<int>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool chance(double p) { return unit() < p; }
};

}  // namespace ploeg::formation::detail
