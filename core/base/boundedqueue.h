#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace audioset {

/// A small blocking queue between one producer and one consumer thread. close() wakes both
/// sides: the producer stops pushing, the consumer drains what is left.
template <typename T> class BoundedQueue {
public:
    explicit BoundedQueue(size_t capacity)
        : m_capacity(capacity) {}

    /// Blocks while full; false when the queue was closed (the item is dropped).
    bool push(T item) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_notFull.wait(lock, [&] { return m_closed || m_items.size() < m_capacity; });
        if (m_closed) return false;
        m_items.push_back(std::move(item));
        m_notEmpty.notify_one();
        return true;
    }

    /// Blocks while empty; false once the queue is closed and drained.
    bool pop(T &item) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_notEmpty.wait(lock, [&] { return m_closed || !m_items.empty(); });
        if (m_items.empty()) return false;
        item = std::move(m_items.front());
        m_items.pop_front();
        m_notFull.notify_one();
        return true;
    }

    /// Never blocks: false when the queue is full or closed (the item is dropped).
    bool tryPush(T item) {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_closed || m_items.size() >= m_capacity) return false;
        m_items.push_back(std::move(item));
        m_notEmpty.notify_one();
        return true;
    }

    /// Never blocks: false when nothing is queued.
    bool tryPop(T &item) {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_items.empty()) return false;
        item = std::move(m_items.front());
        m_items.pop_front();
        m_notFull.notify_one();
        return true;
    }

    void close() {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_closed = true;
        m_notEmpty.notify_all();
        m_notFull.notify_all();
    }

private:
    const size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<T> m_items;
    bool m_closed = false;
};

/// Runs a producer on its own thread, feeding a queue. However the consumer leaves (done,
/// cancelled, or by an exception), the destructor asks the producer to stop and joins it.
template <typename T> class ProducerThread {
public:
    template <typename Produce>
    ProducerThread(BoundedQueue<T> &queue, std::atomic<bool> &stop, Produce produce)
        : m_queue(queue)
        , m_stop(stop)
        , m_thread([&queue, produce]() mutable {
            produce();
            queue.close();
        }) {}
    ~ProducerThread() {
        m_stop = true;
        m_queue.close();
        m_thread.join();
    }
    ProducerThread(const ProducerThread &) = delete;
    ProducerThread &operator=(const ProducerThread &) = delete;

private:
    BoundedQueue<T> &m_queue;
    std::atomic<bool> &m_stop;
    std::thread m_thread;
};

} // namespace audioset
