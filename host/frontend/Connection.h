#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "RequestParser.h"

namespace jollyjet::host {

/// One client connection, owned by the I/O thread that accepted it; no other
/// thread ever touches it (a worker knows it only by fd and serial number).
struct Connection {
    using Clock = std::chrono::steady_clock;

    Connection(int fd, std::uint64_t serial, std::string peer, const ParserLimits& limits,
               Clock::time_point now)
        : fd(fd), serial(serial), peer(std::move(peer)), parser(limits), acceptedAt(now),
          idleSince(now) {}

    std::size_t pendingOutput() const { return out.size() - outStart; }
    std::size_t unparsedInput() const { return in.size() - inStart; }

    const int fd;
    const std::uint64_t serial;
    const std::string peer;
    RequestParser parser;

    std::string in;          ///< bytes read, from inStart on not yet parsed
    std::size_t inStart = 0;
    std::string out;         ///< bytes to write, from outStart on not yet written
    std::size_t outStart = 0;

    bool closed = false;
    bool awaitingWorker = false;  ///< a request of this connection is with a worker
    bool closeAfterWrite = false; ///< no more requests: write what is queued, then close
    bool lingering = false;       ///< our side is shut; reading and dropping until EOF
    bool readPaused = false;      ///< bytes may wait in the socket (resume by reading)
    bool peerClosed = false;      ///< the client sent all it will (EOF); answer what it sent
    bool waitingFirstByte = true; ///< between requests: nothing of the next one yet
    bool bodyStarted = false;
    int requests = 0;
    std::size_t lingerBytes = 0;

    const Clock::time_point acceptedAt;
    Clock::time_point idleSince;
    Clock::time_point headStart;
    Clock::time_point bodyStart;
    Clock::time_point writeBlockedSince{};
    Clock::time_point lingerUntil;
};

} // namespace jollyjet::host
