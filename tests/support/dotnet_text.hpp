#pragma once
// How .NET code (the Azure agent, the GitHub runner) reads a line of output:
// UTF-8 decoded with U+FFFD for bad bytes, String.TrimStart() (every char for
// which char.IsWhiteSpace is true), and the culture-sensitive IndexOf /
// StartsWith the agent and runner use (ICU on Linux: usearch with the root
// collator at tertiary strength, which skips ignorable characters such as
// U+200B, U+00AD and control characters). Test support only; never throws.
#include <optional>
#include <string>
#include <string_view>

namespace ca::test::dotnet {

// char.IsWhiteSpace for one UTF-16 unit (Zs, Zl, Zp, U+0009-U+000D, U+0085).
bool is_white_space(char16_t c);

// String.TrimStart() applied to a UTF-8 line; result re-encoded as UTF-8.
std::string trim_start(std::string_view utf8);

// Culture-sensitive IndexOf: byte offset (in the UTF-8 re-encoding of `haystack`
// returned through `decoded`) of the first match, or nullopt.
std::optional<std::size_t> culture_index_of(std::string_view haystack, std::string_view needle,
                                            std::string* decoded = nullptr);

// Culture-sensitive StartsWith: a match whose prefix is only ignorable characters.
bool culture_starts_with(std::string_view haystack, std::string_view prefix);

// What the runner reads: after TrimStart, a line starting with "::" (culture-
// sensitive or ordinal) or holding "##[" anywhere is a workflow command candidate.
bool github_runner_sees_command(std::string_view line);
// What the agent reads: "##vso[" anywhere (culture-sensitive or ordinal), or
// "##[" at the start (a display marker).
bool azure_agent_sees_command(std::string_view line);

}  // namespace ca::test::dotnet
