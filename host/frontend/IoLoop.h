#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "Connection.h"
#include "FrontEndContext.h"
#include "WorkerPool.h"

namespace jollyjet::host {

/// A finished response coming back from a worker to its connection.
struct Completion {
    int fd = -1;
    std::uint64_t serial = 0;
    std::string bytes;
    bool keepAlive = true;
};

/// One I/O thread: an epoll loop over non-blocking sockets.
///
/// It accepts from the shared listening socket (EPOLLEXCLUSIVE spreads new
/// connections over the loops), reads and parses requests, answers from the fast
/// path or hands the request to a worker, and writes responses without blocking.
/// Requests of one connection are handled one at a time, so pipelined answers go
/// out in order; while one is with a worker the socket is not read (backpressure).
/// Every deadline (head, body, keep-alive, write) is checked by a sweep ten times a
/// second. Nothing here blocks: no Redis, no store, no lock held across a call.
class IoLoop {
public:
    IoLoop(int index, FrontEndContext& context, int listenFd);
    ~IoLoop();
    IoLoop(const IoLoop&) = delete;
    IoLoop& operator=(const IoLoop&) = delete;

    void start();
    /// Ends the thread; open connections are closed.
    void stop();

    /// From any thread: a worker's finished response.
    void complete(Completion completion);
    /// From any thread: runs `task` on the loop's thread; waits for it when `wait`.
    void post(std::function<void()> task, bool wait = false);

    /// Loop thread: stop taking connections from the listening socket.
    void stopAccepting();
    /// Loop thread: close idle connections; the others close after their answer.
    void beginDrain();

private:
    using Clock = Connection::Clock;

    void run();
    void wake();
    void runMailbox();
    void acceptAll();
    void onEvents(int fd, std::uint32_t events);
    void readFrom(Connection& c);
    void process(Connection& c);
    void dispatch(Connection& c);
    void finishRequest(Connection& c, bool keepAlive);
    void flush(Connection& c);
    void fail(Connection& c, int status, const std::string& message);
    void startLinger(Connection& c);
    void closeConnection(Connection& c);
    void onCompletion(Completion& completion);
    void sweep();
    void buryClosed();

    const int index_;
    FrontEndContext& context_;
    const int listenFd_;
    int epoll_ = -1;
    int wakeFd_ = -1;
    bool accepting_ = true;
    std::atomic<bool> stopping_{false};
    std::uint64_t nextSerial_ = 1;
    Clock::time_point now_;
    Clock::time_point nextSweep_;
    std::unordered_map<int, std::unique_ptr<Connection>> connections_;
    std::vector<std::unique_ptr<Connection>> graveyard_;

    std::vector<Job> pendingJobs_; ///< handed to the workers once per loop pass
    std::atomic<bool> wakePending_{false};
    std::mutex mailboxMutex_;
    std::vector<Completion> completions_;
    std::vector<std::function<void()>> tasks_;

    std::thread thread_;
};

} // namespace jollyjet::host
