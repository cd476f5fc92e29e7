#pragma once
// Why a registry answers 401/403 to a credential, the likely causes in the
// order worth checking, with the scheme this registry's kind expects. Shared by
// check, --verify and publish so the advice is the same everywhere.
#include <string>

namespace ca {

// The Authorization form the registry at `index` (its URL) expects.
std::string scheme_hint(const std::string& index);

// "Likely causes, in order: 1) ...; 2) ...; 3) ..." for HTTP 401 or 403.
std::string rejection_causes(long status, const std::string& index);

}  // namespace ca
