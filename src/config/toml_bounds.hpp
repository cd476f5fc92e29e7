#pragma once
// Bounds checked on a configuration file's text before toml++ sees it: toml++
// recurses once per nesting level (tables, arrays, dotted-key segments), and
// 40,000 dotted-key levels overflow the stack. Cargo configurations need a
// handful of levels; kMaxTomlNesting leaves ample room.
#include <cstddef>
#include <optional>
#include <string_view>

namespace ca {

constexpr std::size_t kMaxTomlNesting = 128;
constexpr std::size_t kMaxConfigFileBytes = 16U * 1024U * 1024U;

struct TextPosition {
  int line = 1;
  int column = 1;
};

// Where nesting (open brackets/braces plus dotted-key segments, outside strings
// and comments) first exceeds `limit`; nullopt when it never does. Linear time.
std::optional<TextPosition> toml_nesting_exceeded(std::string_view text, std::size_t limit = kMaxTomlNesting);

}  // namespace ca
