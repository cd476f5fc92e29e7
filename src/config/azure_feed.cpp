#include "config/azure_feed.hpp"

#include "util/strings.hpp"

namespace ca {
namespace {

constexpr std::string_view kCloudPackagingHost = "pkgs.dev.azure.com";
constexpr std::string_view kCloudCollectionHost = "dev.azure.com";
constexpr std::string_view kLegacyPackagingSuffix = ".pkgs.visualstudio.com";
constexpr std::string_view kLegacyCollectionSuffix = ".visualstudio.com";

std::string first_segment(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return to_lower(path.substr(0, path.find('/')));
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool has_packaging_segment(std::string_view path) {
  return to_lower(path).find("/_packaging/") != std::string::npos;
}

// The organization named by a collection URI; nullopt when it is not a cloud one.
std::optional<std::string> cloud_organization_of_collection(const IndexUrl& collection) {
  if (collection.host == kCloudCollectionHost) {
    auto org = first_segment(collection.path);
    if (!org.empty()) return org;
    return std::nullopt;
  }
  if (ends_with(collection.host, kLegacyCollectionSuffix) &&
      !ends_with(collection.host, kLegacyPackagingSuffix)) {
    return collection.host.substr(0, collection.host.size() - kLegacyCollectionSuffix.size());
  }
  return std::nullopt;
}

}  // namespace

std::optional<AzureFeed> azure_feed_of(const IndexUrl& index) {
  // Azure Artifacts answers on https's default port only; any other port or
  // plain http on the same name is another service (not the organization's).
  if (index.scheme != "https" || index.port != 0) return std::nullopt;
  if (index.host == kCloudPackagingHost) {
    auto org = first_segment(index.path);
    if (!org.empty() && has_packaging_segment(index.path)) return AzureFeed{org, true};
    return std::nullopt;
  }
  if (ends_with(index.host, kLegacyPackagingSuffix) && has_packaging_segment(index.path)) {
    return AzureFeed{index.host.substr(0, index.host.size() - kLegacyPackagingSuffix.size()), true};
  }
  return std::nullopt;
}

std::optional<IndexUrl> parse_collection_uri(std::string_view collection_uri) {
  IndexUrl collection;
  if (collection_uri.empty() || !try_parse_index_url(trim(collection_uri), collection)) return std::nullopt;
  return collection;
}

FeedOwner classify_feed(const IndexUrl& index, std::string_view collection_uri) {
  const auto collection = parse_collection_uri(collection_uri);
  return classify_feed(index, collection ? &*collection : nullptr);
}

FeedOwner classify_feed(const IndexUrl& index, const IndexUrl* collection_or_null) {
  const auto feed = azure_feed_of(index);
  const bool have_collection = collection_or_null != nullptr;
  const IndexUrl empty;
  const IndexUrl& collection = have_collection ? *collection_or_null : empty;
  if (feed) {
    if (!have_collection) return FeedOwner::kOtherOrganization;
    const auto org = cloud_organization_of_collection(collection);
    return (org && *org == feed->organization) ? FeedOwner::kThisOrganization : FeedOwner::kOtherOrganization;
  }
  // On-premises Azure DevOps Server: feeds live under the collection itself.
  if (!have_collection || cloud_organization_of_collection(collection)) return FeedOwner::kNotAzureArtifacts;
  if (!has_packaging_segment(index.path)) return FeedOwner::kNotAzureArtifacts;
  if (index.host != collection.host || index.port != collection.port || index.scheme != collection.scheme) {
    return FeedOwner::kNotAzureArtifacts;
  }
  std::string collection_path = to_lower(collection.path);
  if (collection_path.empty() || collection_path.back() != '/') collection_path += '/';
  return to_lower(index.path).rfind(collection_path, 0) == 0 ? FeedOwner::kThisOrganization
                                                             : FeedOwner::kOtherOrganization;
}

}  // namespace ca
