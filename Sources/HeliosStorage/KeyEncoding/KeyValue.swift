// A value of one key column, as the key encoder takes it and the decoder gives it back. The
// engine maps SQL types onto these cases: smallint/integer/bigint to int, real/double precision
// to double, text/varchar to text, bytea to bytes, boolean to bool.

/// One component of an index key: a SQL value in a form the key encoding knows how to order.
///
/// Equality is key equality: two values are equal exactly when they encode to the same bytes
/// under the same order. So all NaNs are equal to each other, -0.0 equals 0.0, and text compares
/// by its UTF-8 bytes (C collation), not by Unicode canonical equivalence as `String` does.
public enum KeyValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case text(String)
    case bytes([UInt8])
    case bool(Bool)

    /// The type of a key column; the decoder needs it to read a component back.
    public enum Kind: Hashable, Sendable {
        case int, uint, double, text, bytes, bool
    }

    /// The value's kind, or nil for NULL, which belongs to every kind.
    public var kind: Kind? {
        switch self {
        case .null: nil
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .text: .text
        case .bytes: .bytes
        case .bool: .bool
        }
    }

    public var isNull: Bool {
        if case .null = self { true } else { false }
    }

    public static func == (left: KeyValue, right: KeyValue) -> Bool {
        switch (left, right) {
        case (.null, .null): true
        case let (.int(a), .int(b)): a == b
        case let (.uint(a), .uint(b)): a == b
        case let (.double(a), .double(b)): KeyFormat.canonicalBits(a) == KeyFormat.canonicalBits(b)
        case let (.text(a), .text(b)): a.utf8.elementsEqual(b.utf8)
        case let (.bytes(a), .bytes(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .int(let value): hasher.combine(1 as UInt8); hasher.combine(value)
        case .uint(let value): hasher.combine(2 as UInt8); hasher.combine(value)
        case .double(let value): hasher.combine(3 as UInt8); hasher.combine(KeyFormat.canonicalBits(value))
        case .text(let value):
            hasher.combine(4 as UInt8)
            hasher.combine(value.utf8.count)
            for byte in value.utf8 { hasher.combine(byte) }
        case .bytes(let value): hasher.combine(5 as UInt8); hasher.combine(value)
        case .bool(let value): hasher.combine(6 as UInt8); hasher.combine(value)
        }
    }

    /// The value roughly as PostgreSQL prints a literal: NULL, 42, 'text', '\x00ff'::bytea.
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .double(let value): return value.isNaN ? "'NaN'" : String(value)
        case .text(let value): return "'" + value.replacing("'", with: "''") + "'"
        case .bool(let value): return value ? "true" : "false"
        case .bytes(let value):
            var hex = "'\\x"
            for byte in value {
                if byte < 0x10 { hex += "0" }
                hex += String(byte, radix: 16)
            }
            return hex + "'::bytea"
        }
    }
}
