#include "net/redirect_location.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace ca::net_engine {
namespace {

std::string scheme_of(const std::string& url) {
  const auto end = url.find("://");
  return end == std::string::npos ? std::string() : to_lower(url.substr(0, end));
}

}  // namespace

bool is_followed_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string resolve_location(const std::string& base, const std::string& location) {
  const auto location_scheme = location.find("://");
  if (location_scheme != std::string::npos && location_scheme < location.find_first_of("/?#"))
    return location;
  const auto scheme_end = base.find("://");
  if (scheme_end == std::string::npos) return location;
  if (location.rfind("//", 0) == 0) return base.substr(0, scheme_end + 1) + location;
  const auto authority_end = std::min(base.find_first_of("/?#", scheme_end + 3), base.size());
  const std::string origin = base.substr(0, authority_end);
  const std::string rest = base.substr(authority_end);
  const std::string without_fragment = rest.substr(0, rest.find('#'));
  const std::string path = without_fragment.substr(0, without_fragment.find('?'));
  const std::string query = without_fragment.substr(path.size());
  if (location.empty() || location.front() == '#') return origin + without_fragment;
  if (location.front() == '/') return origin + location;
  if (location.front() == '?') return origin + (path.empty() ? "/" : path) + location;
  const auto slash = path.rfind('/');
  return origin + (slash == std::string::npos ? "/" : path.substr(0, slash + 1)) + location;
}

bool redirect_allowed(const std::string& from, const std::string& to) {
  const std::string target = scheme_of(to);
  return target == "https" || (target == "http" && scheme_of(from) == "http");
}

}  // namespace ca::net_engine
