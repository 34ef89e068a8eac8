// Arrivals per minute for one series (a template or a cluster), the last `capacity` minutes
// kept in a ring (two days for a template, three for a cluster, whose third day gives the
// online training targets): slot = minute mod capacity. Minutes count from 2000-01-01 00:00 UTC. Adding a minute
// past the newest one clears the slots in between (no arrivals were seen there); a minute older
// than the ring is dropped.
//
// Invariants: 1. every slot holds the count of the minute (newestMinute - ((newestMinute - slot)
// mod capacity)) or 0; 2. counts are never negative.

/// The last two days of arrivals per minute.
package struct MinuteSeries: Sendable, Equatable {
    package let capacity: Int
    private var counts: [Float]
    /// The newest minute the ring has a slot for; nil before the first arrival.
    package private(set) var newestMinute: Int64?
    /// The first minute ever added: how much history there is.
    package private(set) var firstMinute: Int64?

    package init(capacity: Int = ForecastFeatures.historyMinutes) {
        precondition(capacity >= ForecastFeatures.historyMinutes, "a series holds at least the model's history")
        self.capacity = capacity
        counts = [Float](repeating: 0, count: capacity)
    }

    private func slot(_ minute: Int64) -> Int {
        let size = Int64(capacity)
        return Int(((minute % size) + size) % size)
    }

    /// Adds `count` arrivals to `minute`.
    package mutating func add(minute: Int64, count: Float) {
        guard count > 0 else { return }
        if let newest = newestMinute {
            if minute > newest {
                let gap = min(minute - newest, Int64(capacity))
                for step in 1...gap { counts[slot(newest + step)] = 0 }
                newestMinute = minute
            } else if minute <= newest - Int64(capacity) {
                return  // older than the ring
            }
        } else {
            newestMinute = minute
        }
        firstMinute = min(firstMinute ?? minute, minute)
        counts[slot(minute)] += count
    }

    /// The count of `minute` (0 when unknown or outside the ring).
    package func count(at minute: Int64) -> Float {
        guard let newest = newestMinute, minute <= newest, minute > newest - Int64(capacity) else { return 0 }
        return counts[slot(minute)]
    }

    /// Copies the minutes [now - count, now) into `out` (`count` floats), zeros where unknown:
    /// at most two block copies out of the ring, so a forecast stays within its time budget.
    package func copyHistory(before now: Int64, count: Int = ForecastFeatures.historyMinutes,
                             into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: count)
        guard let newest = newestMinute else { return }
        // The known minutes of the request: [max(now - count, newest - capacity + 1), min(now, newest + 1)).
        let first = max(now - Int64(count), newest - Int64(capacity) + 1)
        let end = min(now, newest + 1)
        guard first < end else { return }
        counts.withUnsafeBufferPointer { ring in
            var minute = first
            var destination = out + Int(first - (now - Int64(count)))
            while minute < end {
                let start = slot(minute)
                let length = min(Int(end - minute), capacity - start)
                destination.update(from: ring.baseAddress! + start, count: length)
                destination += length
                minute += Int64(length)
            }
        }
    }

    /// The whole ring, oldest minute first, ending at the newest minute (for training).
    package func contents() -> (counts: [Float], firstMinute: Int64)? {
        guard let newest = newestMinute else { return nil }
        var values = [Float](repeating: 0, count: capacity)
        values.withUnsafeMutableBufferPointer { copyHistory(before: newest + 1, count: capacity, into: $0.baseAddress!) }
        return (values, newest + 1 - Int64(capacity))
    }

    /// Arrivals in the minutes [from, to).
    package func total(from: Int64, to: Int64) -> Float {
        guard from < to else { return 0 }
        var sum: Float = 0
        for minute in max(from, to - Int64(capacity))..<to { sum += count(at: minute) }
        return sum
    }

    /// Adds every minute of `other` into this series (a cluster summing its templates).
    package mutating func merge(_ other: MinuteSeries) {
        guard let newest = other.newestMinute else { return }
        for minute in (newest - Int64(capacity) + 1)...newest {
            add(minute: minute, count: other.count(at: minute))
        }
    }
}
