#include "support/pdf_text.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>

namespace ploeg::test {

std::string pdf_file_text(const std::filesystem::path& file) {
  std::string command = "pdftotext -enc UTF-8 '" + file.string() + "' -";
  std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), pclose);
  std::string raw;
  char buffer[4096];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe.get())) raw += buffer;
  std::string text;
  for (char ch : raw) {
    bool space = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';  // page ends (\f) stay
    if (space && (text.empty() || text.back() == ' ')) continue;
    text += space ? ' ' : ch;
  }
  return text;
}

std::string pdf_text(const std::string& pdf) {
  static int made = 0;
  auto file = std::filesystem::temp_directory_path() /
              ("ploeg-pdf-" + std::to_string(::getpid()) + "-" + std::to_string(++made) + ".pdf");
  std::ofstream(file, std::ios::binary) << pdf;
  auto text = pdf_file_text(file);
  std::filesystem::remove(file);
  return text;
}

}  // namespace ploeg::test
