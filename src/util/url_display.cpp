#include "util/url_display.hpp"

namespace ca {
namespace {
// "a=1&b" -> "a=***&***": names stay (they say what was there), values go.
std::string masked_query(std::string_view query) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find_first_of("&;", start), query.size());
    const std::string_view pair = query.substr(start, end - start);
    const auto eq = pair.find('=');
    out += eq == std::string_view::npos ? std::string(pair.empty() ? "" : "***")
                                        : std::string(pair.substr(0, eq + 1)) + "***";
    if (end == query.size()) break;
    out += query[end];
    start = end + 1;
  }
  return out;
}
}  // namespace

std::string url_without_secrets(std::string_view url) {
  std::string out;
  const auto scheme = url.find("://");
  const std::size_t authority_start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const auto authority_end = std::min(url.find_first_of("/?#", authority_start), url.size());
  out += url.substr(0, authority_start);
  const std::string_view authority = url.substr(authority_start, authority_end - authority_start);
  const auto at = authority.rfind('@');
  out +=
      at == std::string_view::npos ? std::string(authority) : "***@" + std::string(authority.substr(at + 1));
  const std::string_view rest = url.substr(authority_end);
  const auto query = rest.find('?');
  const auto fragment = rest.find('#');
  const auto path_end = std::min(query, fragment);
  out += rest.substr(0, std::min(path_end, rest.size()));
  if (query != std::string_view::npos && query < fragment) {
    const auto query_end = std::min(fragment, rest.size());
    out += "?" + masked_query(rest.substr(query + 1, query_end - query - 1));
  }
  if (fragment != std::string_view::npos) out += "#***";
  return out;
}

}  // namespace ca
