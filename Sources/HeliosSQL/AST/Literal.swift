// Constant values as written in SQL, before any type is assigned: the binder decides that `1` is
// an integer, `'x'` of unknown type, `1.5` a numeric.

/// A constant in the SQL text.
public enum Literal: Sendable, Hashable {
    /// Digits that fit in a 64-bit integer (negative after a folded unary minus).
    case integer(Int64)
    /// A decimal or exponent literal, or an integer too large for 64 bits, as written.
    case numeric(String)
    /// A string constant, unescaped.
    case string(String)
    /// `B'0101'`: the binary digits as written (not yet checked).
    case bitString(String)
    /// `X'1f'`: the hexadecimal digits as written (not yet checked).
    case hexString(String)
    case boolean(Bool)
    case null

    /// The literal with a unary minus folded in, as PostgreSQL's grammar folds `-1`.
    var negated: Literal? {
        switch self {
        case .integer(let value):
            return value == Int64.min ? nil : .integer(-value)
        case .numeric(let text):
            return .numeric(text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text)
        default:
            return nil
        }
    }
}
