// Fuzzes index URL parsing and the transport rule built on it.
// Properties: parsing never throws anything but ca::Error and the nothrow form
// agrees with it; an accepted URL names a supported scheme, has a path starting
// with '/', carries no credentials in http(s) form, and is equal to itself;
// a credential may be sent only over https or to a loopback http host.
#include <cstdint>
#include <string>

#include "config/index_url.hpp"
#include "core/error.hpp"
#include "fuzz_check.hpp"
#include "net/http_client.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ca::IndexUrl url;
  const bool ok = ca::try_parse_index_url(text, url);
  bool threw = false;
  try {
    (void)ca::parse_index_url(text);
  } catch (const ca::Error&) {
    threw = true;
  }
  FUZZ_CHECK(ok != threw);
  const auto problem = ca::insecure_transport_problem(text);
  if (!ok) {
    // A request URL may carry a query or fragment an index URL may not (the
    // OIDC request does); the transport rule judges where the request goes, so
    // a URL it accepts must be a valid https (or loopback http) URL without them.
    if (!problem) {
      ca::IndexUrl base;
      FUZZ_CHECK(ca::try_parse_index_url(text.substr(0, text.find_first_of("?#")), base));
      FUZZ_CHECK(base.scheme == "https" || (base.scheme == "http" && base.is_loopback()));
    }
    return 0;
  }
  FUZZ_CHECK(url.scheme == "https" || url.scheme == "http" || url.scheme == "ssh" || url.scheme == "git" ||
             url.scheme == "file");
  FUZZ_CHECK(!url.path.empty() && url.path.front() == '/');
  FUZZ_CHECK(ca::same_registry_url(text, text));
  (void)url.normalized();
  (void)url.fetch_base();
  if (!problem) FUZZ_CHECK(url.scheme == "https" || (url.scheme == "http" && url.is_loopback()));
  if (url.scheme == "http" && !url.is_loopback()) FUZZ_CHECK(problem.has_value());
  return 0;
}
