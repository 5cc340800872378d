#include "support/process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/http_client.hpp"

extern char** environ;

namespace ploeg::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string tail(const std::string& text, std::size_t max = 4000) {
  if (text.size() <= max) return text;
  return "..." + text.substr(text.size() - max);
}

}  // namespace

std::string ExitStatus::describe() const {
  if (exited) return "exit code " + std::to_string(code);
  if (signal != 0) {
    const char* name = strsignal(signal);
    return "killed by signal " + std::to_string(signal) + " (" + (name ? name : "?") + ")";
  }
  return "unknown status";
}

std::filesystem::path make_temp_dir(std::string_view prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / std::string(prefix)).string();
  pattern += "XXXXXX";
  if (!::mkdtemp(pattern.data())) {
    throw std::runtime_error(std::string("mkdtemp failed: ") + std::strerror(errno));
  }
  return pattern;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::filesystem::path ploeg_binary() {
#ifdef PLOEG_BINARY
  return PLOEG_BINARY;
#else
  return "ploeg";
#endif
}

Process::Process(std::filesystem::path program, ProcessOptions options) {
  std::filesystem::path dir =
      options.output_dir.empty() ? make_temp_dir("ploeg-process-") : options.output_dir;
  std::filesystem::create_directories(dir);
  std::string stem = program.filename().string();
  stdout_path_ = dir / (stem + ".stdout");
  stderr_path_ = dir / (stem + ".stderr");
  for (int i = 1; std::filesystem::exists(stdout_path_) || std::filesystem::exists(stderr_path_);
       ++i) {
    stdout_path_ = dir / (stem + "." + std::to_string(i) + ".stdout");
    stderr_path_ = dir / (stem + "." + std::to_string(i) + ".stderr");
  }

  // Everything the child needs is prepared before it exists.
  std::vector<std::string> argv_strings;
  argv_strings.push_back(program.string());
  for (auto& a : options.args) argv_strings.push_back(a);
  std::vector<char*> argv;
  for (auto& a : argv_strings) {
    argv.push_back(a.data());
    command_line_ += (command_line_.empty() ? "" : " ") + a;
  }
  argv.push_back(nullptr);

  std::map<std::string, std::string> env_map;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env_map[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (auto& name : options.unset_env) env_map.erase(name);
  for (auto& [name, value] : options.env) env_map[name] = value;
  std::vector<std::string> env_strings;
  for (auto& [name, value] : env_map) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  // Standard input: the given text through a socket pair (written with
  // MSG_NOSIGNAL, so a child that exits early cannot SIGPIPE us), or /dev/null.
  int stdin_pipe[2] = {-1, -1};
  if (!options.stdin_text.empty() &&
      ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, stdin_pipe) != 0) {
    throw std::runtime_error(std::string("socketpair failed: ") + std::strerror(errno));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdin_pipe[0] >= 0) {
    posix_spawn_file_actions_adddup2(&actions, stdin_pipe[0], 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_addopen(&actions, 1, stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
  // Nothing else of ours (an in-process server's listening socket) leaks into the child.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attributes, &empty);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, argv_strings[0].c_str(), &actions, &attributes, argv.data(),
                          envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (stdin_pipe[0] >= 0) ::close(stdin_pipe[0]);
  if (rc != 0) {
    if (stdin_pipe[1] >= 0) ::close(stdin_pipe[1]);
    throw std::runtime_error("cannot start " + command_line_ + ": " + std::strerror(rc));
  }
  pid_ = pid;
  if (stdin_pipe[1] >= 0) {
    // Written from here, so it must fit in the socket buffer if the child does
    // not read it at once (test input does).
    std::string_view rest = options.stdin_text;
    while (!rest.empty()) {
      ssize_t n = ::send(stdin_pipe[1], rest.data(), rest.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    ::close(stdin_pipe[1]);
  }
}

Process::~Process() {
  if (pid_ > 0 && !status_) {
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    reap(true);
  }
}

Process::Process(Process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      command_line_(std::move(other.command_line_)),
      stdout_path_(std::move(other.stdout_path_)),
      stderr_path_(std::move(other.stderr_path_)),
      status_(std::move(other.status_)) {}

Process& Process::operator=(Process&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0 && !status_) {
      ::kill(-pid_, SIGKILL);
      ::kill(pid_, SIGKILL);
      reap(true);
    }
    pid_ = std::exchange(other.pid_, -1);
    command_line_ = std::move(other.command_line_);
    stdout_path_ = std::move(other.stdout_path_);
    stderr_path_ = std::move(other.stderr_path_);
    status_ = std::move(other.status_);
  }
  return *this;
}

bool Process::reap(bool block) {
  if (status_) return true;
  if (pid_ <= 0) return false;
  int raw = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &raw, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r != pid_) return false;
  ExitStatus s;
  if (WIFEXITED(raw)) {
    s.exited = true;
    s.code = WEXITSTATUS(raw);
  } else if (WIFSIGNALED(raw)) {
    s.signal = WTERMSIG(raw);
  }
  status_ = s;
  return true;
}

bool Process::running() {
  return pid_ > 0 && !reap(false);
}

void Process::signal(int sig) {
  if (running()) ::kill(pid_, sig);
}

void Process::signal_group(int sig) {
  if (pid_ > 0) ::kill(-pid_, sig);
}

std::optional<ExitStatus> Process::wait_for(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!reap(false)) {
    if (pid_ <= 0 || Clock::now() >= deadline) return status_;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

ExitStatus Process::wait() {
  reap(true);
  return status_.value_or(ExitStatus{});
}

ExitStatus Process::terminate(std::chrono::milliseconds grace) {
  signal(SIGTERM);
  if (auto s = wait_for(grace)) return *s;
  signal_group(SIGKILL);
  return wait();
}

std::string Process::stdout_text() const {
  return read_file(stdout_path_);
}
std::string Process::stderr_text() const {
  return read_file(stderr_path_);
}

bool Process::wait_for_output(std::string_view text, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    bool ended = !running();
    if (stdout_text().find(text) != std::string::npos ||
        stderr_text().find(text) != std::string::npos) {
      return true;
    }
    if (ended || Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string Process::describe() const {
  std::string out = command_line_ +
                    "\n  status: " + (status_ ? status_->describe() : std::string("running")) +
                    "\n  stdout (" + stdout_path_.string() + "):\n" + tail(stdout_text()) +
                    "\n  stderr (" + stderr_path_.string() + "):\n" + tail(stderr_text());
  return out;
}

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket failed: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    int saved = errno;
    ::close(fd);
    throw std::runtime_error(std::string("cannot find a free port: ") + std::strerror(saved));
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool wait_for_port(std::uint16_t port, std::chrono::milliseconds timeout, const std::string& host) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    int fd = connect_tcp(host, port);
    if (fd >= 0) {
      ::close(fd);
      return true;
    }
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace ploeg::test
