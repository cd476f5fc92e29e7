#pragma once
// Which versions of which crates a sparse registry index already holds.
//
// One HTTP request per crate, all at once (http_fetch_all), each carrying the
// registry's token (auth-required indexes need it for reads too). 404/410/451
// mean "no versions" (cargo's reading); 200 is one JSON object per line. Any
// other answer is a failure, classified like a publish failure so the caller
// can retry a 429/5xx/network problem and stop on a 401/403. Never throws for
// network problems; the token never appears in a message.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret.hpp"
#include "publish/retry_policy.hpp"

namespace ca {

// An index file is one JSON line per version: crates.io's largest are a few
// MiB. A larger answer stops the read with an error (bounded memory).
inline constexpr std::size_t kMaxIndexFileBytes = 32 * 1024 * 1024;

// Cargo's index file path for a crate name (lower-cased): `1/a`, `2/ab`,
// `3/a/abc`, `ab/cd/abcd`. Throws ca::Error for an empty name.
std::string index_file_path(std::string_view crate_name);

// The version as a registry compares it: build metadata ("+...") removed,
// since 1.0.0+a and 1.0.0+b are the same release.
std::string release_version(std::string_view version);

// The `vers` of every line of an index file (release_version form). Lines that
// are not JSON objects with a string `vers` are ignored (a registry may add
// blank lines); throws nothing.
std::set<std::string> parse_index_versions(std::string_view index_file);

// release version -> `cksum` (SHA-256 of the .crate, lower-case hex) of every
// line with a string `vers` and `cksum`; same leniency as parse_index_versions.
std::map<std::string, std::string> parse_index_checksums(std::string_view index_file);

struct IndexQuery {
  std::map<std::string, std::set<std::string>> versions;                // crate name -> release versions
  std::map<std::string, std::map<std::string, std::string>> checksums;  // crate name -> version -> cksum
  std::optional<Failure> failure;  // set when any crate could not be read
};

// Asks the sparse index at `index_base` (ending in '/', without "sparse+") for
// every named crate. The token is sent as the Authorization header when given.
IndexQuery query_index(const std::string& index_base, const std::vector<std::string>& crate_names,
                       const std::optional<Secret>& token);

}  // namespace ca
