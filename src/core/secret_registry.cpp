#include "core/secret_registry.hpp"

#include <algorithm>

#include "util/base64.hpp"
#include "util/strings.hpp"

namespace ca {
namespace {
constexpr std::size_t kShortestMaskedForm = 3;

void add_with_base64(std::vector<std::string>& out, const std::string& form) {
  if (form.size() < kShortestMaskedForm) return;
  out.push_back(form);
  out.push_back(base64_encode(form));
}
}  // namespace

std::vector<std::string> derived_secret_forms(const std::string& value) {
  std::vector<std::string> forms;
  add_with_base64(forms, value);
  const std::string trimmed = trim(value);
  if (trimmed != value) add_with_base64(forms, trimmed);
  if (starts_with_ignore_case(trimmed, "bearer ")) {
    add_with_base64(forms, trim(trimmed.substr(7)));
  } else if (starts_with_ignore_case(trimmed, "basic ")) {
    const std::string encoded = trim(trimmed.substr(6));
    add_with_base64(forms, encoded);
    if (auto decoded = base64_decode(encoded)) {
      add_with_base64(forms, *decoded);
      const auto colon = decoded->find(':');
      if (colon != std::string::npos) add_with_base64(forms, decoded->substr(colon + 1));
    }
  } else {
    // A raw token may later be wrapped by another tool: mask those wrappings too.
    add_with_base64(forms, "Bearer " + trimmed);
  }
  std::sort(forms.begin(), forms.end());
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  return forms;
}

SecretRegistry& SecretRegistry::instance() {
  static SecretRegistry registry;
  return registry;
}

std::vector<std::string> SecretRegistry::adopt(const Secret& secret) {
  std::vector<std::string> added;
  std::lock_guard lock(mutex_);
  // One build token often serves thousands of registries: derive its forms once.
  if (!adopted_values_.insert(secret.reveal()).second) return added;
  for (auto& form : derived_secret_forms(secret.reveal())) {
    if (std::find(forms_.begin(), forms_.end(), form) != forms_.end()) continue;
    added.push_back(form);
    forms_.push_back(std::move(form));
  }
  std::stable_sort(forms_.begin(), forms_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return added;
}

std::vector<std::string> SecretRegistry::forms() const {
  std::lock_guard lock(mutex_);
  return forms_;
}

std::string SecretRegistry::redact(std::string text) const {
  std::lock_guard lock(mutex_);
  for (const auto& form : forms_) text = replace_all(text, form, "***");
  return text;
}

void SecretRegistry::clear_for_tests() {
  std::lock_guard lock(mutex_);
  forms_.clear();
  adopted_values_.clear();
}

}  // namespace ca
