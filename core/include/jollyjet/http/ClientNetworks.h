#pragma once

#include "jollyjet/Export.h"

#include <string>
#include <vector>

#include <Poco/Net/IPAddress.h>

namespace jollyjet::http {

/// The IP address part of a client address as the server records it ("1.2.3.4:5",
/// "[::1]:5"); the text unchanged when it has no port.
JOLLYJET_API std::string clientIp(const std::string& clientAddress);

/// A list of networks in CIDR notation ("10.0.0.0/8, ::1/128, 127.0.0.1"), for
/// allow-lists of client addresses. IPv4-mapped IPv6 clients (::ffff:a.b.c.d) match
/// the IPv4 networks.
class JOLLYJET_API ClientNetworks {
public:
    ClientNetworks() = default;
    /// Throws std::invalid_argument naming the first entry that is not a network.
    explicit ClientNetworks(const std::vector<std::string>& cidrs);

    /// Empty: no allow-list configured.
    bool empty() const { return networks_.empty(); }
    /// Whether the client address (with or without port) lies in one of the networks.
    bool contains(const std::string& clientAddress) const;

    /// The problem with one entry, or empty when it is a valid network.
    static std::string problemWith(const std::string& cidr);

private:
    struct Network {
        Poco::Net::IPAddress address;
        Poco::Net::IPAddress mask;
    };
    std::vector<Network> networks_;
};

} // namespace jollyjet::http
