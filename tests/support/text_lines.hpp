#pragma once
// Captured output split into lines, for the parsers of what CI hosts read.
#include <string>
#include <vector>

namespace ca::test {

// Lines without their '\n' or a trailing '\r'.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace ca::test
