#pragma once
// Azure Artifacts wants an Authorization value with a scheme ("Bearer <token>"
// or "Basic base64(<anything>:<PAT>)"), but Microsoft's own guide tells users
// to paste the bare PAT into CARGO_REGISTRIES_<FEED>_TOKEN, which cargo then
// sends verbatim and the feed rejects with 401. A bare token bound for an
// Azure Artifacts feed is therefore wrapped as "Basic base64(PAT:<token>)",
// exactly what the guide's `cargo login` recipe builds by hand.
#include <optional>

#include "config/registry.hpp"
#include "core/secret.hpp"

namespace ca {

// True for .../_packaging/<feed>/Cargo/index/ URLs (cloud, legacy and on-premises).
bool is_azure_artifacts_index(const IndexUrl& index);

// The wrapped value when `token` is a bare PAT for an Azure Artifacts feed.
std::optional<Secret> wrap_bare_azure_pat(const Registry& registry, const Secret& token);

}  // namespace ca
