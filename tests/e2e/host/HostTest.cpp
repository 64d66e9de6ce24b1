#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <thread>

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/StreamSocket.h>
#include <sstream>

#include "Jollyjetd.h"
#include "jollyjet/AbiSignature.h"

using namespace jollyjet::test;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

// No Redis runs in these tests: the in-process cache keeps /health about the host.
const char* kTimingOnly = "[plugins]\nenabled = timing\n[logging]\nlevel = warn\n[cache]\nbackend = memory\n";

} // namespace

TEST(Host, HealthAnswersAndTimingStampsEveryResponse) {
    Jollyjetd server(kTimingOnly);
    ASSERT_TRUE(server.start()) << server.output();

    auto health = server.get("/health");
    EXPECT_EQ(health.status, 200) << health.body;
    auto body = parse(health.body);
    EXPECT_EQ(body->getValue<std::string>("status"), "ok");
    EXPECT_EQ(body->getObject("services")->getValue<std::string>("server"), "online");
    EXPECT_EQ(health.header("content-type"), "application/json; charset=utf-8");
    EXPECT_TRUE(health.hasHeader("x-response-time"));

    auto notFound = server.get("/no/such/route");
    EXPECT_EQ(notFound.status, 404);
    EXPECT_EQ(notFound.body, R"({"status":"error","message":"Route not found"})");
    const auto stamp = notFound.header("x-response-time");
    ASSERT_FALSE(stamp.empty());
    EXPECT_EQ(stamp.substr(stamp.size() - 2), "ms");
    EXPECT_NO_THROW(std::stod(stamp.substr(0, stamp.size() - 2)));

    auto wrongMethod = server.request("DELETE", "/health");
    EXPECT_EQ(wrongMethod.status, 405);
    EXPECT_EQ(wrongMethod.header("allow"), "GET, HEAD, OPTIONS");
    EXPECT_TRUE(wrongMethod.hasHeader("x-response-time"));
    EXPECT_EQ(parse(wrongMethod.body)->getValue<std::string>("status"), "error");

    EXPECT_EQ(server.stop(), 0) << server.output();
}

TEST(Host, HealthRoutesHaveTheContractShapes) {
    Jollyjetd server(kTimingOnly);
    ASSERT_TRUE(server.start()) << server.output();
    auto api = parse(server.get("/api/health").body);
    EXPECT_EQ(api->getValue<std::string>("status"), "success");
    auto app = api->getObject("data")->getObject("application");
    EXPECT_EQ(app->getValue<std::string>("status"), "healthy");
    EXPECT_EQ(app->getValue<std::string>("environment"), "development");
    EXPECT_EQ(app->getArray("plugins")->getElement<std::string>(0), "timing");
    auto live = server.get("/api/health/live");
    EXPECT_EQ(live.status, 200);
    EXPECT_TRUE(parse(live.body)->getValue<bool>("alive"));
    auto ready = server.get("/api/health/ready");
    EXPECT_EQ(ready.status, 200);
    EXPECT_TRUE(parse(ready.body)->getValue<bool>("ready"));
}

TEST(Host, WithoutTimingThereIsNoResponseTimeHeader) {
    Jollyjetd server("[plugins]\nenabled =\n[cache]\nbackend = memory\n");
    ASSERT_TRUE(server.start()) << server.output();
    auto health = server.get("/health");
    EXPECT_EQ(health.status, 200);
    EXPECT_FALSE(health.hasHeader("x-response-time"));
}

TEST(Host, OversizedBodyGets413) {
    Jollyjetd server(std::string(kTimingOnly) + "[server]\nmaxBodyBytes = 1000\n");
    ASSERT_TRUE(server.start()) << server.output();
    auto big = server.request("POST", "/api/anything", std::string(5000, 'x'));
    EXPECT_EQ(big.status, 413);
    EXPECT_EQ(parse(big.body)->getValue<std::string>("status"), "error");
    // A body within the limit is read and routed as usual.
    auto small = server.request("POST", "/api/anything", std::string(10, 'x'));
    EXPECT_EQ(small.status, 404);
    // Chunked bodies are bounded too.
    const std::string chunked =
        "POST /api/anything HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
        [] {
            std::string c;
            for (int i = 0; i < 10; ++i) c += "200\r\n" + std::string(512, 'y') + "\r\n";
            return c + "0\r\n\r\n";
        }();
    const auto reply = rawRequest(server.port(), chunked);
    EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 200);
}

