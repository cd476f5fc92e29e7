#include "support/secret_scan.hpp"

#include <gtest/gtest.h>

#include "core/secret_registry.hpp"

namespace ca::test {

std::vector<std::string> secret_forms_in(const std::string& text, const std::vector<std::string>& tokens) {
  std::vector<std::string> found;
  for (const auto& token : tokens) {
    for (const auto& form : derived_secret_forms(token)) {
      if (text.find(form) != std::string::npos) found.push_back(form);
    }
  }
  return found;
}

void expect_no_secrets(const std::string& text, const std::vector<std::string>& tokens,
                       const std::string& where) {
  for (const auto& form : secret_forms_in(text, tokens)) {
    ADD_FAILURE() << "a form of a test token (" << form << ") leaked into " << where;
  }
}

}  // namespace ca::test
