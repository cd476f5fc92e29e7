#pragma once
// The Azure front door: fills Options from the task's inputs (INPUT_<NAME>,
// names as in task.json) and the agent's variables. Used when the binary runs
// as the task (TF_BUILD=True and no command-line arguments).
// Throws ca::Error for malformed inputs (e.g. a tokenVariables line without '=').
#include "core/environment.hpp"
#include "core/options.hpp"

namespace ca {

Options options_from_azure_inputs(const Environment& env);

// "registry=VARIABLE" lines (newline- or comma-separated); throws ca::Error.
std::vector<TokenMapping> parse_token_mappings(std::string_view text, std::string_view input_name);

}  // namespace ca
