// The text of a PDF as poppler's pdftotext reads it, its white space made
// single spaces (a page ends with a form feed): what the tests compare a
// letter with.
#pragma once

#include <filesystem>
#include <string>

namespace ploeg::test {

std::string pdf_file_text(const std::filesystem::path& file);
// The same for PDF bytes, written to a temporary file first.
std::string pdf_text(const std::string& pdf);

}  // namespace ploeg::test
