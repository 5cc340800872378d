// Where a redirect taken from the request may go: only to a page of this
// site. Every `next=`, `back=` or similar target a visitor sends passes
// through here before it becomes a Location header (no open redirect).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ploeg::web {

// The longest target kept; a longer one goes home.
inline constexpr std::size_t max_local_path = 2000;

// `candidate` itself when it is a path of this site: it starts with a single
// '/', holds no "//", no backslash, no control character, space or raw
// non-ASCII byte, has valid percent escapes, and stays so after decoding them
// (again and again, so "%252F%252F" is caught too); at most max_local_path
// characters. Anything else, including an empty one, gives "/".
std::string local_path_or_home(std::string_view candidate);

}  // namespace ploeg::web
