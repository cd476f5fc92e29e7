#pragma once
// Recognises Azure Artifacts feeds and decides whether one belongs to the
// organization (collection) this build runs in, so the build's own access
// token is only ever sent to its own organization's feeds.
//
// Cloud:  collection https://dev.azure.com/<org>/  <->  pkgs.dev.azure.com/<org>/...
//         collection https://<org>.visualstudio.com/ <-> <org>.pkgs.visualstudio.com/...
// On-premises: same scheme, host and port, and the index path starts with the
// collection path. Cloud feeds are https on the default port only. All of it is
// decided on IndexUrl's normalised host and path (dot segments resolved as
// cargo resolves them), never on the text.
#include <optional>
#include <string>
#include <string_view>

#include "config/index_url.hpp"

namespace ca {

enum class FeedOwner {
  kNotAzureArtifacts,  // any other registry host
  kThisOrganization,   // System.AccessToken may be sent
  kOtherOrganization,  // an Azure Artifacts feed of another organization
};

struct AzureFeed {
  std::string organization;  // lower-cased; the collection path for on-premises
  bool cloud = true;
};

// The organization of a cloud Azure Artifacts index, if it is one.
std::optional<AzureFeed> azure_feed_of(const IndexUrl& index);

// Classifies `index` against the build's SYSTEM_TEAMFOUNDATIONCOLLECTIONURI.
FeedOwner classify_feed(const IndexUrl& index, std::string_view collection_uri);
// Same, with the collection already parsed (nullptr: no collection known);
// callers classifying thousands of registries parse it once.
FeedOwner classify_feed(const IndexUrl& index, const IndexUrl* collection);
std::optional<IndexUrl> parse_collection_uri(std::string_view collection_uri);

}  // namespace ca
