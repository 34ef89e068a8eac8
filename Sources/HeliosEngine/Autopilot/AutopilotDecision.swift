// One thing the autopilot did (or, in recommend mode, would do), as helios_ai.decisions shows
// it: when, what, why, the estimated effect and — once the validation window has passed — the
// measured one. Decisions are kept in the store (tree `helios.autopilot.decisions`, keyed by
// id), so the log and the autopilot's own indexes outlive restarts. The epoch counts the
// autopilot's catalog changes: a plan depends only on the catalog, the statistics and this
// epoch, never on timing.

import HeliosCore

package struct AutopilotDecision: Sendable, Equatable {
    package enum Action: String, Sendable {
        case createIndex = "create index"
        case dropIndex = "drop index"
        /// A table's page layout (fillfactor), LayoutAdvisor.
        case setLayout = "set layout"
        /// A learned correction of a scan's estimate (LearnedEstimates).
        case correctEstimate = "correct estimate"
    }

    package enum Status: String, Sendable {
        /// Done; its effect is still being measured (create) or nothing to measure (drop).
        case applied
        /// Measured and kept.
        case validated
        /// Undone, by the validation or by helios_ai.revert.
        case reverted
        /// Tried and failed (the reason says why); nothing changed.
        case failed
    }

    package var id: Int64
    package var time: Int64
    package var database: ObjectID
    package var action: Action
    package var schema: String
    package var table: String
    package var indexName: String
    package var columns: [String]
    package var statement: String
    package var reason: String
    /// The advisor's estimate: the fraction of its templates' cost a new index saves.
    package var estimatedEffect: Double?
    /// Measured: the fraction of its templates' mean latency it saved (negative: worse).
    package var measuredEffect: Double?
    package var status: Status
    package var epoch: Int64
    /// The decision this one undoes.
    package var reverts: Int64?
    /// The templates a new index is for, and their mean latency (µs) before it.
    package var templates: [Int64]
    package var baselineMicros: Double?
    /// The statement that undoes it, when the action alone does not say (a layout change).
    package var undoStatement: String? = nil
    /// A correction's factor (nil: the correction was removed) and the one it replaced.
    package var correctionFactor: Double? = nil
    package var previousFactor: Double? = nil
    /// The table it acted on (.invalid in decisions of the first format).
    package var relation: ObjectID = .invalid

    func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(UInt8(2))  // format (1: without undoStatement and the correction factors)
        writer.write(id)
        writer.write(time)
        writer.write(database.rawValue)
        writer.write(action.rawValue)
        writer.write(schema)
        writer.write(table)
        writer.write(indexName)
        writer.writeList(columns) { $0.write($1) }
        writer.write(statement)
        writer.write(reason)
        writer.write(estimatedEffect.map { String($0) })
        writer.write(measuredEffect.map { String($0) })
        writer.write(status.rawValue)
        writer.write(epoch)
        writer.write(reverts.map { String($0) })
        writer.writeList(templates) { $0.write($1) }
        writer.write(baselineMicros.map { String($0) })
        writer.write(undoStatement)
        writer.write(correctionFactor.map { String($0) })
        writer.write(previousFactor.map { String($0) })
        writer.write(relation.rawValue)
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(DatabaseError) -> AutopilotDecision {
        var reader = BinaryReader(bytes, what: "autopilot decision")
        let format = try reader.readUInt8()
        guard format == 1 || format == 2 else { throw DatabaseError(.dataCorrupted, "unknown autopilot decision format") }
        let id = try reader.readInt64()
        let time = try reader.readInt64()
        let database = ObjectID(try reader.readUInt32())
        guard let action = Action(rawValue: try reader.readString()) else { throw DatabaseError(.dataCorrupted, "unknown autopilot action") }
        let schema = try reader.readString()
        let table = try reader.readString()
        let indexName = try reader.readString()
        let columns = try reader.readList { (reader) throws(DatabaseError) in try reader.readString() }
        let statement = try reader.readString()
        let reason = try reader.readString()
        let estimated = try reader.readOptionalString().flatMap(Double.init)
        let measured = try reader.readOptionalString().flatMap(Double.init)
        guard let status = Status(rawValue: try reader.readString()) else { throw DatabaseError(.dataCorrupted, "unknown autopilot status") }
        let epoch = try reader.readInt64()
        let reverts = try reader.readOptionalString().flatMap { Int64($0) }
        let templates = try reader.readList { (reader) throws(DatabaseError) in try reader.readInt64() }
        let baseline = try reader.readOptionalString().flatMap(Double.init)
        let undo = format >= 2 ? try reader.readOptionalString() : nil
        let factor = format >= 2 ? try reader.readOptionalString().flatMap(Double.init) : nil
        let previous = format >= 2 ? try reader.readOptionalString().flatMap(Double.init) : nil
        let relation = format >= 2 ? ObjectID(try reader.readUInt32()) : .invalid
        return AutopilotDecision(id: id, time: time, database: database, action: action, schema: schema, table: table,
                                 indexName: indexName, columns: columns, statement: statement, reason: reason,
                                 estimatedEffect: estimated, measuredEffect: measured, status: status, epoch: epoch,
                                 reverts: reverts, templates: templates, baselineMicros: baseline, undoStatement: undo,
                                 correctionFactor: factor, previousFactor: previous, relation: relation)
    }
}
