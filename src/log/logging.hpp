#pragma once
// Routes spdlog (the tool's diagnostic log) through the active host adapter,
// so debug lines become Azure task.debug / GitHub ::debug:: / "debug:" lines,
// appear only when debug logging is on, and are redacted like every message.
#include "hosts/host.hpp"

namespace ca {

void install_host_logger(Host& host, bool debug_enabled);

}  // namespace ca
