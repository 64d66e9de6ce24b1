// The ini reader: '#' comments, keys set twice, environment defaults.
#include <cstdlib>

#include <gtest/gtest.h>

#include "jollyjet/config/IniFile.h"

using namespace jollyjet;

TEST(IniFile, HashStartsACommentAndRepeatedKeysNameBothLines) {
    std::vector<std::string> problems;
    const auto text = config::checkIniText("# my comment\n[server]\nport = 1\n; fine\nPort = 2\n", "x.ini", problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("x.ini:5"), std::string::npos) << problems[0];
    EXPECT_NE(problems[0].find("lines 3 and 5"), std::string::npos) << problems[0];
    EXPECT_EQ(text.rfind(";# my comment", 0), 0u) << text;
    problems.clear();
    config::checkIniText("[a]\nk = 1\n[b]\nk = 2\n[a]\nj = 3\n", "y.ini", problems);
    EXPECT_TRUE(problems.empty()) << "same key in two sections, a section continued";
}

TEST(IniFile, EnvironmentDefaultsApplyOnlyWhenUnset) {
    ::unsetenv("JJ_TEST_UNSET_VAR");
    ::setenv("JJ_TEST_SET_VAR", "value", 1);
    EXPECT_EQ(config::expandEnvironmentDefaults("a = ${system.env.JJ_TEST_UNSET_VAR:-}\n"), "a = \n");
    EXPECT_EQ(config::expandEnvironmentDefaults("a = ${system.env.JJ_TEST_UNSET_VAR:-x y}\n"), "a = x y\n");
    EXPECT_EQ(config::expandEnvironmentDefaults("a = ${system.env.JJ_TEST_SET_VAR:-x}\n"), "a = value\n");
    EXPECT_EQ(config::expandEnvironmentDefaults("a = ${system.env.JJ_TEST_SET_VAR}\n"),
              "a = ${system.env.JJ_TEST_SET_VAR}\n") << "without a default POCO expands it";
}
