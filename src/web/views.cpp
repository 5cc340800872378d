#include "web/views.hpp"

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ploeg::web {

Views::Views(const std::filesystem::path& dir) {
  static std::atomic<std::uint64_t> next_id{1};
  id_ = next_id++;
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
    const std::string folder = "partials/";
    if (name.rfind(folder, 0) == 0) {
      partials_.set(name.substr(folder.size()),
                    kainjow::mustache::partial([source = text.str()] { return source; }));
    }
  }
}

std::string Views::render(const std::string& name, const Data& data, const Data* shared) const {
  auto found = sources_.find(name);
  if (found == sources_.end()) throw std::out_of_range("no template named " + name);
  // A parsed kainjow template keeps state while it renders, so each thread
  // keeps its own parsed copy of each template.
  thread_local std::map<std::pair<std::uint64_t, std::string>, kainjow::mustache::mustache> parsed;
  auto key = std::make_pair(id_, name);
  auto it = parsed.find(key);
  if (it == parsed.end())
    it = parsed.emplace(key, kainjow::mustache::mustache{found->second}).first;
  kainjow::mustache::context<std::string> context;
  context.push(&partials_);
  if (shared) context.push(shared);
  context.push(&data);
  return it->second.render(context);
}

}  // namespace ploeg::web
