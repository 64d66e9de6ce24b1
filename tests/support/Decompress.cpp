#include "Decompress.h"

#include <brotli/decode.h>
#include <stdexcept>
#include <zlib.h>

namespace jollyjet::test {

std::string gunzip(std::string_view data) {
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2 failed");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buffer[16384];
    int result = Z_OK;
    while (result != Z_STREAM_END) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        result = inflate(&stream, Z_NO_FLUSH);
        if (result != Z_OK && result != Z_STREAM_END) {
            inflateEnd(&stream);
            throw std::runtime_error("not a gzip stream");
        }
        out.append(buffer, sizeof buffer - stream.avail_out);
    }
    inflateEnd(&stream);
    return out;
}

std::string unbrotli(std::string_view data) {
    BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    std::size_t availableIn = data.size();
    const auto* next = reinterpret_cast<const uint8_t*>(data.data());
    std::string out;
    BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
    while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
        uint8_t buffer[16384];
        std::size_t availableOut = sizeof buffer;
        uint8_t* nextOut = buffer;
        result = BrotliDecoderDecompressStream(state, &availableIn, &next, &availableOut, &nextOut, nullptr);
        out.append(reinterpret_cast<char*>(buffer), sizeof buffer - availableOut);
    }
    BrotliDecoderDestroyInstance(state);
    if (result != BROTLI_DECODER_RESULT_SUCCESS) throw std::runtime_error("not a brotli stream");
    return out;
}

} // namespace jollyjet::test
