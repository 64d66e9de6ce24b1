#include "jollyjet/plugin/Plugin.h"

namespace jollyjet {

// Out of line so the vtable and type identity live in libjollyjet-core only.
Plugin::~Plugin() = default;

void Plugin::validate(const Poco::Util::AbstractConfiguration&, std::vector<std::string>&) const {}

} // namespace jollyjet
