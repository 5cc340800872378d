// The sender's thread, the message it makes of a row, and libcurl's SMTP
// (sender.hpp).
#include "mail/sender.hpp"

#include <curl/curl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"

namespace ploeg::mail {
namespace {

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// Base64 in lines of 76 characters, each ended by CRLF (RFC 2045).
std::string wrapped_base64(std::string_view bytes) {
  std::string encoded = base64(bytes);
  std::string wrapped;
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    wrapped += encoded.substr(i, 76) + "\r\n";
  }
  return wrapped;
}

// A header value in RFC 2047 encoded words of whole UTF-8 characters, each
// short enough for a 76-character line.
std::string encoded_words(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.size(), start + 42);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(text).substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string domain_of(const std::string& address) {
  auto at = address.rfind('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

}  // namespace

std::int64_t retry_delay(const SenderOptions& options, int attempts) {
  std::int64_t delay = std::max<std::int64_t>(1, options.first_retry_seconds);
  for (int i = 1; i < attempts && delay < options.max_retry_seconds; ++i) delay *= 2;
  return std::min(delay, options.max_retry_seconds);
}

std::string message_id(const Row& row, const std::string& from) {
  return "outbox-" + std::to_string(row.id) + "." + std::to_string(row.created_at) + "@" +
         domain_of(from);
}

std::string compose(const Row& row, const web::Catalogue& catalogue, const SenderOptions& options,
                    const std::vector<Attachment>& attachments) {
  web::Catalogue::Values values;
  for (auto& [name, value] : row.values) {
    values.emplace_back(name, name == "link" ? options.link_base + value : value);
  }
  auto subject = catalogue.format(row.language, "mail_" + row.kind + "_subject", values);
  auto body = catalogue.format(row.language, "mail_" + row.kind + "_body", values) + "\n\n-- \n" +
              catalogue.format(row.language, "mail_footer", values) + "\n";
  std::string crlf;
  for (char ch : body) {
    if (ch == '\n') crlf += '\r';
    crlf += ch;
  }
  const auto& from = options.smtp.from;
  std::string message;
  message += "Date: " + utc_text(now_seconds(), "%a, %d %b %Y %H:%M:%S +0000") + "\r\n";
  message += "From: <" + from + ">\r\n";
  message += "To: <" + row.recipient + ">\r\n";
  message += "Message-ID: <" + message_id(row, from) + ">\r\n";
  message += "Subject: " + encoded_words(subject) + "\r\n";
  message += "Content-Language: " + row.language + "\r\n";
  message += "Auto-Submitted: auto-generated\r\n";
  message += "MIME-Version: 1.0\r\n";
  const std::string text_headers =
      "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n";
  if (attachments.empty()) return message + text_headers + "\r\n" + wrapped_base64(crlf);
  // Base64 lines never hold '=' followed by '_', so this boundary cannot
  // occur inside a part.
  const std::string boundary =
      "=_ploeg_" + std::to_string(row.id) + "_" + std::to_string(row.created_at);
  message += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  message += "--" + boundary + "\r\n" + text_headers + "\r\n" + wrapped_base64(crlf);
  for (const auto& file : attachments) {
    message += "--" + boundary + "\r\n";
    message += "Content-Type: " + file.content_type + "\r\n";
    message += "Content-Disposition: attachment; filename=\"" + file.file_name + "\"\r\n";
    message += "Content-Transfer-Encoding: base64\r\n\r\n" + wrapped_base64(file.bytes);
  }
  return message + "--" + boundary + "--\r\n";
}

void check(const SmtpSettings& smtp) {
  if (smtp.tls != "none" && smtp.tls != "starttls" && smtp.tls != "required") {
    throw std::invalid_argument("smtp_tls \"" + smtp.tls + "\": choose none, starttls or required");
  }
  if (smtp.url.empty()) return;
  if (smtp.url.rfind("smtp://", 0) != 0 && smtp.url.rfind("smtps://", 0) != 0) {
    throw std::invalid_argument("smtp_url \"" + smtp.url +
                                "\": give it as smtp://host:port or smtps://host:port");
  }
  if (smtp.from.empty() || smtp.from.find('@') == std::string::npos ||
      smtp.from.find_first_of("\r\n<> ,;") != std::string::npos) {
    throw std::invalid_argument("mail_from \"" + smtp.from +
                                "\": give the sender's address, like noreply@agency.example.be");
  }
}

// One libcurl handle, kept between mails so its connection is used again.
struct Sender::Smtp {
  CURL* curl = nullptr;
  Smtp() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl = curl_easy_init();
    if (!curl) throw std::runtime_error("libcurl could not make a handle");
  }
  ~Smtp() { curl_easy_cleanup(curl); }

  struct Upload {
    const std::string* data;
    std::size_t at = 0;
  };
  static std::size_t read(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    std::size_t n = std::min(size * count, upload->data->size() - upload->at);
    std::memcpy(buffer, upload->data->data() + upload->at, n);
    upload->at += n;
    return n;
  }

  // Empty when the server accepted the mail, else what went wrong.
  std::string send(const SmtpSettings& s, const std::string& to, const std::string& message) {
    curl_easy_reset(curl);
    char error[CURL_ERROR_SIZE] = {0};
    Upload upload{&message};
    curl_slist* recipients = curl_slist_append(nullptr, ("<" + to + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_URL, s.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + s.from + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Smtp::read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(s.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(s.timeout.count() * 3));
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     s.tls == "none"       ? CURLUSESSL_NONE
                     : s.tls == "starttls" ? CURLUSESSL_TRY
                                           : CURLUSESSL_ALL);
    if (!s.user.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, s.user.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, s.password.c_str());
    }
    auto code = curl_easy_perform(curl);
    curl_slist_free_all(recipients);
    if (code == CURLE_OK) return "";
    return std::string(curl_easy_strerror(code)) + (error[0] ? std::string(": ") + error : "");
  }
};

Sender::Sender(store::Database& db, const web::Catalogue& catalogue, SenderOptions options)
    : db_(db), catalogue_(catalogue), options_(std::move(options)) {
  check(options_.smtp);
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  owner_ = std::string(host) + ":" + std::to_string(::getpid()) + ":" +
           crypto::random_token().substr(0, 8);
}

Sender::~Sender() {
  stop();
}

int Sender::run_once() {
  if (options_.smtp.url.empty()) return 0;
  if (!smtp_) smtp_ = std::make_unique<Smtp>();
  int sent = 0;
  while (!stopping_) {
    auto rows = claim(db_, owner_, options_.batch, options_.lease_seconds);
    if (rows.empty()) return sent;
    for (auto& row : rows) {
      // Stopping: the rows left are given back at once rather than when their lease ends.
      if (stopping_) {
        release(db_, row.id, owner_);
        continue;
      }
      std::string error;
      try {
        auto files = options_.attachments ? options_.attachments(row) : std::vector<Attachment>{};
        error =
            smtp_->send(options_.smtp, row.recipient, compose(row, catalogue_, options_, files));
      } catch (const std::exception& e) {
        error = std::string("attachment: ") + e.what();
      }
      if (error.empty()) {
        mark_sent(db_, row.id, owner_);
        ++sent;
        continue;
      }
      std::optional<std::int64_t> next;
      if (row.attempts < options_.max_attempts) {
        next = now_seconds() + retry_delay(options_, row.attempts);
      }
      mark_failed(db_, row.id, owner_, error, next);
      log::warn("mail.failed", {{"outbox", row.id},
                                {"about", row.about},
                                {"attempts", row.attempts},
                                {"error", error},
                                {"given_up", !next.has_value()}});
    }
  }
  return sent;
}

void Sender::start() {
  if (options_.smtp.url.empty()) {
    log::warn("mail.not_sent",
              {{"reason", "smtp_url is not set: mail is kept in the outbox, not sent"}});
    return;
  }
  log::info("mail.sender", {{"smtp", options_.smtp.url}, {"tls", options_.smtp.tls}});
  thread_ = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      try {
        run_once();
      } catch (const std::exception& e) {
        log::warn("mail.sender_error", {{"error", e.what()}});
      }
      // Woken by an enqueue of this process, else it looks again after `poll`.
      if (wait_for_wake(options_.poll)) {
        // The enqueuing transaction commits just after: give it a moment.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  });
}

void Sender::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  thread_.request_stop();
  wake();
  thread_.join();
}

}  // namespace ploeg::mail
