#include "http/metrics.hpp"

#include <array>
#include <charconv>
#include <cstdint>

namespace ploeg::http {
namespace {

constexpr std::array<double, 11> bucket_bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                  0.5,   1,    2.5,   5,    10};

// Label values escape '\', '"' and newline (text format 0.0.4).
std::string escape_label(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string format_double(double v) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  if (ec != std::errc{}) return "NaN";
  return std::string(buffer, end);
}

// Methods are a label too: anything a client makes up counts as "other", so
// that nobody can grow the number of series at will.
std::string method_label(const std::string& method) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == known) return method;
  }
  return "other";
}

}  // namespace

struct Metrics::Series {
  std::string labels;  // method="GET",route="/x",status="200"
  std::uint64_t count = 0;
  double sum = 0;
  std::array<std::uint64_t, bucket_bounds.size()> buckets{};  // not cumulative
};

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      std::chrono::duration<double> elapsed) {
  std::string method_value = method_label(method);
  std::string key = method_value + "|" + route + "|" + std::to_string(status);
  double seconds = elapsed.count();
  std::lock_guard lock(mutex_);
  auto& series = series_[key];
  if (!series) {
    series = std::make_shared<Series>();
    series->labels = "method=\"" + escape_label(method_value) + "\",route=\"" +
                     escape_label(route) + "\",status=\"" + std::to_string(status) + "\"";
  }
  ++series->count;
  series->sum += seconds;
  for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
    if (seconds <= bucket_bounds[i]) {
      ++series->buckets[i];
      break;
    }
  }
}

std::string Metrics::prometheus_text() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out +=
      "# HELP ploeg_http_requests_total HTTP requests answered, by method, route and status.\n"
      "# TYPE ploeg_http_requests_total counter\n";
  for (const auto& [key, s] : series_) {
    out += "ploeg_http_requests_total{" + s->labels + "} " + std::to_string(s->count) + "\n";
  }
  out +=
      "# HELP ploeg_http_request_duration_seconds Time from reading a request to having written "
      "its response.\n"
      "# TYPE ploeg_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : series_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
      cumulative += s->buckets[i];
      out += "ploeg_http_request_duration_seconds_bucket{" + s->labels + ",le=\"" +
             format_double(bucket_bounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "ploeg_http_request_duration_seconds_bucket{" + s->labels + ",le=\"+Inf\"} " +
           std::to_string(s->count) + "\n";
    out += "ploeg_http_request_duration_seconds_sum{" + s->labels + "} " + format_double(s->sum) +
           "\n";
    out += "ploeg_http_request_duration_seconds_count{" + s->labels + "} " +
           std::to_string(s->count) + "\n";
  }
  return out;
}

Response metrics_response(const Metrics& metrics) {
  Response r;
  r.body = metrics.prometheus_text();
  r.set_header("Content-Type", prometheus_content_type);
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace ploeg::http
