#pragma once
// Looks for test tokens where they must not be (logs, outputs, files not meant
// for them): each token in every form derived_secret_forms() knows — raw,
// "Bearer T", the parts of "Basic base64(user:T)", and base64 of each.
#include <string>
#include <vector>

namespace ca::test {

// The forms of any token found in text (empty when clean).
std::vector<std::string> secret_forms_in(const std::string& text, const std::vector<std::string>& tokens);
// ADD_FAILURE for each form found, naming `where`.
void expect_no_secrets(const std::string& text, const std::vector<std::string>& tokens,
                       const std::string& where);

}  // namespace ca::test
