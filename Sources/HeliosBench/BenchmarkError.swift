// Failures of the benchmark itself: a directory it cannot create, or an engine that returned
// different data than the other (then its speed means nothing, so the run stops).

/// A reason the benchmark cannot go on.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
