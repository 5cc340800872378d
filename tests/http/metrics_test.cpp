#include <gtest/gtest.h>

#include "http/metrics.hpp"

namespace ploeg::http {
namespace {

using namespace std::chrono_literals;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Metrics, CountsAndHistogramsByMethodRouteAndStatus) {
  Metrics m;
  m.observe("GET", "/people/{id}", 200, 3ms);
  m.observe("GET", "/people/{id}", 200, 70ms);
  m.observe("GET", "/people/{id}", 200, 20s);
  m.observe("POST", "/people/{id}", 303, 1ms);
  std::string text = m.prometheus_text();

  EXPECT_TRUE(contains(text, "# TYPE ploeg_http_requests_total counter\n"));
  EXPECT_TRUE(contains(text, "# HELP ploeg_http_requests_total "));
  EXPECT_TRUE(contains(text, "# TYPE ploeg_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(contains(
      text, "ploeg_http_requests_total{method=\"GET\",route=\"/people/{id}\",status=\"200\"} 3\n"));
  EXPECT_TRUE(contains(
      text,
      "ploeg_http_requests_total{method=\"POST\",route=\"/people/{id}\",status=\"303\"} 1\n"));

  const std::string labels = "method=\"GET\",route=\"/people/{id}\",status=\"200\"";
  auto bucket = [&](const char* le, int n) {
    return "ploeg_http_request_duration_seconds_bucket{" + labels + ",le=\"" + le + "\"} " +
           std::to_string(n) + "\n";
  };
  EXPECT_TRUE(contains(text, bucket("0.005", 1)));
  EXPECT_TRUE(contains(text, bucket("0.05", 1)));
  EXPECT_TRUE(contains(text, bucket("0.1", 2)));
  EXPECT_TRUE(contains(text, bucket("10", 2)));
  EXPECT_TRUE(contains(text, bucket("+Inf", 3)));
  EXPECT_TRUE(contains(text, "ploeg_http_request_duration_seconds_count{" + labels + "} 3\n"));
  EXPECT_TRUE(contains(text, "ploeg_http_request_duration_seconds_sum{" + labels + "} 20.073"));
}

TEST(Metrics, EscapesLabelValuesAndBoundsMethods) {
  Metrics m;
  m.observe("BREW", "/a\"b\\c\nd", 404, 1ms);
  std::string text = m.prometheus_text();
  EXPECT_TRUE(contains(text, "method=\"other\",route=\"/a\\\"b\\\\c\\nd\",status=\"404\"} 1\n"))
      << text;
}

TEST(Metrics, ResponseCarriesTheTextFormat) {
  Metrics m;
  m.observe("GET", "/", 200, 1ms);
  Response r = metrics_response(m);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(r.body, m.prometheus_text());
}

}  // namespace
}  // namespace ploeg::http
