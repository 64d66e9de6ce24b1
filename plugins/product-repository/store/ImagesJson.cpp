#include "ImagesJson.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "jollyjet/http/Json.h"

namespace jollyjet::products {

std::string imagesToJson(const std::vector<std::string>& images) {
    std::string out = "[";
    for (std::size_t i = 0; i < images.size(); ++i) {
        if (i) out += ',';
        http::appendQuoted(out, images[i]);
    }
    return out + "]";
}

std::vector<std::string> imagesFromJson(const std::string& json) {
    std::vector<std::string> images;
    try {
        auto array = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < array->size(); ++i) images.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
    } catch (const Poco::Exception&) {
    }
    return images;
}

} // namespace jollyjet::products
