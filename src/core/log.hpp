// Structured logging: one JSON object a line on standard error, through spdlog.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

namespace ploeg::log {

enum class Level { debug, info, warn, error };

// Sets the level ("debug", "info", "warn", "error", "off"); throws
// std::invalid_argument naming the allowed values on anything else.
void init(std::string_view level = "info");

// {"time":"2026-11-23T09:00:00.123Z","level":"info","event":"request",...fields}
void write(Level level, std::string_view event, boost::json::object fields = {});

inline void info(std::string_view event, boost::json::object fields = {}) {
  write(Level::info, event, std::move(fields));
}
inline void warn(std::string_view event, boost::json::object fields = {}) {
  write(Level::warn, event, std::move(fields));
}
inline void error(std::string_view event, boost::json::object fields = {}) {
  write(Level::error, event, std::move(fields));
}

}  // namespace ploeg::log
