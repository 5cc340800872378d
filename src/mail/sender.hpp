// The sender: a thread of its own that sends the outbox's rows over SMTP
// (libcurl), started and stopped by `ploeg serve`.
//
// Never lost: a row is sent, or queued again with its error and a later
// attempt (exponential back-off, capped), or after max_attempts marked
// failed, where the administrators' outbox page shows it and can queue it
// again. Never twice at once: a sender leases the rows it sends
// (outbox.hpp), so two processes on one database do not send the same row.
//
// Idempotence the receiver can rely on: every mail carries the Message-ID
// <outbox-ID.CREATED@DOMAIN>, made from the row alone. If a sender dies
// after the server accepted a mail and before it marked the row sent, the
// lease runs out and the row is sent again with the same Message-ID; a
// receiving system that drops duplicate Message-IDs shows it once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "mail/outbox.hpp"
#include "store/database.hpp"
#include "web/catalogue.hpp"

namespace ploeg::mail {

struct SmtpSettings {
  // smtp://host:port or smtps://host:port; empty: mail is queued, not sent.
  std::string url;
  std::string from;  // the sender's address: noreply@agency.example.be
  // none: plain (a server on this machine); starttls: upgrade when offered;
  // required: STARTTLS or smtps://, and refuse to send otherwise.
  std::string tls = "required";
  std::string user;  // optional, with password
  std::string password;
  std::chrono::seconds timeout{20};
};

// A file sent with a mail (a decision's letter), made when the mail is sent.
struct Attachment {
  std::string file_name;  // letters, digits, '.', '-' and '_' only: safe in a header
  std::string content_type;
  std::string bytes;
};

struct SenderOptions {
  SmtpSettings smtp;
  // Put in front of a message's "link" value: the public_url, else the
  // address the server listens on.
  std::string link_base;
  std::chrono::milliseconds poll{1000};  // looks for due rows this often
  int batch = 50;                        // rows claimed at once
  std::int64_t lease_seconds = 120;
  int max_attempts = 8;
  std::int64_t first_retry_seconds = 30;  // then doubled each time ...
  std::int64_t max_retry_seconds = 3600;  // ... up to this
  // The files a row's mail carries, made from what the row is about when it
  // is sent (the outbox keeps no copies); none when not set. An exception
  // counts as a failed attempt, retried like a refused mail.
  std::function<std::vector<Attachment>(const Row&)> attachments;
};

// The wait before attempt `attempts` + 1 after `attempts` failed ones.
std::int64_t retry_delay(const SenderOptions& options, int attempts);

// The Message-ID of an outbox row (without the angle brackets).
std::string message_id(const Row& row, const std::string& from);

// The whole message as sent (headers and body, CRLF lines): the texts
// "mail_<kind>_subject" and "mail_<kind>_body" of the row's language with
// its values, and the footer "mail_footer"; with attachments a
// multipart/mixed message, the text first.
std::string compose(const Row& row, const web::Catalogue& catalogue, const SenderOptions& options,
                    const std::vector<Attachment>& attachments = {});

class Sender {
 public:
  Sender(store::Database& db, const web::Catalogue& catalogue, SenderOptions options);
  ~Sender();  // stops the thread, if started
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  // Starts the thread; without smtp.url it logs once that mail is only queued.
  void start();
  void stop();
  // One pass: claims the due rows and sends them; answers how many were sent.
  int run_once();

 private:
  struct Smtp;
  store::Database& db_;
  const web::Catalogue& catalogue_;
  SenderOptions options_;
  std::string owner_;
  std::unique_ptr<Smtp> smtp_;
  std::atomic<bool> stopping_{false};  // run_once ends after the mail it is sending
  std::jthread thread_;
};

// Checks the settings; throws std::invalid_argument saying what to fix.
void check(const SmtpSettings& smtp);

}  // namespace ploeg::mail
