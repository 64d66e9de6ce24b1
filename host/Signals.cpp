#include "Signals.h"

#include <csignal>
#include <pthread.h>

namespace jollyjet::host {

namespace {
sigset_t handledSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGQUIT);
    sigaddset(&set, SIGHUP);
    return set;
}
} // namespace

void blockSignals() {
    const sigset_t set = handledSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // A client that goes away mid-response must cost a failed write, not the process.
    std::signal(SIGPIPE, SIG_IGN);
}

int waitForSignal() {
    const sigset_t set = handledSignals();
    int signal = 0;
    while (sigwait(&set, &signal) != 0) {
    }
    return signal;
}

} // namespace jollyjet::host
