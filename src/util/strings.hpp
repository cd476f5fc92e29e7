#pragma once
// Small string helpers shared by every layer (ASCII only, locale-independent).
#include <string>
#include <string_view>
#include <vector>

namespace ca {

std::string trim(std::string_view text);
std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);
bool starts_with_ignore_case(std::string_view text, std::string_view prefix);
bool equals_ignore_case(std::string_view a, std::string_view b);
std::string replace_all(std::string text, std::string_view from, std::string_view to);
// Splits on any of the separator characters, trims, drops empty pieces.
std::vector<std::string> split_list(std::string_view text, std::string_view separators = ",\n");
std::string join(const std::vector<std::string>& parts, std::string_view separator);
// True when the text holds a control character (CR, LF, NUL, ...), tab excepted.
bool has_control_characters(std::string_view text);

// Well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace ca
