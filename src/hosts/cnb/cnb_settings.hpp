#pragma once
// The CNB plugin front door: fills Options from the task's `settings:`, which
// CNB hands to the plugin's ENTRYPOINT as PLUGIN_<KEY upper-cased> (arrays
// comma-joined, objects as JSON, booleans as "true"/"false"). `env:` and
// `imports:` never reach a plugin, so a secret comes in through the `token`
// setting (`token: $CARGO_TOKEN`) and is read from PLUGIN_TOKEN by the
// credential source, never copied into Options. A plugin runs in its own
// container, so the default command is `publish`: authenticate and publish in
// one job. Throws ca::Error naming the setting for a malformed value.
#include "core/environment.hpp"
#include "core/options.hpp"

namespace ca {

// The environment variable the `token` setting arrives in.
inline constexpr const char* kCnbTokenSetting = "PLUGIN_TOKEN";

Options options_from_cnb_settings(const Environment& env);

}  // namespace ca
