#pragma once
// libcurl, loaded when the first network request is made instead of when the
// process starts, so the commands that never touch the network (auth, login,
// exec, list) run on a machine without libcurl.so.4, and the ones that do fail
// with a message naming the package to install instead of a loader error.
//
// curl_forwarders.cpp defines the curl_* functions the tool calls; each loads
// the library on first use (dlopen "libcurl.so.4") and forwards to it. When the
// library is missing or lacks a function, the call throws ca::Error
// (ExitCode::kFailed) that says what to install; curl_global_init and the
// cleanup functions never throw.
#include <optional>
#include <string>
#include <string_view>

namespace ca {

// The versioned name every supported Linux ships libcurl under.
inline constexpr const char* kCurlLibraryName = "libcurl.so.4";

// Loads libcurl once; the reason it cannot be used, or nullopt when it can.
std::optional<std::string> curl_unavailable_reason();

// The CURLPROTO_* bit mask for a CURLOPT_PROTOCOLS_STR list such as
// "http,https" (names are case-insensitive, "all" means every protocol), or
// nullopt when a name is unknown. Lets libcurl before 7.85, which has no
// CURLOPT_PROTOCOLS_STR, get the same restriction through CURLOPT_PROTOCOLS.
std::optional<long> curl_protocol_mask(std::string_view list);

}  // namespace ca
