#pragma once

namespace jollyjet::host {

/// Blocks SIGINT, SIGTERM, SIGQUIT and SIGHUP in the calling thread. Called first
/// thing in main(), before any thread exists, so every thread inherits the mask and
/// the signals reach only waitForSignal() (a std::thread or a library's worker could
/// otherwise take a SIGINT and kill the process without a clean stop).
void blockSignals();

/// Waits for one of the blocked signals and returns its number.
int waitForSignal();

} // namespace jollyjet::host
