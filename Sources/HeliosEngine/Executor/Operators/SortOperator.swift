// ORDER BY: reads every input row, sorts by the keys (each with its direction and NULLS
// placement), then returns them in order. With a known LIMIT above it, keeps only the first
// `limit` rows while reading (top-N), so `ORDER BY x LIMIT 10` over a million rows holds ten.
// Without one, rows beyond the memory budget (work_mem) go to disk as sorted runs, which are
// merged as rows are asked for (an external merge sort).

public import HeliosCore
public import HeliosValues

/// A compiled sort key.
struct CompiledSortKey {
    var expression: CompiledExpression
    var descending: Bool
    var nullsFirst: Bool
}

final class SortOperator: PhysicalOperator {
    let keys: [CompiledSortKey]
    let environment: EvaluationEnvironment
    /// A LIMIT and OFFSET above: the consumer needs at most their sum of rows.
    let limit: (count: CompiledExpression, offset: CompiledExpression?)?
    /// Bytes of rows held in memory before sorted runs go to temporary files (work_mem).
    let memory: Int
    private var sorted: [Row] = []
    private var position = 0
    /// When the input did not fit: sorted runs merged as rows are asked for.
    private var merge: RunMerge?
    /// How many runs and bytes went to disk in the last execution (EXPLAIN ANALYZE's "external merge").
    private(set) var spilledRuns = 0
    private(set) var spilledBytes = 0
    /// Roughly the bytes of rows held in memory at the end of the last execution.
    private(set) var memoryUsed = 0

    init(_ input: PhysicalOperator, keys: [CompiledSortKey], limit: (count: CompiledExpression, offset: CompiledExpression?)?,
         memory: Int = 64 << 20, environment: EvaluationEnvironment) {
        self.keys = keys
        self.limit = limit
        self.memory = memory
        self.environment = environment
        super.init()
        children = [input]
    }

    override func open() throws(DatabaseError) {
        try super.open()
        merge = nil
        spilledRuns = 0
        spilledBytes = 0
        var entries: [(keys: [SQLValue], row: Row)] = []
        var bound = Int.max
        if let limit, case .int64(let count) = try limit.count.evaluate([], environment), count >= 0 {
            var offset: Int64 = 0
            if let expression = limit.offset, case .int64(let value) = try expression.evaluate([], environment), value > 0 {
                offset = value
            }
            let (sum, overflow) = count.addingReportingOverflow(offset)
            if !overflow && sum < Int64(Int32.max) { bound = Int(sum) }
        }
        let precedes = Self.ordering(keys)
        var held = 0
        var runs: [SpillFile] = []
        while let row = try children[0].next() {
            var values: [SQLValue] = []
            values.reserveCapacity(keys.count)
            for key in keys { values.append(try key.expression.evaluate(row, environment)) }
            entries.append((values, row))
            // Top-N: once twice the bound is held, keep the best `bound`.
            if bound != Int.max && entries.count >= max(2 * bound, 1024) {
                entries.sort { precedes($0.keys, $1.keys) }
                entries.removeLast(entries.count - bound)
                continue
            }
            guard bound == Int.max else { continue }
            held += SpillCodec.footprint(row) + values.count * 16
            if held > memory {
                // A sorted run to disk: its keys, then its row.
                entries.sort { precedes($0.keys, $1.keys) }
                let run = try SpillFile()
                for entry in entries { try run.append(entry.keys + entry.row) }
                runs.append(run)
                entries.removeAll(keepingCapacity: true)
                held = 0
            }
        }
        entries.sort { precedes($0.keys, $1.keys) }
        if entries.count > bound { entries.removeLast(entries.count - bound) }
        memoryUsed = entries.reduce(0) { $0 + SpillCodec.footprint($1.row) + $1.keys.count * 16 }
        position = 0
        if runs.isEmpty {
            sorted = entries.map(\.row)
            return
        }
        spilledRuns = runs.count
        spilledBytes = runs.reduce(0) { $0 + $1.bytesWritten }
        sorted = []
        merge = try RunMerge(runs: runs, memoryRun: entries, keyCount: keys.count, precedes: precedes)
    }

    override func next() throws(DatabaseError) -> Row? {
        if let merge {
            guard let row = try merge.next() else { return nil }
            rowsProduced += 1
            return row
        }
        guard position < sorted.count else { return nil }
        defer { position += 1 }
        rowsProduced += 1
        return sorted[position]
    }

    override func close() {
        sorted = []
        merge = nil
        super.close()
    }

    /// Whether key values `a` sort before `b`.
    static func ordering(_ keys: [CompiledSortKey]) -> ([SQLValue], [SQLValue]) -> Bool {
        { a, b in
            for index in keys.indices {
                let order = SQLValue.compare(a[index], b[index], descending: keys[index].descending, nullsFirst: keys[index].nullsFirst)
                if order != 0 { return order < 0 }
            }
            return false
        }
    }
}

/// Merges sorted runs (files of key values followed by the row, and one run still in memory)
/// into one sorted stream, through a binary heap of each run's next entry.
final class RunMerge {
    private var sources: [SpillFile]
    private var memoryRun: [(keys: [SQLValue], row: Row)]
    private var memoryPosition = 0
    private let keyCount: Int
    private let precedes: ([SQLValue], [SQLValue]) -> Bool
    /// (keys, row, source) with the smallest keys on top; source -1 is the memory run.
    private var heap: [(keys: [SQLValue], row: Row, source: Int)] = []

    init(runs: [SpillFile], memoryRun: [(keys: [SQLValue], row: Row)], keyCount: Int,
         precedes: @escaping ([SQLValue], [SQLValue]) -> Bool) throws(DatabaseError) {
        sources = runs
        self.memoryRun = memoryRun
        self.keyCount = keyCount
        self.precedes = precedes
        for index in sources.indices { try refill(index) }
        try refill(-1)
    }

    func next() throws(DatabaseError) -> Row? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        try refill(top.source)
        return top.row
    }

    private func refill(_ source: Int) throws(DatabaseError) {
        let entry: (keys: [SQLValue], row: Row)
        if source < 0 {
            guard memoryPosition < memoryRun.count else { return }
            entry = memoryRun[memoryPosition]
            memoryPosition += 1
        } else {
            guard let stored = try sources[source].next() else { return }
            entry = (Array(stored[..<keyCount]), Array(stored[keyCount...]))
        }
        heap.append((entry.keys, entry.row, source))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child].keys, heap[parent].keys) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count, precedes(heap[left + 1].keys, heap[left].keys) { smallest = left + 1 }
            guard precedes(heap[smallest].keys, heap[parent].keys) else { return }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
    }
}
