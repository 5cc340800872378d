// Reading the API's JSON answers in the end-to-end tests: the body parsed,
// a string member, and the error object checked for the shape every error has.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "support/http_client.hpp"

namespace ploeg::test {

inline boost::json::value parsed(const HttpResponse& r) {
  boost::system::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  EXPECT_FALSE(ec) << "not JSON: " << r.body;
  return ec ? boost::json::value(nullptr) : v;
}

inline std::string str(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

// The error object of an error answer, checked for its shape.
inline boost::json::object error_of(const HttpResponse& r) {
  EXPECT_EQ(r.header("Content-Type").value_or(""), "application/json") << r.body;
  auto v = parsed(r);
  if (!v.is_object() || !v.as_object().contains("error")) {
    ADD_FAILURE() << "no error object: " << r.body;
    return {};
  }
  auto e = v.at("error").as_object();
  EXPECT_TRUE(e.contains("code") && e.at("code").is_string()) << r.body;
  EXPECT_TRUE(e.contains("message") && !e.at("message").as_string().empty()) << r.body;
  EXPECT_TRUE(e.contains("field")) << r.body;
  return e;
}

}  // namespace ploeg::test
