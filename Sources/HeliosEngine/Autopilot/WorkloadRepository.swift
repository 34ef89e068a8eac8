// The captured workload of a data directory: per (database, user, template) its statistics,
// its interval series and a sample execution (the statement and its parameter values, which
// the index advisor plans again in what-if mode), and per index how often plans read it.
// Sessions count into a private WorkloadBuffer without any lock and merge it here about once a
// second (and when they close), so the query path never waits on this repository's lock.

public import HeliosCore
package import HeliosSQL
package import HeliosValues
package import Synchronization

package final class WorkloadRepository: Sendable {
    package struct Key: Hashable, Sendable {
        package var database: ObjectID
        package var user: String
        package var template: Int64

        package init(database: ObjectID, user: String, template: Int64) {
            self.database = database
            self.user = user
            self.template = template
        }
    }

    /// One execution of a template, kept to plan it again.
    package struct Sample: Sendable {
        package var statement: Statement
        package var parameters: [SQLValue]
        package var parameterTypes: [SQLType?]
    }

    package struct Entry: Sendable {
        package var key: Key
        package var text: String
        package var statistics = TemplateStatistics()
        package var series = IntervalSeries()
        package var sample: Sample?
    }

    package struct IndexUsage: Sendable, Equatable {
        package var scans = 0
        /// Microseconds since 2000-01-01 UTC; nil: never read since the server started.
        package var lastScan: Int64?
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var indexUsage: [ObjectID: IndexUsage] = [:]
        /// When pg_stat_statements_reset last ran (or the server started).
        var resetTime: Int64
    }

    private let state: Mutex<State>
    /// At most this many templates are kept (pg_stat_statements.max's default); beyond it the
    /// least called tenth is forgotten, as pg_stat_statements deallocates its least used entries.
    package let capacity: Int

    package init(now: Int64, capacity: Int = 5000) {
        state = Mutex(State(resetTime: now))
        self.capacity = capacity
    }

    /// Adds a session's counts.
    package func merge(_ buffer: consuming WorkloadBuffer) {
        let entries = buffer.entries
        let usage = buffer.indexUsage
        state.withLock { state in
            for (key, counted) in entries {
                var entry = state.entries[key] ?? Entry(key: key, text: counted.text)
                entry.statistics.merge(counted.statistics)
                for interval in counted.series.intervals { entry.series.add(number: interval.number, calls: interval.calls, totalMicros: interval.totalMicros) }
                if let sample = counted.sample { entry.sample = sample }
                state.entries[key] = entry
            }
            if state.entries.count > capacity {
                let evicted = state.entries.values.sorted { ($0.statistics.calls, $0.statistics.lastCall) < ($1.statistics.calls, $1.statistics.lastCall) }
                    .prefix(state.entries.count - capacity * 9 / 10)
                for entry in evicted { state.entries[entry.key] = nil }
            }
            for (oid, counted) in usage {
                var known = state.indexUsage[oid] ?? IndexUsage()
                known.scans += counted.scans
                if let last = counted.lastScan { known.lastScan = max(known.lastScan ?? last, last) }
                state.indexUsage[oid] = known
            }
        }
    }

    /// Every template's entry, in no particular order.
    package var entries: [Entry] { state.withLock { Array($0.entries.values) } }

    /// The entries of one database.
    package func entries(of database: ObjectID) -> [Entry] {
        state.withLock { $0.entries.values.filter { $0.key.database == database } }
    }

    package func indexUsage(_ oid: ObjectID) -> IndexUsage {
        state.withLock { $0.indexUsage[oid] ?? IndexUsage() }
    }

    package var resetTime: Int64 { state.withLock { $0.resetTime } }

    /// pg_stat_statements_reset(): forgets every template's counts.
    package func reset(now: Int64) {
        state.withLock { state in
            state.entries = [:]
            state.resetTime = now
        }
    }
}

/// One session's counts since it last merged them into the repository.
package struct WorkloadBuffer {
    package struct Counted {
        var text: String
        var statistics = TemplateStatistics()
        var series = IntervalSeries()
        var sample: WorkloadRepository.Sample?
    }

    var entries: [WorkloadRepository.Key: Counted] = [:]
    var indexUsage: [ObjectID: WorkloadRepository.IndexUsage] = [:]
    /// Since when (monotonic nanoseconds) this buffer counts.
    var startedAt: UInt64 = 0
    var count = 0

    package init() {}

    package mutating func record(_ key: WorkloadRepository.Key, text: @autoclosure () -> String, micros: Double,
                         planningMicros: Double?, rows: Int, at time: Int64, sample: () -> WorkloadRepository.Sample?) {
        count += 1
        let number = IntervalSeries.number(of: time)
        if entries[key] == nil { entries[key] = Counted(text: text()) }
        entries[key]!.statistics.record(micros: micros, planningMicros: planningMicros, rows: rows, at: time)
        entries[key]!.series.add(number: number, calls: 1, totalMicros: micros)
        // One sample per merge is enough: the advisor plans the latest one it has.
        if entries[key]!.sample == nil { entries[key]!.sample = sample() }
    }

    package mutating func recordIndexScan(_ oid: ObjectID, at time: Int64) {
        indexUsage[oid, default: WorkloadRepository.IndexUsage()].scans += 1
        indexUsage[oid]!.lastScan = time
    }

    var isEmpty: Bool { entries.isEmpty && indexUsage.isEmpty }
}
