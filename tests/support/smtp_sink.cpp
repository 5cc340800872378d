// The test mail server's helper (smtp_sink.hpp).
#include "support/smtp_sink.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace ploeg::test {
namespace {

std::string text_of(const boost::json::object& o, const char* key) {
  auto found = o.find(key);
  return found != o.end() && found->value().is_string() ? std::string(found->value().as_string())
                                                        : std::string();
}

}  // namespace

SmtpSink::SmtpSink(bool start_now) : port_(free_port()), dir_(make_temp_dir("ploeg-smtp-")) {
  if (start_now) start();
}

SmtpSink::~SmtpSink() {
  stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void SmtpSink::start() {
  if (process_) return;
  ProcessOptions options;
  options.args = {std::string(PLOEG_SOURCE_DIR) + "/tests/support/smtp_sink.py", "--port",
                  std::to_string(port_), "--out", (dir_ / "mails.jsonl").string()};
  options.output_dir = dir_;
  // Debian's Python, where python3-aiosmtpd is installed (not one on PATH).
  process_.emplace("/usr/bin/python3", std::move(options));
  if (!process_->wait_for_output("listening on", std::chrono::seconds(20)) ||
      !wait_for_port(port_, std::chrono::seconds(10))) {
    throw std::runtime_error("the test SMTP server did not start: " + process_->describe());
  }
}

void SmtpSink::stop() {
  if (!process_) return;
  process_->terminate(std::chrono::seconds(5));
  process_.reset();
}

std::vector<ReceivedMail> SmtpSink::mails() const {
  std::vector<ReceivedMail> mails;
  std::ifstream in(dir_ / "mails.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(line, ec);
    if (ec || !parsed.is_object()) continue;  // a line still being written
    auto& o = parsed.as_object();
    ReceivedMail m;
    m.mail_from = text_of(o, "mail_from");
    if (auto r = o.find("rcpt_tos"); r != o.end() && r->value().is_array()) {
      for (auto& v : r->value().as_array()) {
        if (v.is_string()) m.recipients.emplace_back(v.as_string());
      }
    }
    m.message_id = text_of(o, "message_id");
    m.subject = text_of(o, "subject");
    m.to = text_of(o, "to");
    m.language = text_of(o, "language");
    m.body = text_of(o, "body");
    if (auto a = o.find("attachments"); a != o.end() && a->value().is_array()) {
      for (auto& v : a->value().as_array()) {
        if (!v.is_object()) continue;
        auto& file = v.as_object();
        m.attachments.push_back(
            {text_of(file, "filename"), text_of(file, "content_type"), text_of(file, "path")});
      }
    }
    mails.push_back(std::move(m));
  }
  return mails;
}

bool SmtpSink::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (mails().size() < count) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

}  // namespace ploeg::test
