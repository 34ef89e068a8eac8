// Anonymous record types, as PostgreSQL "blesses" them (assign_record_type_typmod): a value of
// type record carries no field names, so the type's typmod indexes a process-wide registry of
// field lists. `(f(x)).n` and `(t.keys).x` find their field through it; two expressions with the
// same fields share one typmod. The registry only grows, by one entry per distinct field list
// the functions and queries of this process produce (a handful), so it stays small.

public import HeliosCore
import Synchronization

public enum RecordType {
    /// One field of a record type.
    public struct Field: Hashable, Sendable {
        public var name: String
        public var type: SQLType

        public init(name: String, type: SQLType) {
            self.name = name
            self.type = type
        }
    }

    private struct Registry {
        var layouts: [[Field]] = []
        var typmods: [[Field]: Int32] = [:]
    }

    private static let registry = Mutex(Registry())

    /// The record type whose fields are `fields` (typmod: the fields' index in the registry).
    public static func blessed(_ fields: [Field]) -> SQLType {
        let typmod = registry.withLock { registry -> Int32 in
            if let known = registry.typmods[fields] { return known }
            precondition(registry.layouts.count < Int(Int32.max), "record type registry full")
            let typmod = Int32(registry.layouts.count)
            registry.layouts.append(fields)
            registry.typmods[fields] = typmod
            return typmod
        }
        return SQLType(.record, modifier: typmod)
    }

    /// The fields of a blessed record type; nil for any other type (a bare `record`).
    public static func fields(of type: SQLType) -> [Field]? {
        guard type.kind == .record, !type.isArray, type.modifier >= 0 else { return nil }
        return registry.withLock { registry in
            Int(type.modifier) < registry.layouts.count ? registry.layouts[Int(type.modifier)] : nil
        }
    }
}
