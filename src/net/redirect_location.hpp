#pragma once
// Where a redirect goes and whether an engine may follow it, for the engine
// that follows redirects itself (WinHTTP; libcurl follows its own). Pure.
#include <string>

namespace ca::net_engine {

// 301, 302, 303, 307 and 308: the statuses whose Location is followed.
bool is_followed_redirect(long status);

// The Location value resolved against the URL that answered (RFC 3986 5.2:
// absolute, "//host/...", "/path", "?query", "#fragment" or a relative path),
// without removing dot segments: the server gets them as it wrote them.
std::string resolve_location(const std::string& base, const std::string& location);

// Only to https, or from http to http: never from https down to http, never
// to another scheme.
bool redirect_allowed(const std::string& from, const std::string& to);

}  // namespace ca::net_engine
