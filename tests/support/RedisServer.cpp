#include "RedisServer.h"

#include <csignal>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <Poco/Net/StreamSocket.h>
#include <Poco/Path.h>

namespace jollyjet::test {

namespace {

std::vector<std::string> splitWords(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    std::string word;
    while (in >> word) words.push_back(word);
    return words;
}

} // namespace

RedisServer::RedisServer(std::string extraArgs) : port_(freePort()), extraArgs_(std::move(extraArgs)) {
    start();
}

RedisServer::RedisServer(std::string extraArgs, RedisServerTls tls)
    : port_(freePort()), extraArgs_(std::move(extraArgs)), tls_(std::move(tls)) {
    start();
}

RedisServer::~RedisServer() {
    if (process_) process_->stop();
}

std::string RedisServer::url(int db) const {
    return (tls_ ? "rediss" : "redis") + std::string("://127.0.0.1:") + std::to_string(port_) + "/" +
           std::to_string(db);
}

void RedisServer::start() {
    std::vector<std::string> argv = {"redis-server", "--port", std::to_string(tls_ ? 0 : port_), "--bind",
                                     "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                                     dir_.path(), "--daemonize", "no", "--logfile", "",
                                     // fault tests use DEBUG SLEEP (Redis 7 disables DEBUG by default)
                                     "--enable-debug-command", "local"};
    if (tls_)
        argv.insert(argv.end(), {"--tls-port", std::to_string(port_), "--tls-cert-file", tls_->certFile,
                                 "--tls-key-file", tls_->keyFile, "--tls-ca-cert-file", tls_->caFile,
                                 "--tls-auth-clients", tls_->requireClientCertificate ? "yes" : "no"});
    for (auto& w : splitWords(extraArgs_)) argv.push_back(w);
    process_ = std::make_unique<ChildProcess>(argv, Poco::Path(dir_.path()).append("redis.log").toString());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_->running())
            throw std::runtime_error("redis-server exited at start: " + process_->output());
        try {
            Poco::Net::StreamSocket socket;
            socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)),
                           Poco::Timespan(0, 200000));
            return;
        } catch (const Poco::Exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    throw std::runtime_error("redis-server did not listen on port " + std::to_string(port_));
}

void RedisServer::stop() {
    if (process_) process_->stop();
}

void RedisServer::kill() {
    if (process_) {
        process_->signal(SIGKILL);
        process_->wait(std::chrono::seconds(5));
    }
}

bool RedisServer::running() { return process_ && process_->running(); }

std::string RedisServer::cli(const std::string& args) const {
    std::vector<std::string> argv = {"redis-cli", "-h", "127.0.0.1", "-p", std::to_string(port_)};
    if (tls_) argv.insert(argv.end(), {"--tls", "--cacert", tls_->caFile});
    for (auto& w : splitWords(args)) argv.push_back(w);
    return runCommand(argv, std::chrono::seconds(10)).output;
}

} // namespace jollyjet::test
