// The letter's PDF: cairo's PDF surface, pango for the text (fontconfig
// finds DejaVu, installed with the build's dependencies).
#include "casework/letter_pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <stdexcept>

namespace ploeg::casework {
namespace {

// A4 in points, with margins of 2 cm.
constexpr double page_width = 595.276;
constexpr double page_height = 841.890;
constexpr double margin = 56.693;
constexpr double content_width = page_width - 2 * margin;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct Style {
  const char* font;
  double before;  // space above, in points
  double x;       // from the left margin
  double width;
};

Style style_of(LetterBlock::Kind kind) {
  switch (kind) {
    case LetterBlock::Kind::sender:
      return {"DejaVu Sans Bold 14", 0, 0, content_width};
    case LetterBlock::Kind::address:
      return {"DejaVu Sans 11", 36, content_width * 0.55, content_width * 0.45};
    case LetterBlock::Kind::title:
      return {"DejaVu Sans Bold 13", 28, 0, content_width};
    case LetterBlock::Kind::heading:
      return {"DejaVu Sans Bold 11", 16, 0, content_width};
    case LetterBlock::Kind::fact:
      return {"DejaVu Sans 10", 4, 0, content_width};
    case LetterBlock::Kind::closing:
      return {"DejaVu Sans 10", 20, 0, content_width};
    case LetterBlock::Kind::paragraph:
      break;
  }
  return {"DejaVu Sans 10", 6, 0, content_width};
}

// Lays out the document line by line, so a long text runs on to the next page.
class Writer {
 public:
  explicit Writer(cairo_t* cr) : cr_(cr) {}

  void block(const LetterBlock& b) {
    auto style = style_of(b.kind);
    if (y_ > margin) y_ += style.before;
    std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(pango_cairo_create_layout(cr_),
                                                                   g_object_unref);
    // Font sizes in points: the PDF's user space is in points.
    pango_cairo_context_set_resolution(pango_layout_get_context(layout.get()), 72);
    pango_layout_context_changed(layout.get());
    std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> font(
        pango_font_description_from_string(style.font), pango_font_description_free);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(style.width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout.get(), b.text.c_str(), static_cast<int>(b.text.size()));

    std::unique_ptr<PangoLayoutIter, decltype(&pango_layout_iter_free)> line(
        pango_layout_get_iter(layout.get()), pango_layout_iter_free);
    double origin = y_;  // where the layout's top is on this page
    double bottom = y_;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(line.get(), nullptr, &logical);
      double top = origin + logical.y / double(PANGO_SCALE);
      double height = logical.height / double(PANGO_SCALE);
      if (top + height > page_height - margin && top > margin) {
        cairo_show_page(cr_);
        origin = margin - logical.y / double(PANGO_SCALE);
        top = margin;
      }
      double baseline = origin + pango_layout_iter_get_baseline(line.get()) / double(PANGO_SCALE);
      cairo_move_to(cr_, margin + style.x + logical.x / double(PANGO_SCALE), baseline);
      pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(line.get()));
      bottom = top + height;
    } while (pango_layout_iter_next_line(line.get()));
    y_ = bottom;
  }

 private:
  cairo_t* cr_;
  double y_ = margin;
};

}  // namespace

std::string letter_pdf(const std::vector<LetterBlock>& blocks, const std::string& title) {
  std::string pdf;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(append, &pdf, page_width, page_height),
      cairo_surface_destroy);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "ploeg");
  {
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                          cairo_destroy);
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    Writer writer(cr.get());
    for (auto& b : blocks) writer.block(b);
    cairo_show_page(cr.get());
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error(std::string("letter: cairo: ") +
                               cairo_status_to_string(cairo_status(cr.get())));
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("letter: cairo: ") +
                             cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  return pdf;
}

}  // namespace ploeg::casework
