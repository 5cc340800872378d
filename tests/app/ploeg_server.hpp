// The real `ploeg serve` in a child process, and a visitor that keeps its
// cookies and sends the CSRF token back the way a browser's form would.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <thread>

#include "http/message.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"

namespace ploeg::test {

inline ExitStatus run_ploeg(std::vector<std::string> args, std::string stdin_text = "",
                            std::vector<std::pair<std::string, std::string>> env = {},
                            std::string* output = nullptr) {
  ProcessOptions options;
  options.args = std::move(args);
  options.env = std::move(env);
  options.unset_env = {"PLOEG_DATABASE", "PLOEG_CONFIG", "PLOEG_LISTEN"};
  options.stdin_text = std::move(stdin_text);
  Process p(ploeg_binary(), std::move(options));
  auto status = p.wait_for(std::chrono::seconds(60));
  if (output) *output = p.stdout_text() + p.stderr_text();
  EXPECT_TRUE(status.has_value()) << p.describe();
  return status.value_or(ExitStatus{});
}

// The logins `ploeg demo` printed, user name -> password: its lines
// "  <role>:\t<user name> / <password>". An account made earlier has no
// password there (it was printed once) and is left out.
inline std::map<std::string, std::string> demo_logins(const std::string& output) {
  std::map<std::string, std::string> logins;
  static const std::regex line(R"re((?:^|\n)  [a-z]+:\t([a-z0-9._-]+) / ([^\s]+))re");
  for (auto it = std::sregex_iterator(output.begin(), output.end(), line);
       it != std::sregex_iterator(); ++it) {
    logins[(*it)[1].str()] = (*it)[2].str();
  }
  return logins;
}

// Runs `ploeg demo` with `args` (among them --database) and answers the
// logins it printed; a failure is the test's.
inline std::map<std::string, std::string> run_demo(std::vector<std::string> args) {
  args.insert(args.begin(), "demo");
  std::string output;
  EXPECT_TRUE(run_ploeg(std::move(args), "", {}, &output).success()) << output;
  return demo_logins(output);
}

class PloegServer {
 public:
  explicit PloegServer(std::string database, const std::vector<std::string>& extra_args = {},
                       std::vector<std::pair<std::string, std::string>> env = {})
      : database_(std::move(database)), port_(free_port()) {
    ProcessOptions options;
    options.env = std::move(env);
    options.args = {"serve", "--database", database_, "--listen",
                    "127.0.0.1:" + std::to_string(port_)};
    options.args.insert(options.args.end(), extra_args.begin(), extra_args.end());
    options.unset_env = {"PLOEG_DATABASE", "PLOEG_CONFIG"};
    process_.emplace(ploeg_binary(), std::move(options));
    if (!process_->wait_for_output("\"event\":\"listening\"", std::chrono::seconds(60))) {
      ADD_FAILURE() << "ploeg serve did not start: " << process_->describe();
    }
  }
  ~PloegServer() {
    if (process_) process_->terminate();
  }
  std::uint16_t port() const { return port_; }
  Process& process() { return *process_; }
  const std::string& database() const { return database_; }

 private:
  std::string database_;
  std::uint16_t port_;
  std::optional<Process> process_;
};

class Visitor {
 public:
  explicit Visitor(std::uint16_t port) : port_(port) {}

