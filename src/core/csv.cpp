#include "core/csv.hpp"

namespace ploeg::csv {
namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is invalid.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) return 1;
  std::size_t n = 0;
  unsigned char min = 0x80, max = 0xBF;  // the allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) min = 0xA0;  // overlong
    if (b == 0xED) max = 0x9F;  // surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) min = 0x90;  // overlong
    if (b == 0xF4) max = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < min || byte(i + 1) > max) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

}  // namespace

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto n = utf8_sequence(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

Document read(std::string_view text) {
  Document doc;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  std::size_t line = 1;
  std::size_t i = 0;
  std::size_t bad_utf8_line = 0;  // one report a line is enough
  while (i < text.size()) {
    Record record;
    record.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string value;
      if (i < text.size() && text[i] == '"') {
        std::size_t quote_line = line;
        ++i;
        bool closed = false;
        while (i < text.size()) {
          char ch = text[i];
          if (ch == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              value += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (ch == '\n') ++line;
          value += ch;
          ++i;
        }
        if (!closed) {
          doc.errors.push_back({quote_line, "a quoted field is never closed: add the closing \""});
          record.fields.push_back(std::move(value));
          doc.records.push_back(std::move(record));
          return doc;
        }
        // After the closing quote only a separator or the end of the line may follow.
        if (i < text.size() && text[i] != ',' && text[i] != '\n' &&
            !(text[i] == '\r' && (i + 1 == text.size() || text[i + 1] == '\n'))) {
          doc.errors.push_back({line,
                                "text follows a closing quote: a quote inside a quoted field "
                                "is written twice (\"\")"});
          while (i < text.size() && text[i] != ',' && text[i] != '\n') value += text[i++];
          if (!value.empty() && value.back() == '\r') value.pop_back();
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n') {
          if (text[i] == '"') {
            if (doc.errors.empty() || doc.errors.back().line != line) {
              doc.errors.push_back({line,
                                    "a quote inside an unquoted field: put the whole field in "
                                    "quotes and write the quote twice (\"\")"});
            }
          }
          value += text[i++];
        }
        if (!value.empty() && value.back() == '\r' && (i == text.size() || text[i] == '\n')) {
          value.pop_back();
        }
      }
      for (std::size_t k = 0; k < value.size();) {
        auto n = utf8_sequence(value, k);
        if (n == 0) {
          std::size_t at = record.line;
          // The line of the bad byte: the record's start plus the breaks before it.
          for (std::size_t j = 0; j < k; ++j) at += value[j] == '\n';
          if (at != bad_utf8_line) {
            doc.errors.push_back({at, "invalid UTF-8: save the file as UTF-8"});
            bad_utf8_line = at;
          }
          break;
        }
        k += n;
      }
      record.fields.push_back(std::move(value));
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else {  // '\n', or "\r\n" after a quoted field
        if (text[i] == '\r') ++i;
        ++i;
        ++line;
        end_of_record = true;
      }
    }
    bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) doc.records.push_back(std::move(record));
  }
  return doc;
}

std::string field(std::string_view value) {
  bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) return std::string(value);
  std::string out = "\"";
  for (char ch : value) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + '"';
}

std::string row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += field(fields[i]);
  }
  return out + "\r\n";
}

namespace {
bool formula_start(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}
}  // namespace

std::string spreadsheet_safe(std::string value) {
  if (!value.empty() && formula_start(value.front())) value.insert(value.begin(), '\'');
  return value;
}

std::string from_spreadsheet_safe(std::string value) {
  if (value.size() >= 2 && value[0] == '\'' && formula_start(value[1])) value.erase(0, 1);
  return value;
}

std::string spreadsheet_row(const std::vector<std::string>& fields) {
  std::vector<std::string> safe;
  safe.reserve(fields.size());
  for (auto& f : fields) safe.push_back(spreadsheet_safe(f));
  return row(safe);
}

}  // namespace ploeg::csv
