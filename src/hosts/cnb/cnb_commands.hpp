#pragma once
// Cloud Native Build's log protocol: plain text, plus `##[set-output key=value]`
// lines on stdout that become the job's result (and, through `exports:`,
// variables of later jobs). CNB masks nothing in its logs, so these functions
// are where user-derived text is made harmless: no line may start a command,
// no value may start a new line. Each returns one line without the newline.
#include <optional>
#include <string>
#include <string_view>

namespace ca::cnb {

// A log line: CR/LF shown as \r \n, and "##[" broken up with a zero-width
// space so a registry name or cargo message can never forge a set-output.
std::string plain_line(std::string_view text);

// True for keys CNB accepts and `exports:` can name: [A-Za-z0-9_-]+.
bool valid_output_key(std::string_view key);
// "##[set-output key=value]" with CR/LF in the value shown as \r \n; nullopt
// for an invalid key.
std::optional<std::string> set_output(std::string_view key, std::string_view value);

}  // namespace ca::cnb
