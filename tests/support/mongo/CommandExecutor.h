#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "WireStore.h"

namespace jollyjet::test::wire {

/// Runs MongoDB commands against the wire test server's in-memory store.
///
/// Each command runs under one mutex, so commands are atomic with respect to each
/// other. Failures become MongoDB-shaped error replies ({ok: 0, errmsg, code,
/// codeName}); write errors become `writeErrors` entries in an ok reply, as the real
/// server sends them. Fields drivers add to every command ($db, lsid, $clusterTime,
/// $readPreference, txnNumber, writeConcern, ...) are accepted and ignored.
class CommandExecutor {
public:
    CommandExecutor();

    /// `command`'s first field names the command. Never throws for a bad command.
    Document::Ptr execute(const Document& command, const std::string& db, std::int32_t connectionId);

    /// The topologyVersion.processId this server reports (for awaitable hello).
    const std::string& processId() const { return processId_; }
    /// True for hello/isMaster commands.
    static bool isHello(const Document& command);

private:
    Document::Ptr run(const std::string& name, const Document& command, const std::string& db, std::int32_t connectionId);
    Document::Ptr hello(const Document& command, std::int32_t connectionId) const;

    std::mutex mutex_;
    WireStore store_;
    std::string processId_;
};

} // namespace jollyjet::test::wire
