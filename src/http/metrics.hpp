// Request counters and latency histograms by route and status, in the
// Prometheus text exposition format (version 0.0.4).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace ploeg::http {

class Metrics {
 public:
  void observe(const std::string& method, const std::string& route, int status,
               std::chrono::duration<double> elapsed);
  std::string prometheus_text() const;

 private:
  struct Series;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Series>> series_;  // key: method|route|status
};

}  // namespace ploeg::http
