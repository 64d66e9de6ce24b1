// libFuzzer target: the OP_MSG reply decoder and the BSON reader behind it, fed
// what a hostile or broken server could send. They may refuse input only with
// their typed errors (MongoError) or POCO's exceptions; never crash or overrun.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <Poco/Exception.h>

#include "jollyjet/mongo/Bson.h"
#include "jollyjet/mongo/Errors.h"
#include "jollyjet/mongo/OpMsg.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        jollyjet::mongo::OpMsg::decode(bytes);
    } catch (const jollyjet::mongo::MongoError&) {
    } catch (const Poco::Exception&) {
    }
    try {
        jollyjet::mongo::decode(bytes);
    } catch (const jollyjet::mongo::MongoError&) {
    } catch (const Poco::Exception&) {
    }
    return 0;
}
