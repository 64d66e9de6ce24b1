// SIGTERM while clients are busy: requests in flight complete, no response is
// broken or an error, new connections are refused, and the process exits 0.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>

#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>

#include "FaultEnv.h"
#include "ProductStack.h"

using namespace jollyjet::test;

TEST(Shutdown, SigtermUnderLoadDrainsAndExitsZero) {
    ProductStack stack({"sqlite", "memory"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    const int port = stack.server().port();
    const auto id = stack.createProduct("Drained Lamp");

    // One request that is mid-body when the signal comes: it must still be answered.
    Poco::Net::StreamSocket slow;
    slow.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    const std::string head = "PUT /api/products/" + id +
                             " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"stock\"";
    slow.sendBytes(head.data(), static_cast<int>(head.size()));

    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, errors{0}, refused{0}, broken{0};
    std::vector<std::thread> load;
    for (int t = 0; t < 6; ++t) {
        load.emplace_back([&] {
            while (!stop) {
                try {
                    const auto r = httpRequest(port, "GET", "/api/products/" + id);
                    (r.status == 200 ? ok : errors)++;
                } catch (const Poco::Net::ConnectionRefusedException&) {
                    ++refused;
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                } catch (const std::exception&) {
                    ++broken;
                }
            }
        });
    }
    std::this_thread::sleep_for(faultDuration(1.0));
    const int beforeSignal = ok.load();
    stack.server().process().signal(SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    slow.sendBytes(":3}", 3);
    char buffer[1024];
    slow.setReceiveTimeout(Poco::Timespan(5, 0));
    const int n = slow.receiveBytes(buffer, sizeof buffer);
    const auto exit = stack.server().process().wait(std::chrono::seconds(15));
    stop = true;
    for (auto& t : load) t.join();

    ASSERT_GT(n, 0);
    EXPECT_EQ(std::string(buffer, 12), "HTTP/1.1 200") << std::string(buffer, static_cast<std::size_t>(n));
    ASSERT_TRUE(exit.has_value()) << "jollyjetd did not exit";
    EXPECT_EQ(*exit, 0) << stack.server().output();
    EXPECT_GT(beforeSignal, 20);
    EXPECT_EQ(errors.load(), 0) << "no request got an error status";
    EXPECT_GT(refused.load(), 0) << "new connections are refused after SIGTERM";
    // A connection the kernel had queued just as the listening socket closed is reset;
    // that is the only break allowed, and it can happen at most once per client thread.
    EXPECT_LE(broken.load(), 6);
    std::cout << "[ faults ] SIGTERM under load: " << ok << " ok, " << refused << " refused, " << broken
              << " reset, exit " << *exit << "\n";
}
