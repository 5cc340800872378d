#include "support/pg_cluster.hpp"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace ploeg::test {

namespace {

const char* const script = PLOEG_SOURCE_DIR "/scripts/pg-throwaway";

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Runs the script and returns its standard output; throws if it fails.
std::string run(const std::string& command, const std::string& dir, const std::string& env = "") {
  std::string line = env + quoted(script) + " " + command + " " + quoted(dir);
  FILE* pipe = ::popen(line.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + line);
  std::string out;
  std::array<char, 256> buffer{};
  while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) out += buffer.data();
  int status = ::pclose(pipe);
  if (status != 0) {
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    throw std::runtime_error("pg-throwaway " + command + " failed (exit status " +
                             std::to_string(code) + "); see its messages above");
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

PgCluster::PgCluster() {
  char templ[] = "/tmp/ploeg-pg-XXXXXX";
  if (!::mkdtemp(templ)) throw std::runtime_error("mkdtemp failed for the PostgreSQL cluster");
  dir_ = templ;
  try {
    // The script's watcher stops the server should this process die first.
    url_ = run("start", dir_, "PG_THROWAWAY_OWNER_PID=" + std::to_string(::getpid()) + " ");
    if (!url_.starts_with("postgresql://")) {
      throw std::runtime_error("pg-throwaway start printed no URL but: " + url_);
    }
  } catch (...) {
    stop();
    throw;
  }
}

PgCluster::~PgCluster() {
  stop();
}

void PgCluster::pause() {
  run("pause", dir_);
}

void PgCluster::resume() {
  run("resume", dir_);
}

void PgCluster::stop() noexcept {
  try {
    if (std::filesystem::exists(dir_ + "/data")) run("stop", dir_);
  } catch (...) {
    // Removing the folder is still worth doing.
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

PgCluster& PgCluster::shared() {
  static std::mutex mutex;
  static std::unique_ptr<PgCluster> cluster;
  static std::string failure;
  std::lock_guard lock(mutex);
  if (!cluster) {
    if (!failure.empty()) throw std::runtime_error(failure);
    try {
      cluster = std::make_unique<PgCluster>();
    } catch (const std::exception& e) {
      failure = std::string("the shared PostgreSQL cluster did not start: ") + e.what();
      throw std::runtime_error(failure);
    }
  }
  return *cluster;
}

}  // namespace ploeg::test
