// Sequence values (nextval, currval, setval) live outside transactions, as in PostgreSQL: a
// value handed out is never handed out again, even if its transaction rolls back. Each
// sequence's position is kept in memory; the catalog counter persists a value ahead of it
// (32 increments ahead, PostgreSQL's SEQ_LOG_VALS), so most nextval calls write nothing and a
// crash skips at most that many values.

public import HeliosCore
public import HeliosStorage
import Synchronization

package final class SequenceManager: Sendable {
    struct Position {
        /// The last value handed out (or the value setval set).
        var last: Int64
        /// Whether `last` was handed out (false: the next call returns `last` itself).
        var isCalled: Bool
        /// The value persisted: no value beyond it has been handed out.
        var persisted: Int64
    }

    let catalog: Catalog
    private let positions = Mutex<[ObjectID: Position]>([:])
    static let logAhead: Int64 = 32

    init(catalog: Catalog) {
        self.catalog = catalog
    }

    static func counterKey(_ oid: ObjectID) -> [UInt8] {
        Array("seq".utf8) + withUnsafeBytes(of: oid.rawValue.bigEndian) { Array($0) }
    }

    /// Stored form: the last value (as UInt64 bit pattern) and whether it was called.
    private func load(_ oid: ObjectID, options: SequenceOptions, txn: WriteTransaction) throws(DatabaseError) -> Position {
        if let known = positions.withLock({ $0[oid] }) { return known }
        guard let raw = try txn.get(Self.counterKey(oid), in: catalog.counters), raw.count == 9 else {
            return Position(last: options.start, isCalled: false, persisted: options.start)
        }
        let value = Int64(bitPattern: TransactionManager.decodeNumber(Array(raw[0..<8])))
        // After a restart, continue after everything that may have been handed out.
        return Position(last: value, isCalled: raw[8] != 0, persisted: value)
    }

    private func persist(_ oid: ObjectID, value: Int64, isCalled: Bool, txn: WriteTransaction) throws(DatabaseError) {
        try txn.put(Self.counterKey(oid), TransactionManager.encodeNumber(UInt64(bitPattern: value)) + [isCalled ? 1 : 0],
                    in: catalog.counters)
    }

    /// The last value handed out (pg_sequences.last_value), nil before the first nextval; read
    /// through `reader` when this process has not used the sequence yet.
    package func lastValue(_ oid: ObjectID, reader: ReadTransaction) throws(DatabaseError) -> Int64? {
        if let known = positions.withLock({ $0[oid] }) { return known.isCalled ? known.last : nil }
        guard let raw = try reader.get(Self.counterKey(oid), in: catalog.counters), raw.count == 9, raw[8] != 0 else { return nil }
        return Int64(bitPattern: TransactionManager.decodeNumber(Array(raw[0..<8])))
    }

    /// The next value of sequence `oid`.
    package func next(_ oid: ObjectID, name: String, options: SequenceOptions, txn: WriteTransaction) throws(DatabaseError) -> Int64 {
        var position = try load(oid, options: options, txn: txn)
        var value = position.last
        if position.isCalled {
            let (stepped, overflow) = value.addingReportingOverflow(options.increment)
            if overflow || stepped > options.maximum || stepped < options.minimum {
                guard options.cycle else {
                    let limit = options.increment > 0 ? "maximum" : "minimum"
                    let bound = options.increment > 0 ? options.maximum : options.minimum
                    throw DatabaseError(.sequenceGeneratorLimitExceeded, "nextval: reached \(limit) value of sequence \"\(name)\" (\(bound))")
                }
                value = options.increment > 0 ? options.minimum : options.maximum
            } else {
                value = stepped
            }
        }
        position.last = value
        position.isCalled = true
        let beyond = options.increment > 0 ? value >= position.persisted : value <= position.persisted
        if beyond || position.persisted == value {
            let (ahead, overflow) = value.addingReportingOverflow(options.increment * Self.logAhead)
            let persisted = overflow ? (options.increment > 0 ? Int64.max : Int64.min) : ahead
            try persist(oid, value: persisted, isCalled: true, txn: txn)
            position.persisted = persisted
        }
        positions.withLock { $0[oid] = position }
        return value
    }

    /// setval: the sequence continues after `value` (or at it, when `isCalled` is false).
    package func set(_ oid: ObjectID, name: String, options: SequenceOptions, value: Int64, isCalled: Bool,
                     txn: WriteTransaction) throws(DatabaseError) {
        if value < options.minimum || value > options.maximum {
            throw DatabaseError(.numericValueOutOfRange,
                                "setval: value \(value) is out of bounds for sequence \"\(name)\" (\(options.minimum)..\(options.maximum))")
        }
        try persist(oid, value: value, isCalled: isCalled, txn: txn)
        positions.withLock { $0[oid] = Position(last: value, isCalled: isCalled, persisted: value) }
    }

    /// Writes every sequence's exact position (at shutdown).
    package func persistPositions(txn: WriteTransaction) throws(DatabaseError) {
        let known = positions.withLock { $0 }
        for (oid, position) in known where position.persisted != position.last {
            // A dropped sequence's counter is not written back.
            guard try txn.get(Self.counterKey(oid), in: catalog.counters) != nil else { continue }
            try persist(oid, value: position.last, isCalled: position.isCalled, txn: txn)
        }
    }

    /// Forgets a dropped sequence.
    package func forget(_ oid: ObjectID) {
        _ = positions.withLock { $0.removeValue(forKey: oid) }
    }
}

/// Hidden row IDs for tables without a primary key: a counter per table, persisted in blocks.
package final class RowIDAllocator: Sendable {
    let catalog: Catalog
    private let next = Mutex<[ObjectID: (next: UInt64, limit: UInt64)]>([:])
    static let block: UInt64 = 1024

    init(catalog: Catalog) {
        self.catalog = catalog
    }

    static func counterKey(_ oid: ObjectID) -> [UInt8] {
        Array("rowid".utf8) + withUnsafeBytes(of: oid.rawValue.bigEndian) { Array($0) }
    }

    /// The next row ID of table `oid` (the caller holds the store's writer in `txn`).
    package func allocate(_ oid: ObjectID, txn: WriteTransaction) throws(DatabaseError) -> UInt64 {
        if let granted: UInt64 = next.withLock({ state in
            guard let current = state[oid], current.next < current.limit else { return nil }
            state[oid] = (current.next + 1, current.limit)
            return current.next
        }) {
            return granted
        }
        let stored = try txn.get(Self.counterKey(oid), in: catalog.counters).map(TransactionManager.decodeNumber) ?? 1
        let start = max(stored, next.withLock { $0[oid]?.limit } ?? 1)
        let limit = start + Self.block
        try txn.put(Self.counterKey(oid), TransactionManager.encodeNumber(limit), in: catalog.counters)
        next.withLock { $0[oid] = (start + 1, limit) }
        return start
    }

    package func forget(_ oid: ObjectID) {
        _ = next.withLock { $0.removeValue(forKey: oid) }
    }
}
