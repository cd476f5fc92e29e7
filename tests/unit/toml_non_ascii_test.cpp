// Non-ASCII characters where TOML allows only ASCII (issue: UB in toml++ 3.3).
// Debian's toml++ 3.3 classifies such a character with a generated whitespace
// table (is_non_ascii_horizontal_whitespace) whose mask misses 3,019 code
// points: U+00A1..U+0499, U+2C5E..U+2FFF, U+3001..U+3057 and U+FB26..U+FEFE
// reach __builtin_unreachable(), undefined behaviour on text a pull request
// controls (a bare key in .cargo/config.toml). cargo 1.95 refuses every
// non-ASCII character outside strings and comments, so the tool refuses them
// all before toml++ reads the text, with file:line:column; inside strings and
// comments they keep working.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config_file.hpp"
#include "config/toml_bounds.hpp"
#include "core/error.hpp"
#include "support/temp_dir.hpp"

namespace ca {
namespace {

using test::TempDir;

struct Refusal {
  ExitCode code = ExitCode::kSuccess;
  std::string message;
  SourceLocation where;
};

Refusal load(const std::filesystem::path& file) {
  try {
    load_config_file(file);
  } catch (const Error& e) {
    return {e.code(), e.what(), e.where()};
  }
  return {};
}

// One code point from each end and the middle of every range that reaches the
// fall-through, plus characters the table answers correctly (U+00A0, U+3000,
// CJK, an emoji): cargo refuses those as well.
struct Sample {
  const char* utf8;
  const char* name;
};
const std::vector<Sample> kSamples = {
    {"\u00A1", "U+00A1"}, {"\u00E9", "U+00E9"}, {"\u0416", "U+0416"},      {"\u0499", "U+0499"},
    {"\u2C5E", "U+2C5E"}, {"\u3001", "U+3001"}, {"\u3042", "U+3042"},      {"\u3057", "U+3057"},
    {"\uFB26", "U+FB26"}, {"\uFE0F", "U+FE0F"}, {"\uFEFE", "U+FEFE"},      {"\u00A0", "U+00A0"},
    {"\u3000", "U+3000"}, {"\u4E2D", "U+4E2D"}, {"\U0001F600", "U+1F600"},
};

// Documents with the character (written X) outside any string, and where the
// first X is (line, column in characters, as cargo counts them).
struct Placement {
  const char* document;
  int line;
  int column;
};
const std::vector<Placement> kPlacements = {
    {"X = 1\n", 1, 1},                                                     // bare key
    {"[registries]\ncafX = { index = \"sparse+https://x/\" }\n", 2, 4},    // inside a bare key
    {"x = X\n", 1, 5},                                                     // value position
    {"x = 1X\n", 1, 6},                                                    // right after a value
    {"x = true X\n", 1, 10},                                               // after a value and a space
    {"a.X = 1\n", 1, 3},                                                   // after a dotted key
    {"registries.X.index = \"sparse+https://x/\"\n", 1, 12},               // dotted key segment
    {"[X]\n", 1, 2},                                                       // table header
    {"# \u00E9\n[registries.X]\nindex = \"sparse+https://x/\"\n", 2, 13},  // header, after a comment
    {"[[X]]\n", 1, 3},                                                     // array-of-tables header
    {"x = { X = 1 }\n", 1, 7},                                             // inline table key
    {"x = [1, X]\n", 1, 9},                                                // array element
    {"\"a\"X = 1\n", 1, 4},                                                // after a quoted key
    {"x = \"it's\"X\n", 1, 11},                                            // after a quote in a string
    {"x = \"\"\"a\"\"\"\"\"X = 1\n", 1, 14},  // after a string closed by 5 quotes
};

std::string with(const std::string& document, const std::string& character) {
  std::string out;
  for (char c : document) {
    if (c == 'X') {
      out += character;
    } else {
      out += c;
    }
  }
  return out;
}

TEST(TomlNonAscii, RefusedOutsideStringsAndCommentsWithFileLineColumn) {
  TempDir dir;
  for (const auto& sample : kSamples) {
    for (const auto& placement : kPlacements) {
      const std::string document = with(placement.document, sample.utf8);
      const auto file = dir.write("config.toml", document);
      const Refusal refusal = load(file);
      SCOPED_TRACE(sample.name + std::string(" in: ") + document);
      EXPECT_EQ(refusal.code, ExitCode::kBadInput);
      EXPECT_NE(refusal.message.find(sample.name), std::string::npos) << refusal.message;
      EXPECT_NE(refusal.message.find("outside a quoted string or comment"), std::string::npos)
          << refusal.message;
      EXPECT_EQ(refusal.where.file, file.string());
      EXPECT_EQ(refusal.where.line, placement.line);
      EXPECT_EQ(refusal.where.column, placement.column);
    }
  }
}

TEST(TomlNonAscii, RefusedAfterABackslashInAMultiLineString) {
  // Not an escape, and toml++ classifies it with the same table; cargo refuses both.
  TempDir dir;
  for (const std::string document : {"x = \"\"\"\\\u00E9\"\"\"\n", "x = \"\"\"\\ \u00E9\n\"\"\"\n"}) {
    const Refusal refusal = load(dir.write("config.toml", document));
    EXPECT_EQ(refusal.code, ExitCode::kBadInput) << document;
    EXPECT_NE(refusal.message.find("U+00E9"), std::string::npos) << refusal.message;
    EXPECT_NE(refusal.message.find("backslash"), std::string::npos) << refusal.message;
  }
}

std::string value_of(const std::string& document, const char* key = "x") {
  TempDir dir;
  const toml::table table = parse_toml_file(dir.write("config.toml", document));
  return table[key].value_or(std::string("<missing>"));
}

// Found by fuzz_config: toml++ reads a bare value (after `=`, in an array)
// up to a blank, `,`, `]`, `}` or `#`, quotes and brackets included, and
// classifies each character with its faulty whitespace table; and after a
// syntax error the text is not TOML, so no string is assumed there either.
TEST(TomlNonAscii, NonAsciiInABareValueOrAfterASyntaxErrorIsRefused) {
  using namespace std::string_literals;
  TempDir dir;
  for (const std::string document :
       {"A = 0\"\"\"\u3042 b\"\"\"\n"s, "A = 0\"\u00E9\"\n"s, "x = -[\"\u00E9\"]\n"s,
        "oo=-=-\"\\[[[\"\u00E9t\u00E9\t\n"s, "A = \"x\"\"\u3042\"\n"s, "[t]'\u3001'\n"s,
        "A = 0\"\"\"\0\x02\0\0\0\0\0\0\u3042 b\"\"\"\n"s, "x = 1 2\n# \u00E9\n"s}) {
    const Refusal refusal = load(dir.write("config.toml", document));
    EXPECT_EQ(refusal.code, ExitCode::kBadInput) << document;
    EXPECT_EQ(refusal.message.rfind("malformed TOML: ", 0), 0U) << refusal.message;
  }
  // The syntax error, not the later character, is what the user is shown.
  const Refusal refusal = load(dir.write("config.toml", "x = 1 2\n# caf\u00E9\n"));
  EXPECT_NE(refusal.message.find("unexpected '2'"), std::string::npos) << refusal.message;
  EXPECT_EQ(refusal.where.line, 1);
  EXPECT_EQ(refusal.where.column, 7);
}

// Where TOML puts strings, they are strings, with blanks, comments, line
// breaks, nesting and dates between; non-ASCII text in them is read.
TEST(TomlNonAscii, StringsEverywhereTomlAllowsThemAreRead) {
  const std::string document =
      "# \u00E9\n[t . \"k\u00E9\"]\nx = [ # a comment \u00E9\n  \"\u3042\",\t'\u3001', [ 1, \"\u00E9\" ], ]\n"
      "y = { \"k\u00E9\" = 1, b = { c = \"\u00E9\" } }\n\"q\u00E9\" . \"r\" = 2\nd = 1979-05-27 07:32:00\n"
      "e = 1979-05-27T07:32:00Z # \u00E9\n[[a]]\nz = \"\u3042\"\n";
  TempDir dir;
  const toml::table table = parse_toml_file(dir.write("config.toml", document));
  EXPECT_EQ(table["t"]["k\u00E9"]["x"][1].value_or(std::string()), "\u3001");
  EXPECT_EQ(table["t"]["k\u00E9"]["y"]["b"]["c"].value_or(std::string()), "\u00E9");
  EXPECT_EQ(table["a"][0]["z"].value_or(std::string()), "\u3042");
}

TEST(TomlNonAscii, ParsedInsideStringsAndComments) {
  for (const auto& sample : kSamples) {
    const std::string c = sample.utf8;
    SCOPED_TRACE(sample.name);
    EXPECT_EQ(value_of("x = \"a" + c + "\"\n"), "a" + c);
    EXPECT_EQ(value_of("x = '" + c + "'\n"), c);
    EXPECT_EQ(value_of("x = \"\"\"\n" + c + "\n" + c + "\"\"\"\n"), c + "\n" + c);
    EXPECT_EQ(value_of("x = '''" + c + "'''\n"), c);
    EXPECT_EQ(value_of("\"" + c + "\" = \"k\"\n", c.c_str()), "k");  // quoted key
    EXPECT_EQ(value_of("# " + c + " \"quote' in a comment\nx = \"v\" # " + c + "\n"), "v");
    EXPECT_EQ(value_of("x = \"\\\"" + c + "\\\\\" # " + c + "\n"), "\"" + c + "\\");  // escapes
    EXPECT_EQ(value_of("x = 'a\\' # " + c + "\n"), "a\\");  // a literal string ends at its quote
    EXPECT_EQ(value_of("x = \"\"\"\"\"" + c + "\"\"\"\"\" # " + c + "\n"), "\"\"" + c + "\"\"");
    EXPECT_EQ(value_of("x = '''''" + c + "''''' # " + c + "\n"), "''" + c + "''");
    TempDir dir;
    const toml::table nested = parse_toml_file(
        dir.write("config.toml", "y = { z = \"" + c + "\" }\nx = [\"" + c + "\"] # " + c + "\n"));
    EXPECT_EQ(nested["y"]["z"].value_or(std::string()), c);
    EXPECT_EQ(nested["x"][0].value_or(std::string()), c);
  }
}

TEST(TomlNonAscii, LineContinuationIntoANonAsciiCharacterKeepsItsValue) {
  // toml++ classifies the first character after a line-ending backslash with
  // the same table; the tool hands it over as a \u escape (same value), which
  // also keeps U+00A0 and U+3000 there as cargo does (toml++ would drop them).
  for (const auto& sample : kSamples) {
    const std::string c = sample.utf8;
    SCOPED_TRACE(sample.name);
    EXPECT_EQ(value_of("x = \"\"\"a\\\n   " + c + " b\"\"\"\n"), "a" + c + " b");
    EXPECT_EQ(value_of("x = \"\"\"a\\  \r\n\r\n\t" + c + c + "\"\"\"\n"), "a" + c + c);
    EXPECT_EQ(value_of("x = \"\"\"\\\n" + c + "\"\"\"\ny = 1 # " + c + "\n"), c);
  }
}

TEST(TomlNonAscii, LeadingByteOrderMarkIsAccepted) {
  // cargo skips a UTF-8 BOM at the start of the file, as toml++ does.
  EXPECT_EQ(value_of("\xEF\xBB\xBFx = \"v\"\n"), "v");
}

TEST(TomlNonAscii, TextForTheParserChangesOnlyAContinuedLinesFirstCharacter) {
  const std::string plain = "# \u00E9\nx = \"\u00E9\" # \"\ny = \"\"\"\\\n  a\u00E9\"\"\"\n";
  EXPECT_EQ(toml_text_for_parser(plain), plain);
  EXPECT_EQ(toml_text_for_parser("x = \"\"\"\\\n  \u00E9\u00E9\\\n\U0001F600\"\"\"\n"),
            "x = \"\"\"\\\n  \\u00E9\u00E9\\\n\\U0001F600\"\"\"\n");
  // A literal string has no escapes, so no continuations.
  const std::string literal = "x = '''\\\n\u00E9'''\n";
  EXPECT_EQ(toml_text_for_parser(literal), literal);
}

TEST(TomlNonAscii, BytesThatAreNotUtf8OutsideStringsAreRefused) {
  const auto misplaced = toml_misplaced_non_ascii("x = 1\n\xFF = 2\n");
  ASSERT_TRUE(misplaced.has_value());
  EXPECT_EQ(misplaced->at.line, 2);
  EXPECT_EQ(misplaced->at.column, 1);
  EXPECT_NE(misplaced_character_message(*misplaced).find("not UTF-8"), std::string::npos);
  EXPECT_FALSE(toml_misplaced_non_ascii("x = 1\n").has_value());
}

}  // namespace
}  // namespace ca
