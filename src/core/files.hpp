// Whole files in and out, for the command-line tools.
#pragma once

#include <filesystem>
#include <string>

namespace ploeg::files {

// The file's bytes; throws std::runtime_error naming the path when it cannot be read.
std::string read_whole(const std::filesystem::path& path);
// Replaces the file with `text`; throws std::runtime_error naming the path on failure.
void write_whole(const std::filesystem::path& path, const std::string& text);

}  // namespace ploeg::files
