// /metrics and the detailed /api/health behind [plugin.metrics] token and
// allowedNetworks; the orchestrators' probes stay open and name no version.
#include <gtest/gtest.h>

#include "Jollyjetd.h"

using namespace jollyjet::test;

namespace {
const std::string kToken = "metrics-token-for-the-guard-test-0001";
} // namespace

TEST(MetricsGuard, TokenGuardsMetricsAndHealthDetailsOnly) {
    Jollyjetd server("[plugins]\nenabled = timing, metrics\n[cache]\nbackend = memory\n[logging]\nlevel = warn\n[plugin.metrics]\ntoken = " +
                     kToken + "\n");
    ASSERT_TRUE(server.start()) << server.output();
    const std::string auth = "Authorization: Bearer " + kToken;
    for (const std::string path : {"/metrics", "/api/health"}) {
        auto open = server.get(path);
        EXPECT_EQ(open.status, 401) << path;
        EXPECT_EQ(open.body.find("version"), std::string::npos) << path;
        EXPECT_EQ(server.get(path, "Authorization: Bearer wrong").status, 401) << path;
        EXPECT_EQ(server.get(path, auth).status, 200) << path;
    }
    auto live = server.get("/api/health/live");
    EXPECT_EQ(live.status, 200);
    EXPECT_EQ(live.body.find("version"), std::string::npos) << live.body;
    auto ready = server.get("/api/health/ready");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(ready.body.find("version"), std::string::npos) << ready.body;
    EXPECT_EQ(server.get("/health").status, 200);
    EXPECT_EQ(server.stop(), 0);
    EXPECT_EQ(server.output().find("Bearer wrong"), std::string::npos);
}

TEST(MetricsGuard, NetworksOutsideTheAllowListGet403) {
    Jollyjetd outside("[plugins]\nenabled = timing, metrics\n[plugin.metrics]\nallowedNetworks = 10.0.0.0/8\n");
    ASSERT_TRUE(outside.start()) << outside.output();
    EXPECT_EQ(outside.get("/metrics").status, 403);
    EXPECT_EQ(outside.get("/api/health").status, 403);
    EXPECT_EQ(outside.get("/api/health/live").status, 200);

    Jollyjetd inside("[plugins]\nenabled = timing, metrics\n[plugin.metrics]\nallowedNetworks = 127.0.0.0/8, ::1\n");
    ASSERT_TRUE(inside.start()) << inside.output();
    EXPECT_EQ(inside.get("/metrics").status, 200);
}

TEST(MetricsGuard, ProductionRefusesToServeThemToEveryone) {
    TempDir dir;
    const auto ini = dir.write("p.ini", "[server]\nenvironment = production\n[plugins]\npath = " + pluginDir() +
                                            "\nenabled = timing, metrics\n");
    auto r = runJollyjetd({"--config", ini, "--check-config"});
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("keys 'token' and 'allowedNetworks' are both empty"), std::string::npos) << r.output;
    const auto bad = dir.write("b.ini", "[plugins]\npath = " + pluginDir() +
                                            "\nenabled = timing, metrics\n[plugin.metrics]\nallowedNetworks = nonsense\n");
    auto nets = runJollyjetd({"--config", bad, "--check-config"});
    EXPECT_EQ(nets.exitCode, 1) << nets.output;
    EXPECT_NE(nets.output.find("'nonsense' is not a network"), std::string::npos) << nets.output;
}
