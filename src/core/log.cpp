#include "core/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>

namespace ploeg::log {
namespace {

std::shared_ptr<spdlog::logger> logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto l = spdlog::stderr_logger_mt("ploeg");
    // The message is the whole JSON line: time and level are written by us so
    // that the line stays valid JSON whatever spdlog's pattern does.
    l->set_pattern("%v");
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return instance;
}

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::debug:
      return spdlog::level::debug;
    case Level::info:
      return spdlog::level::info;
    case Level::warn:
      return spdlog::level::warn;
    case Level::error:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

std::string utc_now() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(ms.count()));
  return out;
}

}  // namespace

void init(std::string_view level) {
  static const std::pair<std::string_view, spdlog::level::level_enum> levels[] = {
      {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},
      {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},
      {"off", spdlog::level::off}};
  for (auto& [text, value] : levels) {
    if (text == level) {
      logger()->set_level(value);
      return;
    }
  }
  throw std::invalid_argument("log level \"" + std::string(level) +
                              "\" is not one of debug, info, warn, error, off");
}

void write(Level level, std::string_view event, boost::json::object fields) {
  auto l = logger();
  if (!l->should_log(to_spdlog(level))) return;
  boost::json::object line;
  line["time"] = utc_now();
  line["level"] = name(level);
  line["event"] = event;
  for (auto& [key, value] : fields) line[key] = std::move(value);
  l->log(to_spdlog(level), "{}", boost::json::serialize(line));
}

}  // namespace ploeg::log
