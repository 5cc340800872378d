#include "store/batch_insert.hpp"

#include <algorithm>
#include <variant>

namespace ploeg::store {
namespace {

// SQLite gets multi-row INSERTs of few parameters: it looks each "$n" up by
// name in a list, so a statement costs time quadratic in its parameter
// count, and it has no round trip to save.
constexpr std::size_t max_parameters_sqlite = 150;
// PostgreSQL gets one array parameter per column, unnested into rows: a
// batch of thousands of rows is one round trip and a short statement to
// parse, instead of tens of thousands of bound parameters.
constexpr std::size_t max_rows_postgresql = 5000;

// A PostgreSQL array literal element: NULL, a number, or a quoted string.
void append_element(std::string& array, const Value& value) {
  if (!array.empty()) array += ',';
  if (std::holds_alternative<std::nullptr_t>(value)) {
    array += "NULL";
  } else if (auto* i = std::get_if<std::int64_t>(&value)) {
    array += std::to_string(*i);
  } else if (auto* d = std::get_if<double>(&value)) {
    array += std::to_string(*d);
  } else {
    array += '"';
    for (char ch : std::get<std::string>(value)) {
      if (ch == '"' || ch == '\\') array += '\\';
      array += ch;
    }
    array += '"';
  }
}

std::string parameter(std::size_t n) {
  std::string p = "$";  // built apart: GCC 12 warns falsely on "$" + std::string
  p += std::to_string(n);
  return p;
}

}  // namespace

BatchInsert::BatchInsert(Connection& c, std::string head, std::vector<std::string> types,
                         std::string tail)
    : c_(c),
      postgresql_(c.dialect() == Dialect::postgresql),
      head_(std::move(head)),
      tail_(std::move(tail)),
      types_(std::move(types)),
      batch_rows_(postgresql_ ? max_rows_postgresql
                              : std::max<std::size_t>(1, max_parameters_sqlite / types_.size())),
      arrays_(types_.size()) {}

void BatchInsert::add(std::initializer_list<Value> row) {
  append(row.begin(), row.end());
}

void BatchInsert::add(const std::vector<Value>& row) {
  append(row.data(), row.data() + row.size());
}

void BatchInsert::append(const Value* first, const Value* last) {
  if (postgresql_) {
    std::size_t k = 0;
    for (auto* value = first; value != last; ++value) append_element(arrays_[k++], *value);
  } else {
    values_.insert(values_.end(), first, last);
  }
  if (++rows_ == batch_rows_) flush();
}

std::vector<Row> BatchInsert::finish() {
  if (rows_ > 0) flush();
  return std::move(returned_);
}

std::string BatchInsert::statement() const {
  std::string sql = head_;
  if (postgresql_) {
    sql += " SELECT * FROM unnest(";
    for (std::size_t k = 0; k < types_.size(); ++k) {
      if (k) sql += ", ";
      sql += parameter(k + 1) + "::" + types_[k] + "[]";
    }
    return sql + ")" + tail_;
  }
  sql += " VALUES ";
  std::size_t n = 0;
  for (std::size_t r = 0; r < rows_; ++r) {
    sql += r ? ", (" : "(";
    for (std::size_t k = 0; k < types_.size(); ++k) {
      if (k) sql += ", ";
      sql += parameter(++n);
    }
    sql += ")";
  }
  return sql + tail_;
}

void BatchInsert::flush() {
  std::vector<Value> params;
  if (postgresql_) {
    for (auto& array : arrays_) {
      params.emplace_back("{" + array + "}");
      array.clear();
    }
  } else {
    params = std::move(values_);
    values_.clear();
  }
  // Every full batch has the same text: build it once.
  if (rows_ == batch_rows_ && full_statement_.empty()) full_statement_ = statement();
  auto result = c_.query(rows_ == batch_rows_ ? full_statement_ : statement(), params);
  for (auto& row : result.rows) returned_.push_back(std::move(row));
  rows_ = 0;
}

}  // namespace ploeg::store
