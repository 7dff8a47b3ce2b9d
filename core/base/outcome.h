#pragma once

#include <string>
#include <utility>

namespace audioset {

/// How a long job or a fallible call ended; the one way core reports an outcome. The problems
/// a job found in its input are in the Diagnostics it was given.
struct Outcome {
    enum class Status { Ok, Cancelled, Failed };

    Status status = Status::Ok;
    std::string message; // Failed: what went wrong; otherwise a one-line summary (may be empty)

    static Outcome ok(std::string message = {}) { return {Status::Ok, std::move(message)}; }
    static Outcome cancelled(std::string message) {
        return {Status::Cancelled, std::move(message)};
    }
    static Outcome failed(std::string message) { return {Status::Failed, std::move(message)}; }

    bool isOk() const { return status == Status::Ok; }
    bool isCancelled() const { return status == Status::Cancelled; }
    bool isFailed() const { return status == Status::Failed; }
};

} // namespace audioset
