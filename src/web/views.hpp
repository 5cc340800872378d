// Mustache templates from web/templates (kainjow/mustache: {{x}} is HTML-escaped,
// {{{x}}} is not and is used only for HTML we rendered ourselves). Templates
// under partials/ are shared pieces any template includes: {{>chart}}.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

namespace ploeg::web {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;

// Strings as a list a template walks with {{#list}}{{key}}{{/list}}.
inline List texts(const std::vector<std::string>& strings, const std::string& key = "text") {
  List list;
  for (auto& s : strings) {
    Data item;
    item.set(key, s);
    list.push_back(item);
  }
  return list;
}

class Views {
 public:
  // Loads every *.mustache below `dir` as "folder/name"; a template that does
  // not parse is an error naming the file (std::invalid_argument).
  explicit Views(const std::filesystem::path& dir);
  // Throws std::out_of_range for an unknown template. Names are looked up in
  // `data` first, then in `shared` (data that is the same for many pages,
  // such as a language's messages, and so is not copied for each).
  std::string render(const std::string& name, const Data& data, const Data* shared = nullptr) const;
  bool has(const std::string& name) const { return sources_.count(name) > 0; }

 private:
  std::map<std::string, std::string> sources_;
  Data partials_;     // partials/NAME as the partial NAME
  std::uint64_t id_;  // tells each thread's cache of parsed templates apart per Views
};

}  // namespace ploeg::web
