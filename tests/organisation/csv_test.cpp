// The RFC 4180 reader and writer: quoting, line ends, embedded line breaks,
// UTF-8, and a round trip of awkward values.
#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace ploeg::csv {
namespace {

std::vector<std::vector<std::string>> fields_of(const Document& doc) {
  std::vector<std::vector<std::string>> out;
  for (auto& r : doc.records) out.push_back(r.fields);
  return out;
}

TEST(CsvTest, ReadsQuotedFieldsDoubledQuotesAndBothLineEnds) {
  auto doc = read("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",3\nlast,,\"\"\n");
  EXPECT_TRUE(doc.errors.empty());
  std::vector<std::vector<std::string>> expected = {
      {"a", "b", "c"}, {"x, y", "say \"hi\"", "3"}, {"last", "", ""}};
  EXPECT_EQ(fields_of(doc), expected);
  EXPECT_EQ(doc.records[1].line, 2u);
  EXPECT_EQ(doc.records[2].line, 3u);
}

TEST(CsvTest, ALineBreakInsideQuotesStaysInTheFieldAndLinesCountOn) {
  auto doc = read("h1,h2\n\"two\nlines\",x\r\n\"and\r\nthree\",y\nz,w");
  ASSERT_TRUE(doc.errors.empty());
  ASSERT_EQ(doc.records.size(), 4u);
  EXPECT_EQ(doc.records[1].fields[0], "two\nlines");
  EXPECT_EQ(doc.records[1].line, 2u);
  EXPECT_EQ(doc.records[2].fields[0], "and\r\nthree");
  EXPECT_EQ(doc.records[2].line, 4u);
  EXPECT_EQ(doc.records[3].line, 6u);  // no final line break needed
}

TEST(CsvTest, SkipsABomAndBlankLines) {
  auto doc = read(
      "\xEF\xBB\xBF"
      "a,b\n\n1,2\n\n");
  EXPECT_TRUE(doc.errors.empty());
  std::vector<std::vector<std::string>> expected = {{"a", "b"}, {"1", "2"}};
  EXPECT_EQ(fields_of(doc), expected);
  EXPECT_EQ(doc.records[1].line, 3u);
}

TEST(CsvTest, RefusesInvalidUtf8WithItsLine) {
  auto doc = read("a,b\nok,fine\nbad,\xC3\x28\n\"multi\nline \xFF\",x\n");
  ASSERT_EQ(doc.errors.size(), 2u);
  EXPECT_EQ(doc.errors[0].line, 3u);
  EXPECT_NE(doc.errors[0].message.find("UTF-8"), std::string::npos);
  EXPECT_EQ(doc.errors[1].line, 5u);
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_TRUE(valid_utf8("Fran\xC3\xA7oise \xE2\x82\xAC \xF0\x9F\x98\x80"));
}

TEST(CsvTest, ReportsAnUnclosedQuoteAndStrayQuotes) {
  auto doc = read("a,b\n1,\"open\n2,3\n");
  ASSERT_EQ(doc.errors.size(), 1u);
  EXPECT_EQ(doc.errors[0].line, 2u);
  EXPECT_NE(doc.errors[0].message.find("never closed"), std::string::npos);

  auto stray = read("a,b\n\"x\"y,2\nab\"c,3\n");
  ASSERT_EQ(stray.errors.size(), 2u);
  EXPECT_EQ(stray.errors[0].line, 2u);
  EXPECT_EQ(stray.errors[1].line, 3u);
}

TEST(CsvTest, WritesWhatItReadsBack) {
  std::vector<std::string> values = {"plain",
                                     "with, comma",
                                     "with \"quotes\"",
                                     "two\nlines",
                                     "cr\r\nlf",
                                     " leading",
                                     "trailing ",
                                     "",
                                     "Fran\xC3\xA7oise",
                                     "semi;colon"};
  std::string text = row(values) + row({"x"});
  EXPECT_EQ(field("plain"), "plain");
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(row({"a", "b"}), "a,b\r\n");
  auto doc = read(text);
  ASSERT_TRUE(doc.errors.empty());
  ASSERT_EQ(doc.records.size(), 2u);
  EXPECT_EQ(doc.records[0].fields, values);
  EXPECT_EQ(doc.records[1].line, 4u);  // the first record holds two line breaks
}

}  // namespace
}  // namespace ploeg::csv
