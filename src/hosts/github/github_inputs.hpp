#pragma once
// The GitHub Actions front door: fills Options from the action's inputs, which
// arrive as INPUT_<NAME upper-cased> (task/github/action.yml passes them as
// INPUT_CONFIG_FILE etc.; the runner's own form INPUT_CONFIG-FILE is read too).
// Used when GITHUB_ACTIONS=true and the binary is run with no arguments. A
// `token` input is read from INPUT_TOKEN by the credential source and never
// copied into Options. Throws ca::Error naming the input for a bad value.
#include "core/environment.hpp"
#include "core/options.hpp"

namespace ca {

Options options_from_github_inputs(const Environment& env);

}  // namespace ca
