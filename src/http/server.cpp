// The server's life: listening, accepting, and the graceful shutdown. What
// happens on a connection is in connection.cpp, what happens to a request in
// pipeline.cpp.
#include "http/server.hpp"

#include <sys/resource.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/log.hpp"
#include "http/connection.hpp"

namespace ploeg::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Set on the server's I/O threads, where stop() must not wait for them.
thread_local bool on_io_thread = false;

// How long stop() and the shutdown wait for the I/O threads to close the
// listening socket; only reached if they are stuck.
constexpr std::chrono::seconds control_wait{5};

// Many idle connections are cheap for the server but each costs a descriptor.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  rlim_t wanted = limit.rlim_max == RLIM_INFINITY ? rlim_t{1} << 20 : limit.rlim_max;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    limit.rlim_cur = wanted;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, const Router& router, ServerHooks hooks)
      : state(std::move(options), router, std::move(hooks)),
        io(static_cast<int>(std::max<std::size_t>(1, state.options.io_threads))) {}

  // Declared in this order so that destruction runs the other way: the
  // sockets, then the workers' pending tasks, then the I/O context's pending
  // handlers (which hold connections), and the state the connections use last.
  detail::ServerState state;
  asio::io_context io;
  std::optional<asio::thread_pool> workers;
  asio::strand<asio::io_context::executor_type> control{asio::make_strand(io)};
  tcp::acceptor acceptor{control};
  asio::steady_timer accept_retry{control};
  std::optional<asio::signal_set> signals;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
  std::vector<std::thread> io_threads;

  std::mutex mutex;
  std::condition_variable changed;
  bool started = false;
  bool stop_requested = false;
  bool listening_closed = false;
  bool finishing = false;
  bool finished = false;
  std::uint16_t port = 0;

  bool shutdown_begun = false;  // on `control` only

  void start();
  void accept();
  void on_accept(const boost::system::error_code& ec, tcp::socket socket);
  void watch_signals();
  void begin_shutdown();
  void wait_listening_closed();
  void finish();
};

void Server::Impl::start() {
  std::lock_guard lock(mutex);
  if (started) throw std::logic_error("Server::start called twice");
  raise_open_file_limit();

  const auto& options = state.options;
  std::string where = options.host + ":" + std::to_string(options.port);
  boost::system::error_code ec;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    throw std::runtime_error("cannot listen on " + where + ": the host does not resolve (" +
                             ec.message() + ")");
  }
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  auto check = [&](const char* step) {
    if (ec) {
      boost::system::error_code ignored;
      acceptor.close(ignored);
      throw std::runtime_error("cannot listen on " + where + ": " + step +
                               " failed: " + ec.message());
    }
  };
  acceptor.open(endpoint.protocol(), ec);
  check("open");
  acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  check("SO_REUSEADDR");
  acceptor.bind(endpoint, ec);
  check("bind");
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  check("listen");
  port = acceptor.local_endpoint().port();

  workers.emplace(std::max<std::size_t>(1, options.worker_threads));
  state.workers = &*workers;
  guard.emplace(io.get_executor());
  asio::post(control, [this] { accept(); });
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options.io_threads); ++i) {
    io_threads.emplace_back([this] {
      on_io_thread = true;
      while (true) {
        try {
          io.run();
          return;
        } catch (const std::exception& e) {
          log::error("http.io_thread_exception", {{"exception", e.what()}});
        }
      }
    });
  }
  started = true;
}

void Server::Impl::accept() {
  acceptor.async_accept(asio::any_io_executor(asio::make_strand(io)),
                        [this](const boost::system::error_code& ec, tcp::socket socket) {
                          on_accept(ec, std::move(socket));
                        });
}

void Server::Impl::on_accept(const boost::system::error_code& ec, tcp::socket socket) {
  boost::system::error_code ignored;
  if (shutdown_begun || !acceptor.is_open()) {
    socket.close(ignored);
    return;
  }
  if (ec) {
    // Out of descriptors, most likely: wait a little rather than spin.
    log::warn("http.accept_failed", {{"error", ec.message()}});
    accept_retry.expires_after(std::chrono::milliseconds(100));
    accept_retry.async_wait([this](const boost::system::error_code& wait_ec) {
      if (!wait_ec && !shutdown_begun) accept();
    });
    return;
  }
  if (state.open() >= state.options.max_connections) {
    socket.close(ignored);
  } else {
    std::make_shared<detail::Connection>(std::move(socket), state)->start();
  }
  accept();
}

void Server::Impl::watch_signals() {
  if (shutdown_begun) return;
  signals.emplace(control, SIGINT, SIGTERM);
  signals->async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    log::info("http.signal", {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"}});
    begin_shutdown();
  });
}

// On `control`: stop listening, close idle connections, and have busy ones
// close after their response.
void Server::Impl::begin_shutdown() {
  if (shutdown_begun) return;
  shutdown_begun = true;
  state.stopping = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  accept_retry.cancel();
  if (signals) signals->cancel(ignored);
  auto connections = state.snapshot();
  log::info("http.shutdown", {{"open_connections", connections.size()}});
  for (auto& c : connections) c->shutdown();
  {
    std::lock_guard lock(mutex);
    listening_closed = true;
    stop_requested = true;
  }
  changed.notify_all();
}

void Server::Impl::wait_listening_closed() {
  std::unique_lock lock(mutex);
  changed.wait_for(lock, control_wait, [&] { return listening_closed || finished; });
}

void Server::Impl::finish() {
  {
    std::lock_guard lock(mutex);
    if (!started || finishing) return;
    finishing = true;
    stop_requested = true;
  }
  asio::post(control, [this] { begin_shutdown(); });
  wait_listening_closed();
  if (!state.wait_until_drained(Clock::now() + state.options.shutdown_grace)) {
    log::warn("http.shutdown_grace_expired", {{"open_connections", state.open()}});
  }
  guard.reset();
  io.stop();
  for (auto& t : io_threads) t.join();
  io_threads.clear();
  workers->stop();
  workers->join();
  // No thread runs any more: close what is left so that its clients see the end.
  for (auto& c : state.snapshot()) c->force_close();
  {
    std::lock_guard lock(mutex);
    finished = true;
  }
  changed.notify_all();
}

Server::Server(ServerOptions options, const Router& router, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(hooks))) {}

Server::~Server() {
  impl_->finish();
}

void Server::start() {
  impl_->start();
}

std::uint16_t Server::port() const {
  return impl_->port;
}

void Server::run(bool handle_signals) {
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->started) throw std::logic_error("Server::run called before start");
  }
  if (handle_signals) asio::post(impl_->control, [this] { impl_->watch_signals(); });
  {
    std::unique_lock lock(impl_->mutex);
    impl_->changed.wait(lock, [&] { return impl_->stop_requested; });
  }
  impl_->finish();
}

void Server::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stop_requested = true;
    if (!impl_->started || impl_->finished) {
      impl_->changed.notify_all();
      return;
    }
  }
  impl_->changed.notify_all();
  asio::post(impl_->control, [this] { impl_->begin_shutdown(); });
  if (!on_io_thread) impl_->wait_listening_closed();
}

Metrics& Server::metrics() {
  return impl_->state.metrics;
}

std::size_t Server::open_connections() const {
  return impl_->state.open();
}

}  // namespace ploeg::http
