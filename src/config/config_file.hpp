#pragma once
// Reads cargo configuration files into the registry model.
//
// Both TOML forms are accepted: `[registries] name = { index = "..." }` and
// `[registries.name] index = "..."`. A file's `include` (cargo 1.94+: an array
// of paths or of `{ path, optional }` tables, relative to the including file,
// each ending in `.toml`) is loaded first, so the including file wins.
// Throws ca::Error (exit code "bad input") with file:line:column for: a missing
// or unreadable file, malformed TOML, a bad or cyclic `include`, an invalid
// registry without `index` and an invalid index URL.
#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "config/config_value.hpp"
#include "config/registry.hpp"

namespace ca {

// Parses the file; throws ca::Error with file:line:column on failure.
toml::table parse_toml_file(const std::filesystem::path& path);

// One file with everything it includes, merged (includes first, the file wins).
// `files_read` gets every file read, included ones first.
ConfigValue load_config_tree(const std::filesystem::path& path,
                             std::vector<std::string>* files_read = nullptr);

// Reads registries, registry.default, registry.global-credential-providers and
// [source.*] from a merged tree into `config`. A registry entry without `index`
// updates a registry of that name already in `config` (a deeper file may set
// only its credential-provider); crates-io needs no index.
void collect_config(const ConfigValue& root, CargoConfig& config);

// collect_config() for one parsed file (later calls replace earlier definitions
// of the same name: callers pass files lowest precedence first).
void collect_registries(const toml::table& table, const std::string& file, CargoConfig& config);

// Names that share one token variable (my-feed, my_feed): cargo accepts them and
// reads the same variable for both, so this adds a warning saying which; the run
// fails later only if they would need different tokens (see authenticate()).
void validate_registries(CargoConfig& config);

// One file (and its includes), as CargoAuthenticate@0 reads it (configFile input, --config).
CargoConfig load_config_file(const std::filesystem::path& path);

}  // namespace ca
