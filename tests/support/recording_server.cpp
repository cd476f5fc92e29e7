#include "support/recording_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace ca::test {

RecordingServer::RecordingServer(CannedResponse response) : response_(std::move(response)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0) throw std::runtime_error("socket failed");
  int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 64) != 0) {
    ::close(listener_);
    throw std::runtime_error("bind/listen on 127.0.0.1 failed");
  }
  socklen_t length = sizeof address;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { serve(); });
}

RecordingServer::~RecordingServer() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  ::close(listener_);
}

std::string RecordingServer::url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

std::string RecordingServer::received() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

// One connection at a time is enough for these tests; every wait is bounded
// so the destructor returns within a fraction of a second.
void RecordingServer::serve() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    ++connections_;
    answer(client);
    ::close(client);
  }
}

void RecordingServer::answer(int client) {
  std::string request;
  char buffer[8192];
  while (request.find("\r\n\r\n") == std::string::npos && request.size() < 1024 * 1024 && !stopping_) {
    pollfd p{client, POLLIN, 0};
    if (::poll(&p, 1, 2000) <= 0) break;
    const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    request.append(buffer, static_cast<std::size_t>(n));
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    received_ += request;
  }
  std::string head = response_.status_line + "\r\nContent-Type: " + response_.content_type + "\r\n";
  if (response_.declare_length) {
    head += "Content-Length: " + std::to_string(response_.body.size() + response_.filler_bytes) + "\r\n";
  }
  head += "Connection: close\r\n\r\n" + response_.body;
  auto send_all = [client](const char* data, std::size_t size) {
    while (size > 0) {
      const ssize_t n = ::send(client, data, size, MSG_NOSIGNAL);
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  };
  if (!send_all(head.data(), head.size())) return;
  const std::string chunk(64 * 1024, response_.filler);
  for (std::size_t left = response_.filler_bytes; left > 0 && !stopping_;) {
    const std::size_t n = left < chunk.size() ? left : chunk.size();
    if (!send_all(chunk.data(), n)) return;  // the client stopped reading: expected
    left -= n;
  }
}

}  // namespace ca::test
