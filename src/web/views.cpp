#include "web/views.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ploeg::web {

Views::Views(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw std::invalid_argument("template folder " + dir.string() + " does not exist");
  }
  for (auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    kainjow::mustache::mustache parsed{text.str()};
    if (!parsed.is_valid()) {
      throw std::invalid_argument(entry.path().string() + ": " + parsed.error_message());
    }
    auto name = std::filesystem::relative(entry.path(), dir).replace_extension().generic_string();
    sources_[name] = text.str();
  }
}

std::string Views::render(const std::string& name, const Data& data) const {
  auto found = sources_.find(name);
  if (found == sources_.end()) throw std::out_of_range("no template named " + name);
  // Parsed per render: a kainjow template keeps state while rendering, and
  // parsing these small files costs microseconds.
  kainjow::mustache::mustache parsed{found->second};
  return parsed.render(data);
}

}  // namespace ploeg::web
