#pragma once
// A snapshot of environment variables. Captured once in main() and passed down,
// so no code below the front doors reads the process environment itself, and
// tests can feed any CI host's environment without touching the process.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ca {

using EnvMap = std::map<std::string, std::string, std::less<>>;

class Environment {
 public:
  Environment() = default;
  explicit Environment(EnvMap vars) : vars_(std::move(vars)) {}
  static Environment capture();  // the process environment (platform/system.hpp)

  // The value when set (possibly empty). Names match exactly, and on Windows
  // also without regard to case, as the system looks them up there.
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
  // The value when set and not empty.
  [[nodiscard]] std::optional<std::string> non_empty(std::string_view name) const;
  // The value when set under exactly this name and not empty, on every system:
  // cargo reads its own configuration variables (CARGO_REGISTRY_DEFAULT,
  // CARGO_REGISTRIES_*, ...) that way even on Windows and ignores other casings.
  [[nodiscard]] std::optional<std::string> exact_non_empty(std::string_view name) const;
  [[nodiscard]] std::string get_or(std::string_view name, std::string fallback) const;
  // True for "true", "1", "yes", "on" in any case.
  [[nodiscard]] bool flag(std::string_view name) const;
  void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  void unset(const std::string& name) { vars_.erase(name); }
  [[nodiscard]] const EnvMap& all() const { return vars_; }

 private:
  EnvMap vars_;
};

bool is_true_text(std::string_view text);

}  // namespace ca
