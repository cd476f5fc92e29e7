#pragma once
// Breaks the command markers a CI host's real parser could read in a relayed
// line, in a way those parsers cannot skip.
//
// The Azure agent (Command.TryParse) and the GitHub runner (ActionCommand
// TryParse/TryParseV2) search with .NET's culture-sensitive IndexOf/StartsWith:
// ICU collation, which ignores zero-width and other ignorable characters
// (U+200B, U+00AD, controls...), and the runner first trims every .NET white
// space (U+00A0, U+2003, U+3000, VT, FF...). So markers are found on the line's
// "skeleton": its printable ASCII characters (0x21-0x7E) only, everything else
// treated as skippable. Only printable ASCII characters are never ignorable,
// and only U+0023 and U+003A collate as '#' and ':', so breaking the skeleton
// breaks the parsers' reading too (tests check it with ICU itself).
// A visible '\' is inserted; nothing is removed. Pure functions, never throw.
#include <string>
#include <string_view>

namespace ca {

// Inserts '\' after every '#' whose next skeleton character is '#': afterwards
// the skeleton holds no "##", hence neither "##vso[" anywhere nor "##[".
std::string break_hash_pairs(std::string_view line);

// When the skeleton starts with "::" (a GitHub workflow command once the
// runner has trimmed the line), inserts '\' after the first ':'.
std::string break_leading_colons(std::string_view line);

// CR and LF shown as "\r" and "\n": the relayed text stays one line.
std::string one_visible_line(std::string_view text);

}  // namespace ca