  HttpResponse get(const std::string& target, HeaderList headers = {}) {
    return send("GET", target, "", std::move(headers));
  }
  // A form post with this visitor's CSRF token (taken from the last page, or
  // from the anonymous cookie) unless `csrf` says otherwise.
  HttpResponse post(const std::string& target, http::Fields fields,
                    std::optional<std::string> csrf = std::nullopt) {
    std::string token = csrf ? *csrf : csrf_;
    if (!csrf || !csrf->empty()) fields.emplace_back("_csrf", token);
    std::string body;
    for (auto& [name, value] : fields) {
      if (!body.empty()) body += '&';
      body += http::url_encode(name);
      body += '=';
      body += http::url_encode(value);
    }
    return send("POST", target, body, {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
  HttpResponse send(const std::string& method, const std::string& target, const std::string& body,
                    HeaderList headers) {
    std::string cookie_header;
    for (auto& [name, value] : cookies_) {
      if (!cookie_header.empty()) cookie_header += "; ";
      cookie_header += name;
      cookie_header += '=';
      cookie_header += value;
    }
    if (!cookie_header.empty()) headers.emplace_back("Cookie", cookie_header);
    auto response = http_request(port_, method, target, body, headers);
    for (auto& set : response.headers_named("Set-Cookie")) {
      auto eq = set.find('=');
      auto end = set.find(';');
      std::string name = set.substr(0, eq);
      std::string value = set.substr(eq + 1, end - eq - 1);
      if (value.empty() || set.find("Max-Age=0") != std::string::npos) {
        cookies_.erase(name);
      } else {
        cookies_[name] = value;
      }
    }
    std::smatch m;
    static const std::regex token(R"re(name="_csrf" value="([^"]+)")re");
    if (std::regex_search(response.body, m, token)) csrf_ = m[1];
    return response;
  }
  bool sign_in(const std::string& username, const std::string& password) {
    get("/login");
    auto r = post("/login", {{"username", username}, {"password", password}});
    if (r.status != 303) return false;
    get("/");
    return true;
  }
  std::map<std::string, std::string>& cookies() { return cookies_; }
  const std::string& csrf() const { return csrf_; }

 private:
  std::uint16_t port_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

// A fresh demo organisation (`ploeg demo --people 300`) in a temporary
// folder, served by a real `ploeg serve`: what the organisation's end-to-end
// suites share. `prepare` may change the database before it is served.
class DemoServer {
 public:
  explicit DemoServer(std::string_view prefix,
                      const std::function<void(const std::string& database)>& prepare = {})
      : dir_(make_temp_dir(prefix)), database_("sqlite:" + (dir_ / "ploeg.db").string()) {
    logins_ = run_demo({"--people", "300", "--database", database_});
    if (prepare) prepare(database_);
    server_.emplace(database_);
  }
  ~DemoServer() {
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::uint16_t port() const { return server_->port(); }
  const std::string& database() const { return database_; }
  const std::filesystem::path& dir() const { return dir_; }
  // The password `ploeg demo` printed for its login `who`: "admin", "coach"
  // or "coworker".
  std::string password(const std::string& who) const {
    auto found = logins_.find(who);
    EXPECT_NE(found, logins_.end()) << "no demo login " << who;
    return found == logins_.end() ? "" : found->second;
  }
  // A visitor signed in with a demo login.
  Visitor signed_in(const std::string& who) const {
    Visitor v(port());
    EXPECT_TRUE(v.sign_in(who, password(who))) << who;
    return v;
  }

 private:
  std::filesystem::path dir_;
  std::string database_;
  std::map<std::string, std::string> logins_;
  std::optional<PloegServer> server_;
};

// Files a request on the public form as a citizen would (`details`: type,
// postcode, name, e-mail, ...; the form's submission key is added); the
// status link it leads to, without its query.
inline std::string file_as_citizen(std::uint16_t port, http::Fields details) {
  Visitor citizen(port);
  auto form = citizen.get("/request");
  std::smatch m;
  static const std::regex key(R"re(name="submission_key" value="([^"]+)")re");
  EXPECT_TRUE(std::regex_search(form.body, m, key));
  details.emplace_back("submission_key", m[1].str());
  auto sent = citizen.post("/request", std::move(details));
  EXPECT_EQ(sent.status, 303) << sent.body;
  auto location = sent.header("Location").value_or("");
  return location.substr(0, location.find('?'));
}

// The reference a citizen's status page shows; "" when none.
inline std::string reference_on(const std::string& status_page) {
  std::smatch m;
  static const std::regex reference(R"re(status__reference">([0-9A-Z-]+)<)re");
  return std::regex_search(status_page, m, reference) ? m[1].str() : "";
}

// An account `username` of `role` (password `password`), linked to the
// person with `email`, made with the command line as an operator would.
inline void add_linked_account(const std::string& database, const std::string& username,
                               const std::string& email, const std::string& password,
                               const std::string& role = "coworker") {
  EXPECT_TRUE(run_ploeg({"user", "add", username, "--role", role, "--display-name", username,
                         "--password-stdin", "--database", database},
                        password + "\n")
                  .success());
  EXPECT_TRUE(run_ploeg({"user", "link", username, email, "--database", database}).success());
}

// GET `target` until it no longer waits for a background job (jobs/jobs.hpp):
// a page that follows one (its progress box is active) or an API answer 202
// is asked again, as the page's script and an API client do. At most a minute.
inline HttpResponse settled(Visitor& v, const std::string& target, HeaderList headers = {}) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    auto r = v.get(target, headers);
    bool waiting =
        r.status == 202 || r.body.find("data-active=\"1\" role=\"status\"") != std::string::npos;
    if (!waiting || std::chrono::steady_clock::now() > until) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace ploeg::test
