#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace local_registry {

// A parsed `PUT /api/v1/crates/new` body.
struct PublishRequest {
  nlohmann::json metadata;  // the publish metadata as cargo sent it
  std::string crate_bytes;  // the .crate tarball
};

struct PublishParseError {
  std::string detail;  // shown to the user by cargo, so it says what was wrong
};

// Splits the framing: u32 LE metadata length, metadata JSON, u32 LE crate length, crate
// bytes. Every length is checked against the remaining bytes before it is used, and trailing
// bytes are rejected, so a truncated or padded body is an error rather than an overread.
// Returns false and fills `err` on failure.
bool parse_publish_body(std::string_view body, PublishRequest& out, PublishParseError& err);

// Converts publish metadata to one sparse-index line (without the trailing newline):
// deps get `version_req` -> `req`, and a renamed dependency (`explicit_name_in_toml`) is
// listed under its local name with `package` = the real crate name, as cargo's index format
// requires. Features using `dep:`/`?/` syntax go to `features2` with `v: 2`, mirroring
// crates.io so older cargo versions ignore them instead of failing.
// Throws PublishParseError on malformed metadata.
nlohmann::json index_entry_from_metadata(const nlohmann::json& metadata, const std::string& cksum);

}  // namespace local_registry
