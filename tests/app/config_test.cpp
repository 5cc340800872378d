#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "core/config.hpp"

namespace ploeg {
namespace {

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path;
}

TEST(Config, ListenAddressForms) {
  EXPECT_EQ(parse_listen("127.0.0.1:8080").host, "127.0.0.1");
  EXPECT_EQ(parse_listen("127.0.0.1:8080").port, 8080);
  EXPECT_EQ(parse_listen("[::1]:9000").host, "::1");
  EXPECT_EQ(parse_listen("localhost:0").port, 0);
  EXPECT_THROW(parse_listen("8080"), std::invalid_argument);
  EXPECT_THROW(parse_listen("host:99999"), std::invalid_argument);
  EXPECT_THROW(parse_listen(":80"), std::invalid_argument);
  try {
    parse_listen("nohost");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("needs a port"), std::string::npos);
  }
}

TEST(Config, EnvironmentOverridesFileWhichOverridesDefaults) {
  auto file = write_temp("ploeg-config-test.toml",
                         "database = \"sqlite:/tmp/from-file.db\"\nlisten = \"127.0.0.1:9001\"\n"
                         "workers = 3\n");
  Config config;
  apply_toml_file(config, file);
  EXPECT_EQ(config.database, "sqlite:/tmp/from-file.db");
  EXPECT_EQ(config.listen, "127.0.0.1:9001");
  EXPECT_EQ(config.workers, 3u);
  EXPECT_EQ(config.log_level, "info");  // untouched default

  std::map<std::string, std::string> env{{"PLOEG_DATABASE", "sqlite:/tmp/from-env.db"}};
  apply_environment(config, [&](const char* name) -> const char* {
    auto found = env.find(name);
    return found == env.end() ? nullptr : found->second.c_str();
  });
  EXPECT_EQ(config.database, "sqlite:/tmp/from-env.db");
  EXPECT_EQ(config.listen, "127.0.0.1:9001");  // not in the environment: the file's stays
}

TEST(Config, JobThreadsAndTheStatementTimeoutAreSettings) {
  Config config;
  EXPECT_EQ(config.job_threads, 2u);
  EXPECT_EQ(config.statement_timeout_seconds, 30u);
  auto file =
      write_temp("ploeg-config-jobs.toml", "job_threads = 4\nstatement_timeout_seconds = 5\n");
  apply_toml_file(config, file);
  EXPECT_EQ(config.job_threads, 4u);
  EXPECT_EQ(config.statement_timeout_seconds, 5u);
  std::map<std::string, std::string> env{{"PLOEG_JOB_THREADS", "3"},
                                         {"PLOEG_STATEMENT_TIMEOUT_SECONDS", "12"}};
  apply_environment(config, [&](const char* name) -> const char* {
    auto found = env.find(name);
    return found == env.end() ? nullptr : found->second.c_str();
  });
  EXPECT_EQ(config.job_threads, 3u);
  EXPECT_EQ(config.statement_timeout_seconds, 12u);
  env["PLOEG_JOB_THREADS"] = "many";
  EXPECT_THROW(apply_environment(config,
                                 [&](const char* name) -> const char* {
                                   auto found = env.find(name);
                                   return found == env.end() ? nullptr : found->second.c_str();
                                 }),
               std::invalid_argument);
}

