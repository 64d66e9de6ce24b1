#include "jollyjet/mongo/WireIO.h"

#include <system_error>

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>

#include "jollyjet/mongo/Errors.h"

namespace jollyjet::mongo {

namespace {

[[noreturn]] void rethrowAsNetworkError(const std::string& what) {
    try {
        throw;
    } catch (const Poco::TimeoutException&) {
        throw NetworkError(what + ": timed out", true);
    } catch (const Poco::Exception& e) {
        throw NetworkError(what + ": " + e.displayText());
    } catch (const std::system_error& e) {
        throw NetworkError(what + ": " + e.what());
    }
}

// Reads exactly `size` bytes into `out` from `offset`. Returns false on a clean EOF
// before the first byte when `eofAllowed`.
bool receiveExactly(Poco::Net::StreamSocket& socket, char* out, std::size_t size, bool eofAllowed) {
    std::size_t done = 0;
    while (done < size) {
        int n = 0;
        try {
            n = socket.receiveBytes(out + done, static_cast<int>(size - done));
        } catch (...) {
            rethrowAsNetworkError("receiving from MongoDB");
        }
        if (n <= 0) {
            if (done == 0 && eofAllowed) return false;
            throw NetworkError("MongoDB closed the connection mid-message");
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

} // namespace

void sendMessage(Poco::Net::StreamSocket& socket, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        int n = 0;
        try {
            n = socket.sendBytes(bytes.data() + done, static_cast<int>(bytes.size() - done));
        } catch (...) {
            rethrowAsNetworkError("sending to MongoDB");
        }
        if (n <= 0) throw NetworkError("MongoDB connection closed while sending");
        done += static_cast<std::size_t>(n);
    }
}

bool receiveMessage(Poco::Net::StreamSocket& socket, RawMessage& message) {
    char header[MessageHeader::kSize];
    // A clean close between messages is how a peer ends a connection; only the
    // caller knows whether it expected more.
    if (!receiveExactly(socket, header, sizeof header, true)) return false;
    message.header = MessageHeader::parse(std::string_view(header, sizeof header));
    message.payload.assign(static_cast<std::size_t>(message.header.messageLength) - MessageHeader::kSize, '\0');
    receiveExactly(socket, message.payload.data(), message.payload.size(), false);
    return true;
}

} // namespace jollyjet::mongo
