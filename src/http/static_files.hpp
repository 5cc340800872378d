// Files under a directory, for a route such as "/static/{path*}":
//   router.add("GET", "/static/{path*}", "public", http::static_files(web_dir / "static"));
// Content-Type by extension, a strong ETag, Cache-Control: public,
// max-age=3600, 304 on a matching If-None-Match. Anything that is not a
// regular file inside the root (a directory, "..", an absolute path, a NUL, a
// hidden file, a symbolic link out of the root) is a 404 (HttpError).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "http/router.hpp"

namespace ploeg::http {

Handler static_files(std::filesystem::path root);

// "text/css; charset=utf-8" for "site.css"; application/octet-stream when unknown.
std::string content_type_for(std::string_view filename);

}  // namespace ploeg::http