TEST(Config, MailSettingsComeFromTheFileAndTheSecretsOnlyFromTheEnvironment) {
  Config config;
  EXPECT_EQ(config.smtp_url, "");  // mail is kept in the outbox, not sent
  EXPECT_EQ(config.smtp_tls, "required");
  auto file = write_temp("ploeg-config-mail.toml",
                         "smtp_url = \"smtp://mail.example.be:587\"\n"
                         "mail_from = \"noreply@agency.example.be\"\nsmtp_tls = \"starttls\"\n");
  apply_toml_file(config, file);
  EXPECT_EQ(config.smtp_url, "smtp://mail.example.be:587");
  EXPECT_EQ(config.mail_from, "noreply@agency.example.be");
  EXPECT_EQ(config.smtp_tls, "starttls");
  std::map<std::string, std::string> env{{"PLOEG_SMTP_URL", "smtp://127.0.0.1:2525"},
                                         {"PLOEG_SMTP_TLS", "none"},
                                         {"PLOEG_SMTP_USER", "ploeg"},
                                         {"PLOEG_SMTP_PASSWORD", "s3cret"}};
  auto lookup = [&](const char* name) -> const char* {
    auto found = env.find(name);
    return found == env.end() ? nullptr : found->second.c_str();
  };
  apply_environment(config, lookup);
  EXPECT_EQ(config.smtp_url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(config.mail_from, "noreply@agency.example.be");  // the file's stays
  EXPECT_EQ(config.smtp_tls, "none");
  EXPECT_EQ(config.smtp_user, "ploeg");
  EXPECT_EQ(config.smtp_password, "s3cret");
  // A password in the file is an unknown setting: secrets stay out of files.
  auto secret = write_temp("ploeg-config-mail-secret.toml", "smtp_password = \"x\"\n");
  EXPECT_THROW(apply_toml_file(config, secret), std::invalid_argument);
  auto wrong = write_temp("ploeg-config-mail-tls.toml", "smtp_tls = \"maybe\"\n");
  try {
    apply_toml_file(config, wrong);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("none, starttls or required"), std::string::npos);
  }
  env["PLOEG_SMTP_TLS"] = "yes";
  EXPECT_THROW(apply_environment(config, lookup), std::invalid_argument);
}

TEST(Config, APublicUrlIsCheckedAndLosesItsTrailingSlash) {
  EXPECT_EQ(checked_public_url(""), "");
  EXPECT_EQ(checked_public_url("https://ploeg.example.org/"), "https://ploeg.example.org");
  EXPECT_EQ(checked_public_url("http://10.0.0.5:8080/ploeg"), "http://10.0.0.5:8080/ploeg");
  auto why = [](const std::string& url) {
    try {
      checked_public_url(url);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(why("ploeg.example.org").find("must start with https://"), std::string::npos);
  EXPECT_NE(why("https:///calendar").find("names no host"), std::string::npos);
  EXPECT_NE(why("https://ploeg.example.org/?a=1").find("query"), std::string::npos);
  EXPECT_NE(why("https://ploeg example.org").find("spaces"), std::string::npos);
  Config config;
  apply_environment(config, [](const char* name) -> const char* {
    return std::string(name) == "PLOEG_PUBLIC_URL" ? "https://from-env.example.org" : nullptr;
  });
  EXPECT_EQ(config.public_url, "https://from-env.example.org");
}

TEST(Config, TheTimeZoneIsBrusselsUnlessSetInTheFileOrTheEnvironment) {
  Config config;
  EXPECT_EQ(config.time_zone, "Europe/Brussels");
  apply_toml_file(config, write_temp("ploeg-config-zone.toml", "time_zone = \"Europe/Paris\"\n"));
  EXPECT_EQ(config.time_zone, "Europe/Paris");
  apply_environment(config, [](const char* name) -> const char* {
    return std::string(name) == "PLOEG_TIME_ZONE" ? "Europe/Luxembourg" : nullptr;
  });
  EXPECT_EQ(config.time_zone, "Europe/Luxembourg");
}

TEST(Config, FileErrorsNameTheKeyAndFile) {
  Config config;
  auto unknown = write_temp("ploeg-config-unknown.toml", "databse = \"x\"\n");
  try {
    apply_toml_file(config, unknown);
    FAIL() << "an unknown key must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("databse"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("ploeg-config-unknown.toml"), std::string::npos);
  }
  auto wrong_type = write_temp("ploeg-config-type.toml", "workers = \"many\"\n");
  EXPECT_THROW(apply_toml_file(config, wrong_type), std::invalid_argument);
  auto broken = write_temp("ploeg-config-broken.toml", "listen = \n");
  EXPECT_THROW(apply_toml_file(config, broken), std::invalid_argument);
}

TEST(Config, BadEnvironmentNumberIsRefused) {
  Config config;
  EXPECT_THROW(apply_environment(config,
                                 [](const char* name) -> const char* {
                                   return std::string(name) == "PLOEG_BODY_LIMIT" ? "lots"
                                                                                  : nullptr;
                                 }),
               std::invalid_argument);
}

}  // namespace
}  // namespace ploeg
