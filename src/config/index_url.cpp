#include "config/index_url.hpp"

#include <charconv>

#include "core/error.hpp"
#include "url/url_normalization.hpp"
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
  // The authority ends at the first '/': for "sparse+https" cargo's first parse
  // is of a non-special scheme, where a backslash does not end it; its second
  // parse (without "sparse+") is of https, where it does. A backslash there would
  // make the two disagree about the host, so it is refused.
  const auto path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  const std::string_view raw_path = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  if (raw_path.find_first_of("?#") != std::string_view::npos ||
      authority.find_first_of("?#") != std::string_view::npos) {
    invalid(text, "an index URL may not have a query or fragment");
  }
  const bool web = url.scheme == "http" || url.scheme == "https";
  if (web && authority.find('\\') != std::string_view::npos) invalid(text, "the host part contains '\\'");
  url.path = url::normalize_path(raw_path, web || url.scheme == "file");
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    // cargo accepts a user name (user@host); a password in the URL is a secret in a file.
    if (web && authority.substr(0, at).find(':') != std::string_view::npos) {
      invalid(text, "credentials must not be written into the URL; give them as a token instead");
    }
    authority.remove_prefix(at + 1);  // ssh://git@host is normal
  }
  if (url.scheme == "file") {
    if (!authority.empty() && authority != "localhost") invalid(text, "a file URL has no host");
    return url;
  }
  std::string_view host = authority;
  std::string_view port_text;
  if (!host.empty() && host.front() == '[') {  // IPv6 literal
    const auto close = host.find(']');
    if (close == std::string_view::npos) invalid(text, "unterminated IPv6 address");
    port_text = host.substr(close + 1);
    host = host.substr(0, close + 1);
    if (!port_text.empty() && port_text.front() != ':') invalid(text, "bad host");
  } else {
    const auto colon = host.find(':');
    port_text = colon == std::string_view::npos ? std::string_view{} : host.substr(colon);
    host = host.substr(0, colon);
  }
  std::string why;
  auto normalized_host = url::normalize_host(host, why);
  if (!normalized_host) invalid(text, why);
  url.host = *normalized_host;
  if (!port_text.empty()) {  // ":port"
    const std::string_view digits = port_text.substr(1);
    int port = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    // WHATWG: "host:" is the default port.
    if (!digits.empty() &&
        (ec != std::errc() || ptr != digits.data() + digits.size() || port < 0 || port > 65535)) {
      invalid(text, "the port is not a number from 0 to 65535");
    }
    url.port = port == default_port(url.scheme) ? 0 : port;
    if (!digits.empty() && port == 0) invalid(text, "port 0 cannot be connected to");
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
  // Only a real loopback address: a NAME like 127.0.0.1.evil.example resolves
  // wherever its owner wants, and a token would go there in clear text.
  return url::is_loopback_host(host);
}

bool same_registry_url(std::string_view a, std::string_view b) {
  IndexUrl ua;
  IndexUrl ub;
  if (!try_parse_index_url(a, ua) || !try_parse_index_url(b, ub)) return false;
  return ua.normalized() == ub.normalized();
}

}  // namespace ca
