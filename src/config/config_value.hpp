#pragma once
// Cargo configuration as a tree of values that remember where they were
// written (file:line:column, or the environment variable), so that values
// from many files, includes and the environment can be merged the way cargo
// merges them and every message can still point at the line that matters.
//
// Merge rules (cargo's ConfigValue::merge): tables merge key by key; arrays
// are concatenated (the value already present first), except the lists cargo
// never joins (registries.*.credential-provider, credential-alias.*, runners):
// those are replaced like single values; for other values the
// incoming one replaces the present one only when `incoming_wins`. Merging a
// table or an array with a value of another type throws ca::Error naming both
// places, as cargo refuses it too.
#include <toml++/toml.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/source_location.hpp"

namespace ca {

struct ConfigValue {
  enum class Kind { kString, kOther, kArray, kTable };

  Kind kind = Kind::kTable;
  std::string text;                // kString: the value; kOther: the TOML type ("integer", "boolean", ...)
  std::vector<ConfigValue> items;  // kArray
  std::map<std::string, ConfigValue, std::less<>> entries;  // kTable
  SourceLocation where;

  [[nodiscard]] const ConfigValue* get(std::string_view key) const;
  // Follows a dotted path of table keys ({"registries", "x", "index"}).
  [[nodiscard]] const ConfigValue* find(std::initializer_list<std::string_view> path) const;
  [[nodiscard]] bool is_table() const { return kind == Kind::kTable; }
  [[nodiscard]] bool is_string() const { return kind == Kind::kString; }
  [[nodiscard]] std::string kind_name() const;

  static ConfigValue string(std::string value, SourceLocation where);
  static ConfigValue table(SourceLocation where);
};

// Converts a parsed TOML node; `file` names it in locations.
ConfigValue config_value_from_toml(const toml::node& node, const std::string& file);

// Merges `incoming` into `target` (see the rules above). `key_path` names
// `target` in error messages ("registries.x").
void merge_config(ConfigValue& target, ConfigValue incoming, bool incoming_wins,
                  const std::string& key_path = "");

// Replaces (never merges) the value at `path`, creating tables on the way:
// what an environment variable does to the files' value.
void set_config_value(ConfigValue& root, const std::vector<std::string>& path, ConfigValue value);

}  // namespace ca
