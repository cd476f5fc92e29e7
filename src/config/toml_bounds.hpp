#pragma once
// Checks on a configuration file's text before toml++ sees it.
//
// Nesting: toml++ recurses once per nesting level (tables, arrays, dotted-key
// segments), and 40,000 dotted-key levels overflow the stack. Cargo
// configurations need a handful of levels; kMaxTomlNesting leaves ample room.
//
// Non-ASCII characters: toml++ 3.3 (Debian's) classifies a character outside a
// string, and the first one after a backslash in a multi-line basic string,
// with is_non_ascii_horizontal_whitespace, a generated table whose mask misses
// 3,019 code points (U+00A1..U+0499, U+2C5E..U+2FFF, U+3001..U+3057,
// U+FB26..U+FEFE): they reach __builtin_unreachable(), undefined behaviour on
// text a pull request controls. TOML and cargo 1.95 allow non-ASCII only inside
// strings and comments, so the tool refuses every non-ASCII character outside
// them, as cargo does (not only the 3,019), and hands the one string position
// where it is valid to toml++ as an escape.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ca {

constexpr std::size_t kMaxTomlNesting = 128;
constexpr std::size_t kMaxConfigFileBytes = 16U * 1024U * 1024U;

struct TextPosition {
  int line = 1;
  int column = 1;  // in characters (code points), as cargo counts
};

// Where nesting (open brackets/braces plus dotted-key segments, outside strings
// and comments) first exceeds `limit`; nullopt when it never does. Linear time.
std::optional<TextPosition> toml_nesting_exceeded(std::string_view text, std::size_t limit = kMaxTomlNesting);

// A non-ASCII character where TOML allows only ASCII.
struct MisplacedCharacter {
  TextPosition at;
  char32_t code_point = 0;       // 0xFFFFFFFF when the bytes are not UTF-8
  bool after_backslash = false;  // in a multi-line basic string, where an escape letter belongs
  // A syntax error earlier than the first non-ASCII character: `at` and
  // `code_point` are the (ASCII) character where the text stops being TOML.
  // toml++ could read on from there through the non-ASCII text, so the text is
  // refused at the error instead.
  bool syntax_error = false;
};

// The first non-ASCII character outside strings and comments, or right after a
// backslash (and spaces) in a multi-line basic string, or the syntax error
// before a later non-ASCII character; nullopt when none.
std::optional<MisplacedCharacter> toml_misplaced_non_ascii(std::string_view text);

// What the user reads about it: the code point (never the character itself,
// which may be a bidirectional control), why, and the fix.
std::string misplaced_character_message(const MisplacedCharacter& misplaced);

// All of it in one pass over the text, for the readers of configuration
// files (which check every file before toml++ reads it): where nesting first
// exceeds kMaxTomlNesting, the misplaced character, and, when there is none,
// the text toml++ should parse (as toml_text_for_parser gives it).
struct TomlTextCheck {
  std::optional<TextPosition> too_deep;
  std::optional<MisplacedCharacter> misplaced;
  std::string parser_text;  // empty when misplaced is set
};
TomlTextCheck check_toml_text(std::string_view text);

// The text toml++ should parse for `text` (which toml_misplaced_non_ascii
// accepted): the same document, except that a non-ASCII character starting the
// text after a line-ending backslash in a multi-line basic string is written as
// a \u escape. The string's value is unchanged (cargo reads the same); toml++
// then never classifies that character, and keeps a U+00A0 or U+3000 there as
// cargo does instead of trimming it. Columns after it on that line shift.
std::string toml_text_for_parser(std::string_view text);

}  // namespace ca
