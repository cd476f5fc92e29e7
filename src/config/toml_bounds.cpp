#include "config/toml_bounds.hpp"

#include <cstdio>
#include <vector>

namespace ca {
namespace {

constexpr char32_t kNotUtf8 = 0xFFFFFFFF;

// Strict UTF-8 (no overlongs, surrogates or values past U+10FFFF), as toml++'s
// reader decodes; sets `length` to the bytes read (1 when invalid).
char32_t decode_utf8(std::string_view text, std::size_t at, std::size_t& length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[at + k]); };
  const unsigned char lead = byte(0);
  length = 1;
  std::size_t extra = 0;  // continuation bytes
  char32_t minimum = 0;   // the smallest value that needs this many bytes (no overlongs)
  if (lead >= 0xC2 && lead <= 0xDF) {
    extra = 1;
    minimum = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    extra = 2;
    minimum = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    extra = 3;
    minimum = 0x10000;
  } else {
    return kNotUtf8;
  }
  if (at + extra >= text.size()) return kNotUtf8;
  char32_t value = lead & (0x7FU >> (extra + 1));
  for (std::size_t k = 1; k <= extra; ++k) {
    if ((byte(k) & 0xC0U) != 0x80U) return kNotUtf8;
    value = (value << 6U) | (byte(k) & 0x3FU);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return kNotUtf8;
  length = extra + 1;
  return value;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t'; }
bool is_ascii_blank(char c) { return is_ascii_space(c) || c == '\r' || c == '\n'; }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// One pass over the text that knows where strings and comments are, following
// toml++'s own rules (multi-line delimiters followed by up to two more quotes,
// escapes only in basic strings), so it agrees with the parser on every text
// up to the first point where the parser stops with an error.
//
// What it knows of TOML's grammar is just enough to tell what toml++ reads
// as a string and what it reads as a bare value: it follows keys, `=`,
// values, arrays, inline tables and table headers. toml++ reads a bare value
// (number, date, boolean) up to the next blank, `,`, `]`, `}`, `#` or line
// end, classifying each character with the faulty whitespace table, quotes
// and brackets included (`x = 0"""é`, `x = -["é"]`; found by fuzz_config):
// so a bare value is judged to its end as text outside strings. Past the first
// thing the model does not expect (a syntax error, where toml++ stops), every
// non-ASCII character is refused: the text is malformed anyway.
class Scanner {
 public:
  Scanner(std::string_view text, std::size_t limit) : text_(text), limit_(limit) {}

  std::optional<TextPosition> too_deep;
  std::optional<MisplacedCharacter> misplaced;
  std::vector<std::size_t> continued;  // offsets of non-ASCII characters that begin a continued line

  void run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a leading BOM: toml++ and cargo skip it
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (is_non_ascii(c)) {
        refuse(false);
        mark_malformed();
      } else if (malformed_) {
        step();
      } else if (c == '#') {
        while (i_ < text_.size() && text_[i_] != '\n') advance(1);
      } else if (c == '\n') {
        if (open_.empty()) expect_ = Expect::kKey;  // arrays (and TOML 1.1 inline tables) span lines
        if (!open_.empty() && open_.back() == 'H') mark_malformed();
        step();
      } else if (is_ascii_space(c) || c == '\r') {
        step();
      } else if (c == '"' || c == '\'') {
        if (expect_ == Expect::kAfter) {
          mark_malformed();
          continue;
        }
        string(c);
        expect_ = Expect::kAfter;
        after_date_ = false;
      } else if (expect_ == Expect::kValue) {
        value_start(c);
      } else if (expect_ == Expect::kKey) {
        key_start(c);
      } else {
        after_item(c);
      }
    }
  }

 private:
  enum class Expect { kKey, kValue, kAfter };

  static bool is_bare_key_character(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }
  static bool ends_bare_value(char c) {
    return is_ascii_blank(c) || c == ',' || c == ']' || c == '}' || c == '#';
  }

  char top() const { return open_.empty() ? '\0' : open_.back(); }

  // At the cursor the text stops being TOML as modelled here.
  void mark_malformed() {
    if (malformed_) return;
    malformed_ = true;
    malformed_at_ = at_;
    malformed_char_ = i_ < text_.size() ? text_[i_] : '\n';
  }

  // One ASCII character outside strings: nesting bound, then past it.
  void step() {
    count_nesting(text_[i_]);
    advance(1);
  }

