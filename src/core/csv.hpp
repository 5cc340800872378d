// A small RFC 4180 reader and writer: quoted fields, doubled quotes, CRLF or
// LF line ends, line breaks inside quoted fields, UTF-8 (a leading BOM is
// skipped; invalid UTF-8 is refused with its line).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ploeg::csv {

struct Record {
  std::size_t line = 0;  // the physical line the record starts on, from 1
  std::vector<std::string> fields;
};

struct Error {
  std::size_t line = 0;
  std::string message;
};

struct Document {
  std::vector<Record> records;  // the header row, if any, is records[0]
  std::vector<Error> errors;    // every problem found; records may be partial then
};

// Reads every record. A record that is one empty field (a blank line) is
// left out. Reading goes on after an error where it can, so that a file's
// every problem is reported at once.
Document read(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool valid_utf8(std::string_view text);

// One field, quoted when it holds a comma, a quote, a line break or leading
// or trailing spaces.
std::string field(std::string_view value);
// One record and its CRLF.
std::string row(const std::vector<std::string>& fields);

// For files people open in a spreadsheet: a value starting with =, +, -, @,
// a tab or a carriage return would be run as a formula ("=HYPERLINK(...)"),
// so it gets a leading apostrophe, which spreadsheets show as text.
// `from_spreadsheet_safe` takes that apostrophe off again on import.
std::string spreadsheet_safe(std::string value);
std::string from_spreadsheet_safe(std::string value);
// row() of spreadsheet_safe values.
std::string spreadsheet_row(const std::vector<std::string>& fields);

}  // namespace ploeg::csv
