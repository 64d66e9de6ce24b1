#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <http_parser.h>

namespace jollyjet::host {

/// The limits a request must stay within; past each the parser answers with the
/// status RFC 9110 names for it.
struct ParserLimits {
    std::size_t maxUriBytes = 8192;     ///< request target; over it 414
    std::size_t maxHeaderBytes = 16384; ///< header field names and values; over it 431
    std::size_t maxBodyBytes = 102400;  ///< decoded body; over it 413
};

/// One request as it arrived, fully read.
struct ParsedRequest {
    std::string method;
    std::string target;
    int versionMajor = 1;
    int versionMinor = 1;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// The connection may stay open after the answer (HTTP/1.1 without
    /// `Connection: close`, HTTP/1.0 with `Connection: keep-alive`).
    bool keepAlive = true;
};

/// Turns bytes into requests with Node.js's http-parser, strict as RFC 9112 asks.
///
/// feed() consumes bytes up to the end of one request and stops there, so the
/// bytes of a pipelined request that follows stay with the caller until it has
/// answered this one. Every error is final for the connection (the bytes after a
/// malformed request cannot be trusted to start a new one): the caller answers
/// `errorStatus` and closes. Rejected as 400: Content-Length together with
/// Transfer-Encoding, a repeated or non-numeric Content-Length, a bad chunk size,
/// a Transfer-Encoding other than chunked, HTTP/1.1 without exactly one Host.
/// Versions other than 1.0 and 1.1 get 505. Trailer fields are read and dropped.
class RequestParser {
public:
    enum class State {
        NeedMore, ///< everything fed was consumed; the request is not complete yet
        Complete, ///< a request is ready: take() it, then feed the rest
        Error     ///< answer errorStatus() with errorMessage() and close
    };

    explicit RequestParser(ParserLimits limits);
    RequestParser(const RequestParser&) = delete;
    RequestParser& operator=(const RequestParser&) = delete;

    /// Parses from `data`; `consumed` is set to the bytes used. Stops after one
    /// complete request.
    State feed(const char* data, std::size_t size, std::size_t& consumed);

    /// The request completed by the last feed(); the parser is ready for the next.
    ParsedRequest take();

    /// Some bytes of a request have arrived and it is not complete yet.
    bool inRequest() const { return started_; }
    /// The head is complete and the body is being read.
    bool inBody() const { return headComplete_; }
    /// The client asked for `100 Continue` and has not been sent it yet; the
    /// caller sends it and calls continueSent().
    bool continueWanted() const { return continueWanted_; }
    void continueSent() { continueWanted_ = false; }
    /// After an upgrade request (which http-parser ends the stream at) nothing more
    /// may be read from the connection.
    bool upgraded() const { return upgraded_; }

    int errorStatus() const { return errorStatus_; }
    const std::string& errorMessage() const { return errorMessage_; }

private:
    static int onMessageBegin(http_parser* parser);
    static int onUrl(http_parser* parser, const char* at, std::size_t length);
    static int onHeaderField(http_parser* parser, const char* at, std::size_t length);
    static int onHeaderValue(http_parser* parser, const char* at, std::size_t length);
    static int onHeadersComplete(http_parser* parser);
    static int onBody(http_parser* parser, const char* at, std::size_t length);
    static int onMessageComplete(http_parser* parser);

    int fail(int status, std::string message);
    int checkHead();
    bool addHeaderBytes(std::size_t length);

    ParserLimits limits_;
    http_parser parser_{};
    http_parser_settings settings_{};
    ParsedRequest current_;
    bool started_ = false;
    bool headComplete_ = false;
    bool complete_ = false;
    bool inValue_ = false;
    bool continueWanted_ = false;
    bool upgraded_ = false;
    std::size_t headerBytes_ = 0;
    int errorStatus_ = 0;
    std::string errorMessage_;
};

} // namespace jollyjet::host
