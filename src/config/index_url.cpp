#include "config/index_url.hpp"

#include <arpa/inet.h>

#include <charconv>

#include "core/error.hpp"
#include "util/strings.hpp"
#include "util/url_display.hpp"

namespace ca {
namespace {

int default_port(const std::string& scheme) {
  if (scheme == "https") return 443;
  if (scheme == "http") return 80;
  if (scheme == "ssh") return 22;
  if (scheme == "git") return 9418;
  return 0;
}

[[noreturn]] void invalid(std::string_view text, const std::string& why) {
  throw Error("invalid index URL '" + url_without_secrets(text) + "': " + why +
              ". Expected something like \"sparse+https://host/path/index/\".");
}

}  // namespace

IndexUrl parse_index_url(std::string_view text) {
  IndexUrl url;
  url.original = std::string(text);
  if (text.empty()) invalid(text, "it is empty");
  if (has_control_characters(text) || text.find(' ') != std::string_view::npos) {
    invalid(text, "it contains spaces or control characters");
  }
  std::string_view rest = text;
  if (starts_with_ignore_case(rest, "sparse+")) {
    url.sparse = true;
    rest.remove_prefix(7);
  }
  const auto scheme_end = rest.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) invalid(text, "it has no scheme");
  url.scheme = to_lower(rest.substr(0, scheme_end));
  if (url.scheme != "https" && url.scheme != "http" && url.scheme != "ssh" && url.scheme != "git" &&
      url.scheme != "file") {
    invalid(text, "unsupported scheme '" + url.scheme + "'");
  }
  if (url.sparse && url.scheme != "https" && url.scheme != "http") {
    invalid(text, "a sparse index must use http or https");
  }
  rest.remove_prefix(scheme_end + 3);
  const auto path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  url.path = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (const auto q = url.path.find_first_of("?#"); q != std::string::npos) {
    invalid(text, "an index URL may not have a query or fragment");
  }
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    if (url.scheme == "http" || url.scheme == "https") {
      invalid(text, "credentials must not be written into the URL; give them as a token instead");
    }
    authority.remove_prefix(at + 1);  // ssh://git@host is normal
  }
  if (url.scheme == "file") {
    if (!authority.empty() && authority != "localhost") invalid(text, "a file URL has no host");
    return url;
  }
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {  // IPv6 literal
    const auto close = host.find(']');
    if (close == std::string_view::npos) invalid(text, "unterminated IPv6 address");
    const std::string_view after = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!after.empty())
      authority = after;
    else
      authority = {};
    if (!authority.empty() && authority.front() != ':') invalid(text, "bad host");
  } else {
    const auto colon = host.find(':');
    authority = colon == std::string_view::npos ? std::string_view{} : host.substr(colon);
    host = host.substr(0, colon);
  }
  if (host.empty()) invalid(text, "it has no host");
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '[' || c == ']' || c == ':' || c == '_';
    if (!ok) invalid(text, "the host contains '" + std::string(1, c) + "'");
  }
  url.host = to_lower(host);
  if (!authority.empty()) {  // ":port"
    const std::string_view digits = authority.substr(1);
    int port = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || port <= 0 ||
        port > 65535) {
      invalid(text, "the port is not a number from 1 to 65535");
    }
    url.port = port == default_port(url.scheme) ? 0 : port;
  }
  return url;
}

bool try_parse_index_url(std::string_view text, IndexUrl& out) {
  try {
    out = parse_index_url(text);
    return true;
  } catch (const Error&) {
    return false;
  }
}

std::string IndexUrl::normalized() const {
  std::string s = scheme + "://" + host;
  if (port != 0) s += ":" + std::to_string(port);
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == "/") p.clear();
  return s + p;
}

std::string IndexUrl::fetch_base() const {
  std::string s = scheme + "://" + host;
  if (port != 0) s += ":" + std::to_string(port);
  return s + path;
}

bool IndexUrl::is_loopback() const {
  if (host == "localhost" || host == "[::1]") return true;
  // Only a real IPv4 literal in 127.0.0.0/8: a NAME like 127.0.0.1.evil.example
  // resolves wherever its owner wants, and a token would go there in clear text.
  in_addr address{};
  return ::inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

bool same_registry_url(std::string_view a, std::string_view b) {
  IndexUrl ua;
  IndexUrl ub;
  if (!try_parse_index_url(a, ua) || !try_parse_index_url(b, ub)) return false;
  return ua.normalized() == ub.normalized();
}

}  // namespace ca
