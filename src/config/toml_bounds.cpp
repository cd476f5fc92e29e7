#include "config/toml_bounds.hpp"

#include <string>

namespace ca {

std::optional<TextPosition> toml_nesting_exceeded(std::string_view text, std::size_t limit) {
  TextPosition at;
  std::size_t brackets = 0;  // open [ and { (inline tables, arrays, table headers)
  std::size_t dots = 0;      // dotted-key segments since the last '=', ',' or line end
  std::size_t i = 0;
  auto advance = [&](std::size_t n) {
    for (std::size_t k = 0; k < n && i < text.size(); ++k, ++i) {
      if (text[i] == '\n') {
        ++at.line;
        at.column = 1;
      } else {
        ++at.column;
      }
    }
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') advance(1);
      continue;
    }
    if (c == '"' || c == '\'') {
      const bool multi = text.substr(i, 3) == std::string(3, c);
      const std::string close = multi ? std::string(3, c) : std::string(1, c);
      advance(close.size());
      while (i < text.size()) {
        if (c == '"' && text[i] == '\\') {
          advance(2);
          continue;
        }
        if (text.substr(i, close.size()) == close) {
          advance(close.size());
          break;
        }
        if (!multi && text[i] == '\n') break;  // unterminated: the parser reports it
        advance(1);
      }
      continue;
    }
    if (c == '[' || c == '{') ++brackets;
    if ((c == ']' || c == '}') && brackets > 0) --brackets;
    if (c == '.') ++dots;  // floats and dates add a few; harmless for a bound
    if (c == '=' || c == ',' || c == '\n') dots = 0;
    if (brackets + dots > limit) return at;
    advance(1);
  }
  return std::nullopt;
}

}  // namespace ca
