#pragma once
// A credential value that cannot reach a log by accident.
//
// Streaming or formatting a Secret prints "***"; the value is only reachable
// through reveal(), which emitters (Azure setvariable, env files, the child
// environment of `exec`) and the HTTP client call explicitly. Every Secret
// built through SecretRegistry::adopt() also has its derived forms (Bearer /
// Basic inner parts, base64) registered so the redacting log sink and the host
// masks cover them too.
#include <fmt/format.h>

#include <ostream>
#include <string>
#include <string_view>

namespace ca {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret(Secret&&) noexcept = default;
  Secret& operator=(const Secret&) = default;
  Secret& operator=(Secret&&) noexcept = default;
  ~Secret();

  // The only way to read the value. Grep for reveal() to audit every use.
  [[nodiscard]] const std::string& reveal() const { return value_; }
  [[nodiscard]] bool empty() const { return value_.empty(); }

  friend bool operator==(const Secret& a, const Secret& b) { return a.value_ == b.value_; }
  friend std::ostream& operator<<(std::ostream& os, const Secret& /*unused*/) { return os << "***"; }

 private:
  std::string value_;
};

}  // namespace ca

template <>
struct fmt::formatter<ca::Secret> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const ca::Secret& /*unused*/, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format("***", ctx);
  }
};
