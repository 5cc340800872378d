// The simulation's event calendar: a 4-ary min-heap on (time, sequence).
// Keys are unique, so the order of events is the same as with any other
// correct heap; four children a node halve the depth of a binary heap, and
// taking the next event leaves it in place until the handler schedules its
// follow-up, which then replaces it with one sift instead of a pop and a push.
#pragma once

#include <cstdint>
#include <vector>

namespace ploeg::capacity::detail {

struct Event {
  double time;
  std::uint32_t seq;
  std::uint32_t what;  // kind in the top three bits, a case, case type or person below
};

class Calendar {
 public:
  bool empty() const { return heap_.size() == (taken_ ? 1u : 0u); }
  void reserve(std::size_t n) { heap_.reserve(n); }

  // The earliest event. It stays in the calendar until the next push or
  // take, so take() must be followed by handling it before the next take().
  Event take() {
    if (taken_) remove_top();
    taken_ = true;
    return heap_.front();
  }

  void push(const Event& e) {
    if (taken_) {
      taken_ = false;
      sift_down(0, e);
      return;
    }
    heap_.push_back(e);
    sift_up(heap_.size() - 1, e);
  }

 private:
  static bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  void remove_top() {
    taken_ = false;
    Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0, last);
  }
  void sift_up(std::size_t i, const Event& e) {
    while (i > 0) {
      std::size_t parent = (i - 1) / 4;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  // Puts `e` in the hole at `i`, moving smaller children up.
  void sift_down(std::size_t i, const Event& e) {
    std::size_t n = heap_.size();
    for (;;) {
      std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first, last = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < last; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
      if (!before(heap_[best], e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
  bool taken_ = false;  // heap_[0] is the event being handled
};

}  // namespace ploeg::capacity::detail
