// What operators met: config messages (# comments, repeated keys, -D typos), --daemon
// with the console sink, log files that stayed empty, tokens and forged lines in
// the log, CORS, the API description route and one uptime unit.
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "Jollyjetd.h"

using namespace jollyjet::test;

namespace {

std::string slurp(const std::string& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Poco::JSON::Object::Ptr parse(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

TEST(ConfigMessages, HashCommentsAreCommentsAndRepeatedKeysNameBothLines) {
    TempDir dir;
    const auto good = dir.write("good.ini", "# my comment\n[plugins]\n  # indented note\npath = " + pluginDir() +
                                                "\nenabled = timing\n");
    auto ok = runJollyjetd({"--config", good, "--check-config"});
    EXPECT_EQ(ok.exitCode, 0) << ok.output;
    EXPECT_EQ(ok.output.find("unknown section"), std::string::npos) << ok.output;

    const auto twice = dir.write("twice.ini", "[plugins]\npath = " + pluginDir() +
                                                  "\nenabled = timing\n[server]\nport = 3000\nport = 3001\n");
    auto repeated = runJollyjetd({"--config", twice, "--check-config"});
    EXPECT_EQ(repeated.exitCode, 1) << repeated.output;
    EXPECT_NE(repeated.output.find("key 'port' in [server] is set twice (lines 5 and 6)"), std::string::npos)
        << repeated.output;
}

TEST(ConfigMessages, AnUnknownDefineIsReportedAsACommandLineOverride) {
    TempDir dir;
    const auto ini = dir.write("d.ini", "[plugins]\npath = " + pluginDir() + "\nenabled = timing\n");
    auto r = runJollyjetd({"--config", ini, "-D", "server.prot=1", "-D", "nosuch.key=2", "--check-config"});
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("[server] in command-line override -D server.prot: unknown key 'prot'"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("command-line override -D nosuch: unknown section [nosuch]"), std::string::npos)
        << r.output;
    EXPECT_EQ(r.output.find("in " + ini + ": unknown key 'prot'"), std::string::npos)
        << "not blamed on the file: " << r.output;
}

TEST(Daemon, RefusesTheConsoleSinkWithAClearMessage) {
    TempDir dir;
    const auto ini = dir.write("c.ini", "[plugins]\npath = " + pluginDir() + "\nenabled = timing\n[logging]\nsink = console\n");
    auto daemon = runJollyjetd({"--config", ini, "--daemon", "--pidfile", dir.path() + "/j.pid"});
    EXPECT_EQ(daemon.exitCode, 1) << daemon.output;
    EXPECT_NE(daemon.output.find("--daemon with [logging] sink = console"), std::string::npos) << daemon.output;
    auto check = runJollyjetd({"--config", ini, "--daemon", "--check-config"});
    EXPECT_EQ(check.exitCode, 1) << check.output;
    EXPECT_NE(check.output.find("--daemon with [logging] sink = console"), std::string::npos) << check.output;
    auto fileSink = runJollyjetd({"--config", ini, "--daemon", "--check-config", "-D", "logging.sink=file", "-D",
                                  "logging.file=" + dir.path() + "/x.log"});
    EXPECT_EQ(fileSink.exitCode, 0) << fileSink.output;
    EXPECT_NE(fileSink.output.find("configuration OK"), std::string::npos) << fileSink.output;
}

TEST(LogFile, InfoLinesReachTheFileWhileTheServerRuns) {
    TempDir dir;
    const std::string file = dir.path() + "/run.log";
    Jollyjetd server("[plugins]\nenabled = timing\n[logging]\nsink = file\nfile = " + file + "\nlevel = info\n");
    ASSERT_TRUE(server.start()) << server.output();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    bool seen = false;
    while (!seen && std::chrono::steady_clock::now() < deadline) {
        seen = slurp(file).find("listening on") != std::string::npos;
        if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(seen) << "the start-up info line is in the file within 2 s: '" << slurp(file) << "'";
    EXPECT_EQ(server.stop(), 0);
}

TEST(LogSafety, NoTokenAndNoRawControlCharacterInAnySink) {
    const std::string token = "admin-token-that-must-never-be-logged-0001";
    for (const std::string sink : {"console", "file", "rotating"}) {
        for (const std::string format : {"text", "json"}) {
            TempDir dir;
            const std::string file = dir.path() + "/safe.log";
            Jollyjetd server("[plugins]\nenabled = timing, metrics, cache-admin\n[cache]\nbackend = memory\n"
                             "[logging]\nlevel = info\nsink = " + sink + "\nformat = " + format + "\nfile = " + file +
                             "\n[plugin.metrics]\nslowRequestMs = 0\n[plugin.cache-admin]\ntoken = " + token + "\n");
            ASSERT_TRUE(server.start()) << server.output();
            EXPECT_EQ(server.get("/admin?token=" + token).status, 200);
            EXPECT_EQ(server.get("/admin?password=hunter2-secret").status, 401);
            server.get("/api/cache/stats", "Authorization: Bearer wrong-guess-token-value");
            // A crafted pattern (logged decoded) that would forge a line in a text log.
            auto crafted = server.request(
                "DELETE",
                "/api/cache/invalidate?pattern=jollyjet:dev:x%0d%0a2026-01-01T00:00:00.000Z%20[warn]%20FLUSHALL%1b",
                "", "Authorization: Bearer " + token);
            EXPECT_EQ(crafted.status, 200) << crafted.body;
            EXPECT_EQ(server.stop(), 0);
            const std::string text = sink == "console" ? server.output() : slurp(file);
            const std::string where = sink + "/" + format;
            EXPECT_NE(text.find("slow request: GET /admin?token=[REDACTED]"), std::string::npos) << where << text;
            EXPECT_NE(text.find("FLUSHALL"), std::string::npos) << where << ": the crafted line was logged, escaped";
            EXPECT_EQ(text.find(token), std::string::npos) << where << text;
            EXPECT_EQ(text.find("hunter2-secret"), std::string::npos) << where << text;
            EXPECT_EQ(text.find("wrong-guess-token-value"), std::string::npos) << where << text;
            std::istringstream lines(text);
            for (std::string line; std::getline(lines, line);) {
                EXPECT_NE(line.rfind("2026-01-01T00:00:00.000Z", 0), 0u) << where << ": forged line: " << line;
                for (const char c : line)
                    EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                        << where << ": raw control " << int(c) << " in " << line;
            }
        }
    }
}

TEST(Cors, OffByDefault) {
    Jollyjetd server("[plugins]\nenabled = timing\n");
    ASSERT_TRUE(server.start()) << server.output();
    auto r = server.get("/health", "Origin: https://shop.example");
    EXPECT_FALSE(r.hasHeader("access-control-allow-origin"));
    auto preflight = server.request("OPTIONS", "/api/health/live", "",
                                    "Origin: https://shop.example\nAccess-Control-Request-Method: GET");
    EXPECT_EQ(preflight.status, 204) << "OPTIONS on a known route answers its Allow";
    EXPECT_FALSE(preflight.hasHeader("access-control-allow-origin")) << "but grants no origin";
}

TEST(Cors, AnswersListedOriginsOnly) {
    Jollyjetd server("[server]\ncors.origins = https://shop.example, http://localhost:8080\n"
                     "[plugins]\nenabled = timing\n");
    ASSERT_TRUE(server.start()) << server.output();
    auto preflight = server.request("OPTIONS", "/api/health/live", "",
                                    "Origin: https://shop.example\nAccess-Control-Request-Method: GET\n"
                                    "Access-Control-Request-Headers: authorization");
    EXPECT_EQ(preflight.status, 204);
    EXPECT_EQ(preflight.header("access-control-allow-origin"), "https://shop.example");
    EXPECT_NE(preflight.header("access-control-allow-methods").find("PUT"), std::string::npos);
    EXPECT_NE(preflight.header("access-control-allow-headers").find("Authorization"), std::string::npos);
    EXPECT_FALSE(preflight.header("access-control-max-age").empty());

    auto simple = server.get("/api/health/live", "Origin: http://localhost:8080");
    EXPECT_EQ(simple.status, 200);
    EXPECT_EQ(simple.header("access-control-allow-origin"), "http://localhost:8080");
    EXPECT_NE(simple.header("vary").find("Origin"), std::string::npos);

    auto stranger = server.request("OPTIONS", "/api/health/live", "",
                                   "Origin: https://evil.example\nAccess-Control-Request-Method: GET");
    EXPECT_EQ(stranger.status, 204) << "the route's Allow, not a preflight answer";
    EXPECT_FALSE(stranger.hasHeader("access-control-allow-methods"));
    EXPECT_FALSE(stranger.hasHeader("access-control-allow-origin"));
    auto strangerGet = server.get("/api/health/live", "Origin: https://evil.example");
    EXPECT_FALSE(strangerGet.hasHeader("access-control-allow-origin"));
    auto notFound = server.get("/nope", "Origin: https://shop.example");
    EXPECT_EQ(notFound.status, 404);
    EXPECT_EQ(notFound.header("access-control-allow-origin"), "https://shop.example") << "errors are readable too";
}

TEST(ApiDescription, IsServedAsJson) {
    Jollyjetd server("[plugins]\nenabled = timing\n");
    ASSERT_TRUE(server.start()) << server.output();
    auto r = server.get("/api/openapi.json");
    ASSERT_EQ(r.status, 200);
    auto doc = parse(r.body);
    EXPECT_EQ(doc->getValue<std::string>("openapi"), "3.1.0");
    auto paths = doc->getObject("paths");
    for (const std::string path : {"/api/products", "/api/products/{id}", "/api/products/count",
                                   "/api/products/wishlist", "/api/cache/stats", "/health", "/api/health",
                                   "/metrics", "/api/openapi.json"})
        EXPECT_TRUE(paths->has(path)) << path;
}

TEST(Health, EveryUptimeIsInSecondsAndSaysSo) {
    Jollyjetd server("[plugins]\nenabled = timing\n");
    ASSERT_TRUE(server.start()) << server.output();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    auto health = parse(server.get("/health").body);
    auto details = parse(server.get("/api/health").body);
    auto live = parse(server.get("/api/health/live").body);
    const double a = health->getValue<double>("uptimeSeconds");
    const double b = details->getObject("data")->getObject("application")->getValue<double>("uptimeSeconds");
    const double c = live->getValue<double>("uptimeSeconds");
    for (double v : {a, b, c}) {
        EXPECT_GE(v, 1.0);
        EXPECT_LT(v, 600.0) << "seconds, not milliseconds";
    }
    EXPECT_FALSE(health->has("uptime"));
    EXPECT_FALSE(details->getObject("data")->getObject("application")->has("uptime"));
}
