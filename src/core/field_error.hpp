// A problem with one input field, told twice: `key` picks the page's text
// from the catalogue (with `values` filled in), `message` says the same in
// English for the command line, the API and the logs.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ploeg {

struct FieldError {
  std::string field;
  std::string key;
  std::string message;
  std::vector<std::pair<std::string, std::string>> values = {};  // {placeholder, value}
};

}  // namespace ploeg
