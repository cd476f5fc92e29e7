#pragma once
// The pieces of the WHATWG URL standard (what Rust's `url` crate, and so cargo,
// implements) that decide WHERE a request goes: the host, and the path after
// dot segments are removed. Trust decisions (whose feed, which instance,
// loopback) are made on these forms only, so `myorg/../otherorg`, `%2e%2e`,
// `PKGS.dev.azure.com.` or `127.1` mean what cargo makes of them.
// Checked against cargo 1.95 on this machine (docs/url-model.md).
//
// Deliberate differences, each failing closed: non-ASCII hosts (IDNA) are
// refused instead of converted; a trailing dot is dropped from a domain host
// (cargo keeps it, DNS resolves both to the same place).
#include <optional>
#include <string>
#include <string_view>

namespace ca::url {

// Normalised host: percent-decoded, lower-cased, one trailing dot dropped,
// IPv4 in any WHATWG spelling (127.1, 0x7f.0.0.1, 2130706433) as dotted quad,
// IPv6 literal in canonical bracketed form ([::1]). nullopt with `why` set when
// the host is not valid.
std::optional<std::string> normalize_host(std::string_view raw, std::string& why);

// WHATWG path parsing for a special scheme: '\' is a separator, `.`/`%2e`
// segments dropped, `..`/`.%2e`/`%2e.`/`%2e%2e` (any case) remove the previous
// segment, bytes outside the path set percent-encoded. Always starts with '/'.
std::string normalize_path(std::string_view raw, bool backslash_is_separator);

// WHATWG percent-decode: each `%` followed by two hex digits becomes that
// byte; any other `%` stays as it is.
std::string percent_decode(std::string_view text);

// True when a normalised host is a loopback address: `localhost`, 127.0.0.0/8,
// [::1]. A NAME that merely starts with 127. is not.
bool is_loopback_host(std::string_view normalized_host);

}  // namespace ca::url
