#include "WorkerPool.h"

#include <pthread.h>

namespace jollyjet::host {

WorkerPool::WorkerPool(int threads, std::function<void(Job&)> work) : work_(std::move(work)) {
    for (int i = 0; i < threads; ++i)
        threads_.emplace_back([this, i] {
            const std::string name = "worker-" + std::to_string(i);
            pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
            run();
        });
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::submit(Job job) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(job));
    }
    ready_.notify_one();
}

void WorkerPool::submit(std::vector<Job>& jobs) {
    if (jobs.empty()) return;
    {
        std::lock_guard lock(mutex_);
        for (auto& job : jobs) queue_.push_back(std::move(job));
    }
    if (jobs.size() == 1)
        ready_.notify_one();
    else
        ready_.notify_all();
    jobs.clear();
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    ready_.notify_all();
    for (auto& thread : threads_)
        if (thread.joinable()) thread.join();
    threads_.clear();
}

void WorkerPool::run() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        work_(job);
    }
}

} // namespace jollyjet::host
