// multipart/form-data bodies (RFC 7578): fields and files, the boundary quoted
// or not, and malformed bodies refused without a crash.
#include <gtest/gtest.h>

#include "http/message.hpp"

namespace ploeg::http {
namespace {

const std::string type = "multipart/form-data; boundary=----b0und4ry";

std::string body_of(const std::vector<std::string>& parts, const std::string& boundary) {
  std::string body;
  for (auto& part : parts) body += "--" + boundary + "\r\n" + part + "\r\n";
  return body + "--" + boundary + "--\r\n";
}

Request request_with(const std::string& content_type, std::string body) {
  Request r;
  r.method = "POST";
  r.headers.emplace("Content-Type", content_type);
  r.body = std::move(body);
  return r;
}

TEST(MultipartTest, ReadsFieldsAndFilesInOrder) {
  auto body = body_of({"Content-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok3n",
                       "Content-Disposition: form-data; name=\"files\"; "
                       "filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                       "email,name\r\na@b.be,\"An\r\n--not-the-boundary\"\r\n",
                       "Content-Disposition: form-data; name=\"check_only\"\r\n\r\n1"},
                      "----b0und4ry");
  auto parts = parse_multipart(type, body);
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "_csrf");
  EXPECT_EQ((*parts)[0].body, "tok3n");
  EXPECT_FALSE((*parts)[0].filename.has_value());
  EXPECT_EQ((*parts)[1].name, "files");
  EXPECT_EQ((*parts)[1].filename.value_or(""), "people.csv");
  EXPECT_EQ((*parts)[1].content_type, "text/csv");
  EXPECT_EQ((*parts)[1].body, "email,name\r\na@b.be,\"An\r\n--not-the-boundary\"\r\n");
  EXPECT_EQ((*parts)[2].body, "1");

  // form() gives the same fields, so CSRF checks read _csrf from an upload.
  auto request = request_with(type, body);
  EXPECT_EQ(field(request.form(), "_csrf").value_or(""), "tok3n");
  EXPECT_EQ(field(request.form(), "check_only").value_or(""), "1");
  EXPECT_EQ(form_parts(request).size(), 3u);
}

TEST(MultipartTest, AcceptsAQuotedBoundaryAPreambleAnEpilogueAndAnEmptyFile) {
  std::string boundary = "simple boundary:'()+_,-./=?";
  std::string body = "This is the preamble.\r\n" +
                     body_of({"content-disposition: FORM-DATA; filename=\"\"; name=files\r\n\r\n",
                              "Content-Disposition: form-data; name=\"a\\\"b\"\r\n\r\nx"},
                             boundary) +
                     "and an epilogue";
  auto parts =
      parse_multipart("Multipart/Form-Data; charset=utf-8; boundary=\"" + boundary + "\"", body);
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "files");
  EXPECT_EQ((*parts)[0].filename.value_or("absent"), "");
  EXPECT_EQ((*parts)[0].body, "");
  EXPECT_EQ((*parts)[1].name, "a\"b");
  EXPECT_EQ((*parts)[1].body, "x");
}

TEST(MultipartTest, AnEmptyFormHasNoParts) {
  auto parts = parse_multipart(type, "------b0und4ry--\r\n");
  ASSERT_TRUE(parts.has_value());
  EXPECT_TRUE(parts->empty());
}

TEST(MultipartTest, RefusesMalformedBodies) {
  const std::string ok_part = "Content-Disposition: form-data; name=\"a\"\r\n\r\nx";
  auto refused = [](const std::string& content_type, const std::string& body) {
    return !parse_multipart(content_type, body).has_value();
  };
  EXPECT_TRUE(refused("multipart/form-data", body_of({ok_part}, "----b0und4ry")));  // no boundary
  EXPECT_TRUE(refused("multipart/form-data; boundary=", ""));
  EXPECT_TRUE(refused("multipart/form-data; boundary=\"unclosed", ""));
  EXPECT_TRUE(refused("multipart/form-data; boundary=" + std::string(71, 'b'), ""));
  EXPECT_TRUE(refused("multipart/form-data; boundary=a<b", ""));
  EXPECT_TRUE(
      refused("multipart/mixed; boundary=----b0und4ry", body_of({ok_part}, "----b0und4ry")));
  EXPECT_TRUE(refused(type, ""));                              // no delimiter at all
  EXPECT_TRUE(refused(type, "------b0und4ry\r\n" + ok_part));  // never closed
  EXPECT_TRUE(refused(type, "------b0und4ryX\r\n" + ok_part + "\r\n------b0und4ry--"));
  EXPECT_TRUE(refused(type, body_of({"Content-Disposition: form-data\r\n\r\nx"}, "----b0und4ry")));
  EXPECT_TRUE(refused(
      type, body_of({"Content-Disposition: attachment; name=\"a\"\r\n\r\nx"}, "----b0und4ry")));
  EXPECT_TRUE(refused(type, body_of({"no colon here\r\n\r\nx"}, "----b0und4ry")));
  EXPECT_TRUE(refused(type, body_of({"Content-Disposition: form-data; name=\"a\"x"},
                                    "----b0und4ry")));  // headers never end
  EXPECT_TRUE(refused(type, body_of({"\r\nheaderless"}, "----b0und4ry")));
  EXPECT_TRUE(refused(type, body_of({"Content-Disposition: form-data; name=\"a\r\n\r\nx"},
                                    "----b0und4ry")));  // unclosed quote

  // A malformed body gives no form fields at all (so no CSRF token either).
  auto request = request_with(type, "------b0und4ry\r\n" + ok_part);
  EXPECT_TRUE(request.form().empty());
}

TEST(MultipartTest, SurvivesEveryTruncationOfAGoodBody) {
  auto body = body_of({"Content-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok3n",
                       "Content-Disposition: form-data; name=\"files\"; filename=\"a.csv\"\r\n\r\n"
                       "a,b\r\n1,2\r\n"},
                      "----b0und4ry");
  for (std::size_t n = 0; n < body.size(); ++n) {
    auto parts = parse_multipart(type, body.substr(0, n));
    // Cut inside the close delimiter's "--" or before it: never a crash; a cut
    // before the final delimiter is refused.
    if (n < body.size() - 4) {
      EXPECT_FALSE(parts.has_value()) << n;
    }
  }
  EXPECT_TRUE(parse_multipart(type, body).has_value());
}

}  // namespace
}  // namespace ploeg::http
