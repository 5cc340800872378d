// A real SMTP server for the tests: tests/support/smtp_sink.py (Debian's
// python3-aiosmtpd) on 127.0.0.1, started and stopped by the test, and the
// mails it received, read back from its JSON lines.
//
//   test::SmtpSink sink;                 // picks a free port and starts
//   ... "smtp://127.0.0.1:" + std::to_string(sink.port()) ...
//   ASSERT_TRUE(sink.wait_for(2, 10s));
//   EXPECT_EQ(sink.mails()[0].subject, "...");
//   sink.stop();  // the server is down; start() brings it back on the same port
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace ploeg::test {

struct ReceivedFile {
  std::string file_name;
  std::string content_type;
  std::string path;  // its bytes, as the server received them
};

struct ReceivedMail {
  std::string mail_from;
  std::vector<std::string> recipients;
  std::string message_id;  // with its angle brackets
  std::string subject;     // decoded
  std::string to;
  std::string language;  // Content-Language
  std::string body;      // decoded text, LF line ends
  std::vector<ReceivedFile> attachments;
};

class SmtpSink {
 public:
  // A port nobody uses now; `start_now` false: the server is down until start().
  explicit SmtpSink(bool start_now = true);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  void start();
  void stop();
  std::uint16_t port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::vector<ReceivedMail> mails() const;
  // True once at least `count` mails arrived within `timeout`.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  std::uint16_t port_;
  std::filesystem::path dir_;
  std::optional<Process> process_;
};

}  // namespace ploeg::test