TEST(Host, ABodylessPostDoesNotWaitForTheBody) {
    Jollyjetd server(kTimingOnly);
    ASSERT_TRUE(server.start()) << server.output();
    const auto reply = rawRequest(server.port(), "POST /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 3000);
    EXPECT_EQ(reply.rfind("HTTP/1.1 405", 0), 0u) << reply;
}

TEST(Host, CheckConfigReportsEveryProblemAndExits1) {
    TempDir dir;
    const auto ini = dir.write("bad.ini", "[server]\nport = seventy\nprot = 1\n[plugins]\npath = " +
                                              pluginDir() + "\nenabled = timing, no-such-plugin\n");
    auto result = runJollyjetd({"--config", ini, "--check-config"});
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_NE(result.output.find("key 'port' = 'seventy'"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("unknown key 'prot'"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("plugin 'no-such-plugin'"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find(ini), std::string::npos) << result.output;
}

TEST(Host, CheckConfigPassesAGoodFileAndDefinesOverride) {
    TempDir dir;
    const auto ini = dir.write("good.ini", "[plugins]\npath = " + pluginDir() + "\nenabled = timing\n");
    auto ok = runJollyjetd({"--config", ini, "--check-config"});
    EXPECT_EQ(ok.exitCode, 0) << ok.output;
    EXPECT_NE(ok.output.find("configuration OK"), std::string::npos) << ok.output;
    auto overridden = runJollyjetd({"--config", ini, "-D", "server.port=0", "--check-config"});
    EXPECT_EQ(overridden.exitCode, 1) << overridden.output;
    EXPECT_NE(overridden.output.find("key 'port' = '0'"), std::string::npos) << overridden.output;
}

TEST(Host, PluginFailuresStopStartWithNonZeroExit) {
    TempDir dir;
    const auto ini = dir.write("p.ini", "[plugins]\npath = " + testPluginDir() + "\nenabled = cycle-a, cycle-b\n");
    auto cycle = runJollyjetd({"--config", ini});
    EXPECT_EQ(cycle.exitCode, 1) << cycle.output;
    EXPECT_NE(cycle.output.find("dependency cycle"), std::string::npos) << cycle.output;

    const auto abi = dir.write("abi.ini", "[plugins]\npath = " + testPluginDir() + "\nenabled = bad-abi\n");
    auto mismatch = runJollyjetd({"--config", abi});
    EXPECT_EQ(mismatch.exitCode, 1) << mismatch.output;
    EXPECT_NE(mismatch.output.find("built for ABI 'jollyjet-0.0.1-other-compiler'"), std::string::npos) << mismatch.output;

    const auto fail = dir.write("f.ini", "[server]\nport = " + std::to_string(freePort()) +
                                             "\n[plugins]\npath = " + testPluginDir() +
                                             "\nenabled = alpha, fail-start\n");
    auto failed = runJollyjetd({"--config", fail});
    EXPECT_EQ(failed.exitCode, 1) << failed.output;
    EXPECT_NE(failed.output.find("start failed"), std::string::npos) << failed.output;
}

TEST(Host, MissingConfigFileIsAClearError) {
    auto result = runJollyjetd({"--config", "/nonexistent/jollyjet.ini", "--check-config"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.output.find("configuration file not found"), std::string::npos) << result.output;
}

TEST(Host, DaemonWithRelativePathsServesAndCleansUpOnSigterm) {
    TempDir dir;
    const int port = freePort();
    dir.write("etc/daemon.ini", "[server]\nport = " + std::to_string(port) +
                                    "\n[plugins]\npath = " + pluginDir() +
                                    "\nenabled = timing\n[cache]\nbackend = memory\n[logging]\nsink = file\nfile = "
                                    "../var/log/daemon.log\n");
    // Run from the temp folder with relative --config and --pidfile.
    const std::string script = "cd " + dir.path() + " && exec " + jollyjetdBinary() +
                               " --daemon --config etc/daemon.ini --pidfile run/jj.pid";
    Poco::File(dir.path() + "/run").createDirectories();
    Poco::File(dir.path() + "/var/log").createDirectories();
    auto launched = runCommand({"sh", "-c", script}, std::chrono::seconds(10));
    EXPECT_EQ(launched.exitCode, 0) << launched.output;

    const std::string pidfile = dir.path() + "/run/jj.pid";
    pid_t pid = 0;
    HttpResult health;
    for (int i = 0; i < 200 && health.status != 200; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        try {
            health = httpRequest(port, "GET", "/health");
        } catch (...) {
        }
    }
    EXPECT_EQ(health.status, 200);
    std::ifstream(pidfile) >> pid;
    ASSERT_GT(pid, 0) << "no pid in " << pidfile;
    ::kill(pid, SIGTERM);
    bool gone = false;
    for (int i = 0; i < 400 && !gone; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        gone = ::kill(pid, 0) != 0;
    }
    EXPECT_TRUE(gone);
    EXPECT_FALSE(Poco::File(pidfile).exists());
    std::ifstream log(dir.path() + "/var/log/daemon.log");
    std::stringstream text;
    text << log.rdbuf();
    EXPECT_NE(text.str().find("listening on"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("stopped"), std::string::npos) << text.str();
}

TEST(Host, SighupReopensTheLogFile) {
    TempDir logs;
    const std::string file = logs.path() + "/jollyjetd.log";
    Jollyjetd server(std::string(kTimingOnly) + "[logging]\nlevel = info\nsink = file\nfile = " + file + "\n");
    ASSERT_TRUE(server.start()) << server.output();
    std::rename(file.c_str(), (file + ".1").c_str()); // logrotate's move
    server.process().signal(SIGHUP);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(server.stop(), 0);
    auto read = [](const std::string& path) {
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    };
    EXPECT_NE(read(file + ".1").find("listening on"), std::string::npos);
    const auto fresh = read(file);
    EXPECT_NE(fresh.find("stopped"), std::string::npos) << "the log after SIGHUP went to the new file";
    EXPECT_EQ(fresh.find("listening on"), std::string::npos);
}

TEST(Host, SigtermLetsAnInFlightRequestFinish) {
    // A request whose body is still arriving when SIGTERM comes must be answered.
    Jollyjetd server(kTimingOnly);
    ASSERT_TRUE(server.start()) << server.output();
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(server.port())));
    const std::string head = "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    server.process().signal(SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // New connections are refused while draining.
    EXPECT_THROW(httpRequest(server.port(), "GET", "/health"), Poco::Exception);
    socket.sendBytes("cd", 2);
    char buffer[512];
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    const int n = socket.receiveBytes(buffer, sizeof buffer);
    ASSERT_GT(n, 0);
    EXPECT_EQ(std::string(buffer, 12), "HTTP/1.1 405");
    EXPECT_EQ(server.process().wait(std::chrono::seconds(10)), 0) << server.output();
}

TEST(Host, VersionPrintsTheVersionTheAbiSignatureAndPoco) {
    const auto result = runJollyjetd({"--version"});
    EXPECT_EQ(result.exitCode, 0) << result.output;
    EXPECT_EQ(result.output.rfind(std::string("jollyjetd ") + JOLLYJET_VERSION + "\n", 0), 0u) << result.output;
    EXPECT_NE(result.output.find(std::string("plugin ABI: ") + JOLLYJET_ABI_SIGNATURE), std::string::npos)
        << result.output;
    EXPECT_NE(result.output.find("\nPOCO 1."), std::string::npos) << result.output;
}
