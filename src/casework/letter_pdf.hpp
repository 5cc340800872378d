// A letter as a PDF: A4 pages, text laid out by pango (wrapping, accents,
// the euro sign) on cairo's PDF surface. It knows nothing of requests: it
// is given the letter's blocks, already in the reader's language.
#pragma once

#include <string>
#include <vector>

namespace ploeg::casework {

struct LetterBlock {
  enum class Kind {
    sender,     // the organisation, at the top
    address,    // the citizen's name and postcode, beside the sender
    title,      // what the letter is about
    heading,    // a section's heading
    paragraph,  // running text (line breaks kept)
    fact,       // "label: value" lines (date, reference)
    closing,    // the greeting and the sender at the end
  };
  Kind kind = Kind::paragraph;
  std::string text;
};

// The PDF document (its bytes); `title` is the document's metadata title
// (no personal data: the request's reference). Long text runs on to the
// next page. Throws std::runtime_error when cairo fails.
std::string letter_pdf(const std::vector<LetterBlock>& blocks, const std::string& title);

}  // namespace ploeg::casework
