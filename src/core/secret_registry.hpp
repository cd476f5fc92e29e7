#pragma once
// Every secret value this process has seen, in every form it may be printed in.
//
// The redacting log sink and the host adapters' masks read from here. Forms of a
// token T: T itself; for "Bearer X" also X; for "Basic B" also B, the decoded
// "user:password" and the password; base64 of each of these. Forms shorter than
// three characters are not registered (redacting "a" everywhere would make logs
// unreadable and protects nothing). Thread-safe.
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/secret.hpp"

namespace ca {

class SecretRegistry {
 public:
  static SecretRegistry& instance();

  // Registers the secret's forms; returns the forms newly added (for masks).
  std::vector<std::string> adopt(const Secret& secret);
  [[nodiscard]] std::vector<std::string> forms() const;
  // Replaces every registered form in text with "***".
  [[nodiscard]] std::string redact(std::string text) const;
  void clear_for_tests();

 private:
  mutable std::mutex mutex_;
  std::unordered_set<std::string> adopted_values_;  // values whose forms are in forms_
  std::vector<std::string> forms_;                  // longest first, so redact() replaces whole forms
};

// All forms derived from one value (used by adopt(); exposed for tests).
std::vector<std::string> derived_secret_forms(const std::string& value);

}  // namespace ca
