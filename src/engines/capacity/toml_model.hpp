// The model file of `ploeg simulate` and `ploeg plan-staff` (TOML): read into
// a Model, every mistake reported with its line and what to write instead.
#pragma once

#include <string>
#include <vector>

#include "engines/capacity/model.hpp"

namespace ploeg::capacity {

struct ModelFile {
  Model model;
  std::vector<std::string> errors;  // "model.toml:12: ..." ; empty when the model is usable
};

// `name` is how the errors call the file.
ModelFile read_model(const std::string& text, const std::string& name);

}  // namespace ploeg::capacity
