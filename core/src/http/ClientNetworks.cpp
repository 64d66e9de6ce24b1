#include "jollyjet/http/ClientNetworks.h"

#include <stdexcept>

#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace jollyjet::http {

namespace {

bool parseNetwork(const std::string& text, Poco::Net::IPAddress& address, Poco::Net::IPAddress& mask) {
    const std::string cidr = Poco::trim(text);
    const auto slash = cidr.find('/');
    const std::string host = cidr.substr(0, slash);
    // POCO does not parse the all-zero IPv6 address written "::".
    if (host == "::")
        address = Poco::Net::IPAddress::wildcard(Poco::Net::IPAddress::IPv6);
    else if (!Poco::Net::IPAddress::tryParse(host, address))
        return false;
    const unsigned bits = address.family() == Poco::Net::IPAddress::IPv4 ? 32 : 128;
    unsigned prefix = bits;
    if (slash != std::string::npos &&
        (!Poco::NumberParser::tryParseUnsigned(cidr.substr(slash + 1), prefix) || prefix > bits))
        return false;
    try {
        mask = prefix == 0 ? Poco::Net::IPAddress::wildcard(address.family())
                           : Poco::Net::IPAddress(prefix, address.family());
        address = address & mask;
    } catch (const Poco::Exception&) {
        return false;
    }
    return true;
}

Poco::Net::IPAddress unmapped(const Poco::Net::IPAddress& address) {
    if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
        const auto text = address.toString();
        Poco::Net::IPAddress v4;
        if (Poco::Net::IPAddress::tryParse(text.substr(text.rfind(':') + 1), v4)) return v4;
    }
    return address;
}

} // namespace

std::string clientIp(const std::string& clientAddress) {
    if (!clientAddress.empty() && clientAddress.front() == '[') {
        const auto close = clientAddress.find(']');
        return close == std::string::npos ? clientAddress : clientAddress.substr(1, close - 1);
    }
    const auto colon = clientAddress.find(':');
    // One colon: IPv4 with a port; more: a bare IPv6 address.
    if (colon != std::string::npos && clientAddress.find(':', colon + 1) == std::string::npos)
        return clientAddress.substr(0, colon);
    return clientAddress;
}

ClientNetworks::ClientNetworks(const std::vector<std::string>& cidrs) {
    for (const auto& cidr : cidrs) {
        Network network;
        if (!parseNetwork(cidr, network.address, network.mask))
            throw std::invalid_argument(problemWith(cidr));
        networks_.push_back(network);
    }
}

std::string ClientNetworks::problemWith(const std::string& cidr) {
    Poco::Net::IPAddress address, mask;
    if (parseNetwork(cidr, address, mask)) return {};
    return "'" + cidr + "' is not a network (expected an IP address with an optional /prefix, "
                        "e.g. 10.0.0.0/8 or ::1/128)";
}

bool ClientNetworks::contains(const std::string& clientAddress) const {
    Poco::Net::IPAddress client;
    if (!Poco::Net::IPAddress::tryParse(clientIp(clientAddress), client)) return false;
    client = unmapped(client);
    for (const auto& network : networks_) {
        if (network.address.family() != client.family()) continue;
        if ((client & network.mask) == network.address) return true;
    }
    return false;
}

} // namespace jollyjet::http
