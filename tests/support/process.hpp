// Child processes for end-to-end tests: start a program (the real `ploeg`
// binary, PLOEG_BINARY) with arguments and extra environment variables, its
// output captured to files, then signal it, wait for it with a timeout and
// read its exit status and output.
//
//   test::Process server(test::ploeg_binary(),
//                        {.args = {"serve", "--port", std::to_string(port)},
//                         .env = {{"PLOEG_DATABASE", url}}});
//   ASSERT_TRUE(test::wait_for_port(port, 10s)) << server.stderr_text();
//   ...
//   server.signal(SIGTERM);
//   auto status = server.wait_for(10s);
//   ASSERT_TRUE(status && status->success()) << server.describe();
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ploeg::test {

struct ProcessOptions {
  // (Every member has an initializer, so designated initializers may leave any out.)
  std::vector<std::string> args{};  // after argv[0]
  // Set (or replaced) in the inherited environment.
  std::vector<std::pair<std::string, std::string>> env{};
  std::vector<std::string> unset_env{};  // removed from it
  std::filesystem::path cwd{};           // empty: the current directory
  std::filesystem::path
      output_dir{};          // stdout/stderr files go here; empty: a new temporary directory
  std::string stdin_text{};  // written to the child's standard input (then closed)
};

struct ExitStatus {
  bool exited = false;  // returned from main or called exit
  int code = -1;        // when exited
  int signal = 0;       // when killed by a signal
  bool success() const { return exited && code == 0; }
  std::string describe() const;  // "exit code 0", "killed by signal 9 (Killed)"
};

class Process {
 public:
  // Starts `program` (a path, or a name looked up in PATH) in its own process
  // group. Throws std::runtime_error when it cannot be started.
  explicit Process(std::filesystem::path program, ProcessOptions options = {});
  // Kills the process group (SIGKILL) if it still runs, and reaps it.
  ~Process();
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig);        // to the process
  void signal_group(int sig);  // to its whole process group
  // The exit status once the process ended within `timeout`, nullopt otherwise.
  std::optional<ExitStatus> wait_for(std::chrono::milliseconds timeout);
  ExitStatus wait();
  // SIGTERM, then SIGKILL when it has not ended within `grace`.
  ExitStatus terminate(std::chrono::milliseconds grace = std::chrono::seconds(10));
  // The exit status, when the process has been seen to end.
  std::optional<ExitStatus> status() const { return status_; }

  std::string stdout_text() const;
  std::string stderr_text() const;
  const std::filesystem::path& stdout_path() const { return stdout_path_; }
  const std::filesystem::path& stderr_path() const { return stderr_path_; }
  // Waits until stdout or stderr contains `text`; false on timeout or when the
  // process ends without having written it.
  bool wait_for_output(std::string_view text, std::chrono::milliseconds timeout);
  // The command line, the status and the tail of both outputs, for a failure message.
  std::string describe() const;

 private:
  bool reap(bool block);

  pid_t pid_ = -1;
  std::string command_line_;
  std::filesystem::path stdout_path_;
  std::filesystem::path stderr_path_;
  std::optional<ExitStatus> status_;
};

// A TCP port nobody listens on right now (bound to 127.0.0.1:0 and released).
std::uint16_t free_port();
// Polls until something accepts connections on host:port, or the timeout.
bool wait_for_port(std::uint16_t port, std::chrono::milliseconds timeout,
                   const std::string& host = "127.0.0.1");
// The `ploeg` binary the tests were built with.
std::filesystem::path ploeg_binary();
// A new empty directory under the system's temporary directory.
std::filesystem::path make_temp_dir(std::string_view prefix = "ploeg-test-");
std::string read_file(const std::filesystem::path& path);

}  // namespace ploeg::test
