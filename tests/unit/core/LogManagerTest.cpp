#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "TestEnv.h"
#include "jollyjet/log/LogManager.h"

using namespace jollyjet;

namespace {
std::vector<std::string> lines(const std::string& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}
} // namespace

TEST(LogManager, JsonLinesStayValidJsonWhateverTheMessage) {
    test::TempDir dir;
    LogSettings settings;
    settings.sink = "file";
    settings.file = dir.path() + "/j.log";
    settings.format = "json";
    {
        LogManager logs(settings);
        logs.get("unit")->warn("quote \" backslash \\ newline \n tab \t done");
        logs.get("other")->error("second");
    }
    const auto all = lines(settings.file);
    ASSERT_EQ(all.size(), 2u);
    auto first = Poco::JSON::Parser().parse(all[0]).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(first->getValue<std::string>("msg"), "quote \" backslash \\ newline \n tab \t done");
    EXPECT_EQ(first->getValue<std::string>("level"), "warning");
    EXPECT_EQ(first->getValue<std::string>("logger"), "unit");
    auto second = Poco::JSON::Parser().parse(all[1]).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(second->getValue<std::string>("logger"), "other");
}

TEST(LogManager, ReopenWritesToTheNewFileAfterARename) {
    // What logrotate does before it sends SIGHUP.
    test::TempDir dir;
    LogSettings settings;
    settings.sink = "file";
    settings.file = dir.path() + "/r.log";
    LogManager logs(settings);
    auto log = logs.get("unit");
    log->warn("before rotation");
    log->flush();
    std::rename(settings.file.c_str(), (settings.file + ".1").c_str());
    logs.reopen();
    log->warn("after rotation");
    log->flush();
    const auto rotated = lines(settings.file + ".1");
    const auto fresh = lines(settings.file);
    ASSERT_EQ(rotated.size(), 1u);
    EXPECT_NE(rotated[0].find("before rotation"), std::string::npos);
    ASSERT_EQ(fresh.size(), 1u);
    EXPECT_NE(fresh[0].find("after rotation"), std::string::npos);
}
