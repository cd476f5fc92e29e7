#pragma once
// The GitHub Actions workflow-command and environment-file protocol, one
// function per command, with the runner's escaping (actions/toolkit
// packages/core/src/command.ts): data escapes % CR LF; property values also
// escape : and , so no value can end a property or the command early. Each
// command function returns one full line without the trailing newline.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/source_location.hpp"

namespace ca::github {

std::string escape_data(std::string_view value);
std::string escape_property(std::string_view value);
std::string unescape_data(std::string_view value);  // the runner's side, for tests
std::string unescape_property(std::string_view value);

using Properties = std::vector<std::pair<std::string, std::string>>;
// "::name k=v,k=v::data"
std::string command(std::string_view name, const Properties& properties, std::string_view data);

std::string add_mask(std::string_view value);
// ::error / ::warning / ::notice with file, line, col when known.
std::string annotation(std::string_view type, std::string_view message, const SourceLocation& where = {});
std::string debug(std::string_view message);
std::string group(std::string_view title);
std::string end_group();

// A log line that carries user-derived text: the runner treats a line whose
// first non-blank characters are "::" as a command (and "##[" as a legacy
// one), so both are broken up with a zero-width space, and CR/LF are shown as
// \r \n rather than starting a new line.
std::string plain_line(std::string_view text);

// One entry of $GITHUB_ENV / $GITHUB_OUTPUT in the heredoc form the runner
// reads for any value: "NAME<<ghadelimiter_<random>\nvalue\nDELIM\n". The
// delimiter is drawn again until it occurs in neither name nor value.
// `random_suffix` is replaceable so tests can force collisions.
using RandomSuffix = std::function<std::string()>;
std::string file_entry(std::string_view name, std::string_view value, const RandomSuffix& random_suffix);
std::string file_entry(std::string_view name, std::string_view value);
std::string random_hex(std::size_t bytes);

}  // namespace ca::github
