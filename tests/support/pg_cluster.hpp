// A throwaway PostgreSQL 15 cluster for tests (scripts/pg-throwaway): initdb in
// a temporary folder, a free port on 127.0.0.1, stopped and removed when the
// object goes away. No mock: tests talk to a real server.
#pragma once

#include <string>

namespace ploeg::test {

class PgCluster {
 public:
  // Starts the cluster; throws std::runtime_error with the script's exit
  // status when it cannot (its own messages go to standard error).
  PgCluster();
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // postgresql://USER@127.0.0.1:PORT/ploeg_test
  const std::string& url() const { return url_; }
  const std::string& dir() const { return dir_; }

  // Stops the server but keeps its data; resume() starts it on the same port.
  void pause();
  void resume();

  // One cluster for the whole test binary, started on first use and stopped
  // at exit. If it failed to start, every call throws the same error.
  static PgCluster& shared();

 private:
  void stop() noexcept;

  std::string dir_;
  std::string url_;
};

}  // namespace ploeg::test
