#include "net/winhttp_support.hpp"

#include "net/transfer_engine.hpp"
#include "util/url_display.hpp"

namespace ca::net_engine {

std::wstring widen(std::string_view utf8) {
  if (utf8.empty()) return {};
  const int size = static_cast<int>(utf8.size());
  const int length = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), size, nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(length), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, utf8.data(), size, wide.data(), length);
  return wide;
}

std::string narrow(std::wstring_view wide) {
  if (wide.empty()) return {};
  const int size = static_cast<int>(wide.size());
  const int length = WideCharToMultiByte(CP_UTF8, 0, wide.data(), size, nullptr, 0, nullptr, nullptr);
  std::string utf8(static_cast<std::size_t>(length), '\0');
  WideCharToMultiByte(CP_UTF8, 0, wide.data(), size, utf8.data(), length, nullptr, nullptr);
  return utf8;
}

std::optional<std::string> environment_variable(const std::string& name) {
  const std::wstring wide_name = widen(name);
  SetLastError(ERROR_SUCCESS);
  const DWORD needed = GetEnvironmentVariableW(wide_name.c_str(), nullptr, 0);
  if (needed == 0) {
    if (GetLastError() == ERROR_ENVVAR_NOT_FOUND) return std::nullopt;
    return std::string();
  }
  std::wstring value(needed, L'\0');
  const DWORD got = GetEnvironmentVariableW(wide_name.c_str(), value.data(), needed);
  value.resize(got < needed ? got : 0);
  return narrow(value);
}

namespace {

NetError classify(DWORD code) {
  switch (code) {
    case ERROR_WINHTTP_NAME_NOT_RESOLVED:
      return NetError::kDns;
    case ERROR_WINHTTP_CANNOT_CONNECT:
      return NetError::kConnect;
    case ERROR_WINHTTP_TIMEOUT:
      return NetError::kTimeout;
    case ERROR_WINHTTP_SECURE_FAILURE:
    case ERROR_WINHTTP_SECURE_CHANNEL_ERROR:
    case ERROR_WINHTTP_SECURE_INVALID_CA:
    case ERROR_WINHTTP_SECURE_INVALID_CERT:
    case ERROR_WINHTTP_SECURE_CERT_DATE_INVALID:
    case ERROR_WINHTTP_SECURE_CERT_CN_INVALID:
    case ERROR_WINHTTP_SECURE_CERT_REV_FAILED:
    case ERROR_WINHTTP_SECURE_CERT_REVOKED:
    case ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE:
    case ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED:
      return NetError::kTls;
    case ERROR_WINHTTP_HEADER_SIZE_OVERFLOW:
    case ERROR_WINHTTP_HEADER_COUNT_EXCEEDED:
    case ERROR_WINHTTP_CHUNKED_ENCODING_HEADER_SIZE_OVERFLOW:
      return NetError::kTooLarge;
    default:
      return NetError::kOther;
  }
}

std::string describe(DWORD code) {
  switch (code) {
    case ERROR_WINHTTP_NAME_NOT_RESOLVED:
      return "the host name could not be resolved";
    case ERROR_WINHTTP_CANNOT_CONNECT:
      return "could not connect";
    case ERROR_WINHTTP_CONNECTION_ERROR:
      return "the connection was reset or closed";
    case ERROR_WINHTTP_TIMEOUT:
      return "timed out";
    case ERROR_WINHTTP_INVALID_URL:
    case ERROR_WINHTTP_UNRECOGNIZED_SCHEME:
      return "not a valid http(s) URL";
    case ERROR_WINHTTP_INVALID_SERVER_RESPONSE:
      return "the server's answer is not valid HTTP";
    case ERROR_WINHTTP_SECURE_INVALID_CA:
      return "TLS: the certificate is not issued by a trusted authority";
    case ERROR_WINHTTP_SECURE_CERT_CN_INVALID:
      return "TLS: the certificate does not name this host";
    case ERROR_WINHTTP_SECURE_CERT_DATE_INVALID:
      return "TLS: the certificate has expired or is not yet valid";
    case ERROR_WINHTTP_SECURE_CERT_REVOKED:
      return "TLS: the certificate is revoked";
    case ERROR_WINHTTP_SECURE_CERT_REV_FAILED:
      return "TLS: the certificate's revocation could not be checked";
    case ERROR_WINHTTP_SECURE_FAILURE:
    case ERROR_WINHTTP_SECURE_CHANNEL_ERROR:
    case ERROR_WINHTTP_SECURE_INVALID_CERT:
    case ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE:
      return "TLS: the secure connection failed (certificate or protocol)";
    case ERROR_WINHTTP_HEADER_SIZE_OVERFLOW:
    case ERROR_WINHTTP_HEADER_COUNT_EXCEEDED:
    case ERROR_WINHTTP_CHUNKED_ENCODING_HEADER_SIZE_OVERFLOW:
      return "the answer's headers are larger than " + std::to_string(kMaxHeaderBytes / 1024) + " KiB";
    default:
      return "the request failed";
  }
}

}  // namespace

Failure winhttp_failure(const std::string& url, DWORD code) {
  return {classify(code),
          url_without_secrets(url) + ": " + describe(code) + " (WinHTTP error " + std::to_string(code) + ")"};
}

}  // namespace ca::net_engine
