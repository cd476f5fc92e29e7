#pragma once

#include <string>

namespace local_registry {

// Aborts the TCP connection whose peer is remote_addr:remote_port (and local port
// local_port), so the client sees the connection close with no HTTP response at all.
// cpp-httplib does not expose the socket to handlers, so the socket is found by scanning this
// process's descriptors and matching the peer address; only the connection of the request
// being handled can match, and it stays open until its handler returns, so this is race-free.
// Uses shutdown() rather than close(): httplib still owns and later closes the descriptor.
// Returns false if no matching socket was found.
bool drop_connection(const std::string& remote_addr, int remote_port, int local_port);

}  // namespace local_registry
