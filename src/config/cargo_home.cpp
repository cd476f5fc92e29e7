#include "config/cargo_home.hpp"

#include <system_error>

#include "platform/system.hpp"
#include "util/utf8_path.hpp"

namespace ca {

CargoFileChoice cargo_file(const std::filesystem::path& dir, const char* stem) {
  std::error_code ec;
  const auto legacy = dir / stem;
  const auto modern = dir / (std::string(stem) + ".toml");
  // cargo takes a name that exists at all: a directory there is an error when
  // read, not skipped (checked against cargo 1.95 by the differential suite).
  const bool has_legacy = std::filesystem::exists(legacy, ec);
  const bool has_modern = std::filesystem::exists(modern, ec);
  CargoFileChoice choice;
  choice.path = has_legacy ? legacy : modern;
  choice.exists = has_legacy || has_modern;
  choice.shadows_toml = has_legacy && has_modern;
  if (choice.shadows_toml) choice.ignored = modern;
  return choice;
}

std::filesystem::path cargo_home_dir(const Environment& env) {
  if (auto home = env.non_empty("CARGO_HOME")) return utf8_path(*home);
  const std::filesystem::path home = home_directory(env);
  return home.empty() ? home : home / ".cargo";
}

}  // namespace ca
