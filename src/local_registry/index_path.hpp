#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace local_registry {

// Crate names and versions end up in file system paths (index files, .crate files), so they
// are validated strictly before use: this is what keeps `../` out of the data dir.

// crates.io rules: ASCII alphanumerics, `-` and `_`, starting with a letter, at most 64 chars.
bool is_valid_crate_name(std::string_view name);

// A permissive semver shape check: digits/letters/`.`/`-`/`+`, starting with a digit, at
// most 128 chars. Cargo itself validates semver before publishing.
bool is_valid_version(std::string_view version);

std::string to_lower_ascii(std::string_view s);

// Cargo's sparse index path for a crate (relative to the index root), computed from the
// lower-cased name: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd...`. nullopt for invalid names.
std::optional<std::string> index_path_for(std::string_view name);

// The version with build metadata removed: `1.0.0+abc` and `1.0.0` are the same release for
// duplicate detection, as on crates.io.
std::string_view version_without_build(std::string_view version);

}  // namespace local_registry
