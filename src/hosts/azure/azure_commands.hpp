#pragma once
// The Azure Pipelines logging-command protocol, one function per command, with
// the task library's escaping (azure-pipelines-task-lib node/taskcommand.ts):
// property values escape % CR LF ] ; and data escapes % CR LF, so no value can
// end the command early or start another line. Each returns one full line
// without the trailing newline.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/source_location.hpp"

namespace ca::azure {

std::string escape_property(std::string_view value);
std::string escape_data(std::string_view value);
std::string unescape_property(std::string_view value);  // the agent's side, for tests
std::string unescape_data(std::string_view value);

using Properties = std::vector<std::pair<std::string, std::string>>;
std::string command(std::string_view area_action, const Properties& properties, std::string_view data);

std::string set_secret(std::string_view value);
std::string set_variable(std::string_view name, std::string_view value, bool is_secret,
                         bool is_output = false);
std::string log_issue(std::string_view type, std::string_view message, const SourceLocation& where = {});
std::string complete(std::string_view result, std::string_view message);
std::string debug(std::string_view message);
std::string upload_summary(std::string_view path);

// A plain log line that carries user-derived text: the agent looks for "##vso["
// anywhere in a line and "##[" at its start, so both are broken up, and CR/LF
// are shown as \r \n rather than starting a new line.
std::string plain_line(std::string_view text);

}  // namespace ca::azure
