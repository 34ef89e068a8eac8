// pg_type as HeliosDB serves it: PostgreSQL 15's rows for the built-in types HeliosDB knows
// (GeneratedTypeRows.swift), so typlen, typalign, typelem, typarray, typinput ... are exactly
// PostgreSQL's, and the per-type facts pg_attribute and information_schema need.

import HeliosCore
import HeliosValues

/// The built-in types' pg_type rows.
enum BuiltInTypes {
    /// Each type's row in pg_type's column order (typacl, the last column, is NULL).
    static let rows: [[SQLValue]] = {
        guard let relation = SystemRelation.named("pg_type", schema: "pg_catalog") else { preconditionFailure("no pg_type") }
        return generatedRows.split(separator: "\n").map { line in
            let cells = line.drop { $0 == " " }.split(separator: "\t", omittingEmptySubsequences: false)
            precondition(cells.count == relation.columns.count - 1, "pg_type row has \(cells.count) cells")
            var row = zip(cells, relation.columns).map { cell, column -> SQLValue in
                cell == "\\N" ? .null : (try? TextFormat.parse(String(cell), as: column.type)) ?? .null
            }
            row.append(.null)
            return row
        }
    }()

    private static let byOID: [UInt32: [SQLValue]] = {
        var table: [UInt32: [SQLValue]] = [:]
        for row in rows { if case .oid(let oid) = row[0] { table[oid] = row } }
        return table
    }()

    private static let column: [String: Int] = {
        guard let relation = SystemRelation.named("pg_type", schema: "pg_catalog") else { return [:] }
        return Dictionary(uniqueKeysWithValues: relation.columns.enumerated().map { ($1.name, $0) })
    }()

    /// The value of pg_type column `name` for type `oid`, NULL for a type not listed.
    static func value(_ name: String, of oid: UInt32) -> SQLValue {
        guard let row = byOID[oid], let index = column[name] else { return .null }
        return row[index]
    }

    static func contains(_ oid: UInt32) -> Bool { byOID[oid] != nil }

    /// pg_type.typname.
    static func name(of oid: UInt32) -> String? { value("typname", of: oid).stringValue }

    /// pg_type.typalign ("c", "s", "i", "d").
    static func alignment(of type: SQLType) -> String { value("typalign", of: type.oid).stringValue ?? "i" }

    /// pg_type.typstorage ("p", "x", "m", "e").
    static func storage(of type: SQLType) -> String { value("typstorage", of: type.oid).stringValue ?? "p" }

    /// pg_type.typbyval.
    static func passedByValue(_ type: SQLType) -> Bool { value("typbyval", of: type.oid).boolValue ?? false }

    /// pg_type.typcollation: 100 (default) for the collatable string types, 950 (C) for name, else 0.
    static func collation(of type: SQLType) -> UInt32 {
        if case .oid(let oid) = value("typcollation", of: type.oid) { return oid }
        return 0
    }
}

/// pg_proc as HeliosDB serves it: PostgreSQL 15's rows for the functions it implements with the
/// same argument types, and for the type I/O functions pg_type names.
enum BuiltInProcedures {
    struct Procedure: Sendable {
        var oid: UInt32
        var name: String
        /// f (function), a (aggregate), w (window).
        var kind: String
        var returnsSet: Bool
        var resultType: UInt32
        var argumentTypes: [UInt32]
        /// i, s or v.
        var volatility: String
        var isStrict: Bool
    }

    /// The procedures, by oid.
    static let all: [Procedure] = {
        let typeFunctions = typeFunctionOIDs
        return generatedRows.split(separator: "\n").compactMap { line -> Procedure? in
            let cells = line.drop { $0 == " " }.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 9, let oid = UInt32(cells[0]), let result = UInt32(cells[4]) else { return nil }
            let procedure = Procedure(oid: oid, name: cells[1], kind: cells[2], returnsSet: cells[3] == "t", resultType: result,
                                      argumentTypes: cells[6].split(separator: " ").compactMap { UInt32($0) },
                                      volatility: cells[7], isStrict: cells[8] == "t")
            return typeFunctions.contains(oid) || isImplemented(procedure) ? procedure : nil
        }
    }()

    private static let byOID: [UInt32: Procedure] = Dictionary(all.map { ($0.oid, $0) }, uniquingKeysWith: { first, _ in first })
    private static let byName: [String: [Procedure]] = Dictionary(grouping: all, by: \.name)

    static func procedure(_ oid: UInt32) -> Procedure? { byOID[oid] }

    /// The procedures called `name`.
    static func named(_ name: String) -> [Procedure] { byName[name] ?? [] }

    /// The functions pg_type's regproc columns name (typinput, typoutput ...).
    private static var typeFunctionOIDs: Set<UInt32> {
        var result: Set<UInt32> = []
        for name in ["typsubscript", "typinput", "typoutput", "typreceive", "typsend", "typmodin", "typmodout", "typanalyze"] {
            for row in BuiltInTypes.rows {
                if case .oid(let oid) = BuiltInTypes.value(name, of: row[0].integerValue.map { UInt32($0) } ?? 0), oid != 0 {
                    result.insert(oid)
                }
            }
        }
        return result
    }

    /// Whether HeliosDB has this overload: a scalar function, aggregate or engine function taking
    /// exactly these argument types.
    private static func isImplemented(_ procedure: Procedure) -> Bool {
        let arguments = procedure.argumentTypes
        for overload in FunctionRegistry.overloads(named: procedure.name) {
            let parameters = overload.parameters + (overload.variadic.map { [$0] } ?? [])
            if parameters.map(\.oid) == arguments && overload.returnsSet == procedure.returnsSet { return true }
        }
        if procedure.kind == "a", AggregateRegistry.isAggregate(procedure.name) {
            let types = arguments.compactMap { SQLType(oid: $0) }
            if types.count == arguments.count, let resolved = try? AggregateRegistry.resolve(procedure.name, argumentTypes: types),
               resolved.signature.parameters.map(\.oid) == arguments {
                return true
            }
        }
        if let function = EngineFunction(rawValue: procedure.name) {
            return function.signatures.contains { $0.parameters.map(\.oid) == arguments }
        }
        return false
    }
}