  void value_start(char c) {
    if (c == '[') {
      open_.push_back('A');  // an array: values follow
    } else if (c == '{') {
      open_.push_back('T');  // an inline table: keys follow
      expect_ = Expect::kKey;
    } else if (c == ']' && top() == 'A') {
      open_.pop_back();  // `[]`, or a trailing comma
      expect_ = Expect::kAfter;
    } else {
      bare_value();
      return;
    }
    step();
  }

  // A number, date, time, boolean, inf or nan, to where toml++ stops reading it.
  void bare_value() {
    const std::size_t start = i_;
    while (i_ < text_.size() && !ends_bare_value(text_[i_])) {
      if (is_non_ascii(text_[i_])) {
        refuse(false);
        mark_malformed();
      } else {
        step();
      }
    }
    // A local date may be followed by " time" (TOML allows a space there).
    const std::string_view value = text_.substr(start, i_ - start);
    after_date_ = value.size() == 10 && value[4] == '-' && value[7] == '-';
    expect_ = Expect::kAfter;
  }

  void key_start(char c) {
    if (c == '[' && (open_.empty() || top() == 'H')) {
      open_.push_back('H');  // a table header, `[[` an array of tables
      step();
    } else if (c == '}' && top() == 'T') {
      open_.pop_back();  // `{}`, or a trailing comma (TOML 1.1)
      expect_ = Expect::kAfter;
      step();
    } else if (is_bare_key_character(c)) {
      while (i_ < text_.size() && is_bare_key_character(text_[i_])) step();
      expect_ = Expect::kAfter;
      after_date_ = false;
    } else {
      mark_malformed();
    }
  }

  void after_item(char c) {
    if (after_date_ && c >= '0' && c <= '9') {
      bare_value();  // the time of "1979-05-27 07:32:00"
      after_date_ = false;
      return;
    }
    after_date_ = false;
    if (c == '.') {
      expect_ = Expect::kKey;  // a dotted key
    } else if (c == '=') {
      expect_ = Expect::kValue;
    } else if (c == ',' && top() == 'A') {
      expect_ = Expect::kValue;
    } else if (c == ',' && top() == 'T') {
      expect_ = Expect::kKey;
    } else if ((c == ']' && (top() == 'A' || top() == 'H')) || (c == '}' && top() == 'T')) {
      open_.pop_back();
    } else {
      mark_malformed();
      return;
    }
    step();
  }

  void advance(std::size_t n) {
    for (std::size_t k = 0; k < n && i_ < text_.size(); ++k, ++i_) {
      const auto byte = static_cast<unsigned char>(text_[i_]);
      if (byte == '\n') {
        ++at_.line;
        at_.column = 1;
      } else if ((byte & 0xC0U) != 0x80U) {
        ++at_.column;  // continuation bytes belong to the character already counted
      }
    }
  }

  // Records the character at the cursor (the first one only) and steps over
  // it; past a syntax error, that error is what the user must fix.
  void refuse(bool after_backslash) {
    std::size_t length = 1;
    const char32_t code_point = decode_utf8(text_, i_, length);
    if (!misplaced) {
      misplaced = malformed_ ? MisplacedCharacter{malformed_at_, static_cast<unsigned char>(malformed_char_),
                                                  false, true}
                             : MisplacedCharacter{at_, code_point, after_backslash, false};
    }
    advance(length);
  }

  void count_nesting(char c) {
    if (c == '[' || c == '{') ++brackets_;
    if ((c == ']' || c == '}') && brackets_ > 0) --brackets_;
    if (c == '.') ++dots_;  // floats and dates add a few; harmless for a bound
    if (c == '=' || c == ',' || c == '\n') dots_ = 0;
    if (brackets_ + dots_ > limit_ && !too_deep) too_deep = at_;
  }

  // The number of `quote` characters at the cursor, at most `most`.
  std::size_t run_of(char quote, std::size_t most) const {
    std::size_t n = 0;
    while (n < most && i_ + n < text_.size() && text_[i_ + n] == quote) ++n;
    return n;
  }

