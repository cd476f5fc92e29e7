#pragma once
// A registry index URL as cargo accepts it, parsed for matching and probing.
// Accepted: sparse+http(s)://, http(s):// and ssh:// / git:// (git indexes),
// file:// (local). parse_index_url() throws ca::Error with what is wrong.
//
// host and path are the forms cargo's URL parser makes of the text (see
// url/url_normalization.hpp): every trust decision reads them, never `original`.
#include <string>
#include <string_view>

namespace ca {

struct IndexUrl {
  std::string original;  // as written in the config
  bool sparse = false;   // "sparse+" prefix
  std::string scheme;    // lower-cased, without "sparse+"
  std::string host;      // normalised (url::normalize_host); empty for file://
  int port = 0;          // 0 when not given or the scheme's default
  std::string path;      // dot segments resolved as cargo does; starts with '/', case kept

  // scheme://host[:port]/path with default ports dropped and no trailing slash:
  // the form two URLs are compared in (service connection URL vs index URL).
  [[nodiscard]] std::string normalized() const;
  // The URL without "sparse+", as cargo fetches it (keeps a trailing slash).
  [[nodiscard]] std::string fetch_base() const;
  [[nodiscard]] bool is_loopback() const;
};

IndexUrl parse_index_url(std::string_view text);
// Same as parse_index_url but nothrow: false when invalid.
bool try_parse_index_url(std::string_view text, IndexUrl& out);
// Compares two URLs (either may carry "sparse+") in normalized form.
bool same_registry_url(std::string_view a, std::string_view b);

}  // namespace ca
