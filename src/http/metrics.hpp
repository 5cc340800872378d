// Request counters and latency histograms by route and status, in the
// Prometheus text exposition format (version 0.0.4).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http/message.hpp"

namespace ploeg::http {

// ploeg_http_requests_total{method,route,status} (counter) and
// ploeg_http_request_duration_seconds{method,route,status} (histogram). The
// route label is the route's pattern, never the raw path, so the number of
// series stays bounded; the server labels requests no route matched
// "unmatched", and methods other than GET, HEAD, POST, PUT, PATCH, DELETE and
// OPTIONS are counted as "other".
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

// The Content-Type of prometheus_text().
inline constexpr const char* prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

// A 200 response carrying metrics.prometheus_text(), for a /metrics route:
//   router.add("GET", "/metrics", "metrics",
//              [&server](http::Request&) { return http::metrics_response(server.metrics()); });
Response metrics_response(const Metrics& metrics);

}  // namespace ploeg::http