  void string(char quote) {
    const bool multi_line = run_of(quote, 3) == 3;
    advance(multi_line ? 3 : 1);
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == quote) {
        if (!multi_line) {
          advance(1);
          return;
        }
        // toml++ reads up to five: 1 or 2 are content, 3 close, 4 or 5 close after 1 or 2 of content.
        const std::size_t run = run_of(quote, 5);
        advance(run);
        if (run >= 3) return;
      } else if (c == '\\' && quote == '"') {
        if (multi_line) {
          multi_line_escape();
        } else {
          advance(2);  // an escape, including \" and \\ (a line break after it is the parser's error)
        }
      } else if (c == '\n' && !multi_line) {
        return;  // unterminated: the parser reports it
      } else {
        advance(1);
      }
    }
  }

  // At a backslash in a multi-line basic string. toml++ classifies the
  // character after it, and after a line-ending backslash's spaces, with the
  // whitespace table; then, past the line break(s) and indentation it skips,
  // the first character of the continued text.
  void multi_line_escape() {
    advance(1);
    if (i_ >= text_.size()) return;
    if (is_non_ascii(text_[i_])) return refuse(true);
    if (!is_ascii_blank(text_[i_])) return advance(1);  // an escape letter (or the parser's error)
    while (i_ < text_.size() && is_ascii_space(text_[i_])) advance(1);
    if (i_ < text_.size() && is_non_ascii(text_[i_])) return refuse(true);
    while (i_ < text_.size() && is_ascii_blank(text_[i_])) advance(1);
    if (i_ < text_.size() && is_non_ascii(text_[i_])) continued.push_back(i_);
  }

  std::string_view text_;
  std::size_t limit_;
  std::size_t i_ = 0;
  TextPosition at_;
  std::size_t brackets_ = 0;  // open [ and { (inline tables, arrays, table headers)
  std::size_t dots_ = 0;      // dotted-key segments since the last '=', ',' or line end
  Expect expect_ = Expect::kKey;
  std::vector<char> open_;   // open [ and { : 'A' array, 'T' inline table, 'H' table header
  bool after_date_ = false;  // the last bare value was a date, a time may follow after a space
  bool malformed_ = false;   // past a syntax error: no more strings are modelled
  TextPosition malformed_at_;
  char malformed_char_ = 0;
};

std::string code_point_name(char32_t code_point) {
  char name[16];
  std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(code_point));
  return name;
}

// `text` with each non-ASCII character at the `continued` offsets written as
// a \u escape (see toml_text_for_parser).
std::string escape_continued_lines(std::string_view text, const std::vector<std::size_t>& continued) {
  std::string out;
  out.reserve(text.size() + 10 * continued.size());
  std::size_t copied = 0;
  for (const std::size_t at : continued) {
    std::size_t length = 1;
    const char32_t code_point = decode_utf8(text, at, length);
    if (code_point == kNotUtf8) continue;  // toml++'s reader refuses the bytes before classifying them
    char escape[16];
    if (code_point > 0xFFFF) {
      std::snprintf(escape, sizeof escape, "\\U%08X", static_cast<unsigned>(code_point));
    } else {
      std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(code_point));
    }
    out.append(text.substr(copied, at - copied));
    out += escape;
    copied = at + length;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace

std::optional<TextPosition> toml_nesting_exceeded(std::string_view text, std::size_t limit) {
  Scanner scanner(text, limit);
  scanner.run();
  return scanner.too_deep;
}

std::optional<MisplacedCharacter> toml_misplaced_non_ascii(std::string_view text) {
  Scanner scanner(text, kMaxTomlNesting);
  scanner.run();
  return scanner.misplaced;
}

std::string misplaced_character_message(const MisplacedCharacter& misplaced) {
  if (misplaced.syntax_error) {
    const char c = static_cast<char>(misplaced.code_point);
    const std::string shown = c == '\n'   ? "a line break"
                              : c == '\r' ? "a carriage return"
                                          : std::string("'") + c + "'";
    return "malformed TOML: unexpected " + shown +
           " here (cargo refuses it too). Fix the syntax at this place; a key, `=`, a value, a string, `[`, "
           "`{`, `,` or a comment belongs here.";
  }
  const std::string what = misplaced.code_point == kNotUtf8
                               ? "a byte that is not UTF-8"
                               : "non-ASCII character " + code_point_name(misplaced.code_point);
  if (misplaced.after_backslash) {
    return "malformed TOML: " + what +
           " after a backslash in a multi-line string, which is not an escape (cargo refuses it "
           "too). Write the character without the backslash, or end the line after the backslash.";
  }
  return "malformed TOML: " + what +
         " outside a quoted string or comment; TOML bare keys hold only ASCII letters, digits, "
         "`-` and `_` (cargo refuses it too). Quote the key (\"...\") or remove the character.";
}

std::string toml_text_for_parser(std::string_view text) {
  Scanner scanner(text, kMaxTomlNesting);
  scanner.run();
  return escape_continued_lines(text, scanner.continued);
}

TomlTextCheck check_toml_text(std::string_view text) {
  Scanner scanner(text, kMaxTomlNesting);
  scanner.run();
  TomlTextCheck check{scanner.too_deep, scanner.misplaced, {}};
  if (!check.misplaced) check.parser_text = escape_continued_lines(text, scanner.continued);
  return check;
}

}  // namespace ca
