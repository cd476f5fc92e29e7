#pragma once
// What every command runs with: the options from the front door, the
// environment snapshot, and the host adapter that carries results out.
#include "core/environment.hpp"
#include "core/options.hpp"
#include "hosts/host.hpp"

namespace ca {

struct RunContext {
  const Options& options;
  const Environment& env;
  Host& host;
};

}  // namespace ca
