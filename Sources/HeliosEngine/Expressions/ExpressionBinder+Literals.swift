// Literals typed as PostgreSQL's make_const types them: an integer is int4 when it fits, else
// int8, else numeric; a decimal or exponent literal is numeric; a string constant and NULL are
// of type `unknown` until their context gives them one; TRUE and FALSE are boolean. Bit-string
// constants (B'0101', X'1F') are PostgreSQL's bit type, which HeliosDB does not have.

import HeliosCore
import HeliosValues
import HeliosSQL

extension ExpressionBinder {
    func bindLiteral(_ literal: Literal, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        switch literal {
        case .integer(let value):
            return ExpressionBinder.integerConstant(value)
        case .numeric(let text):
            // The parser leaves integers beyond 64 bits here, and negated ones after folding `-`;
            // PostgreSQL still makes an int8 of those that fit.
            if let value = Int64(text) { return ExpressionBinder.integerConstant(value) }
            let number = try positioned(at: location) { () throws(DatabaseError) -> SQLValue in
                try TextFormat.parse(text, as: .numeric)
            }
            return .constant(number, .numeric)
        case .string(let text):
            return .constant(.text(text), .unknown)
        case .boolean(let value):
            return .constant(.bool(value), .boolean)
        case .null:
            return .constant(.null, .unknown)
        case .bitString, .hexString:
            throw DatabaseError(.featureNotSupported, "bit-string constants are not supported (type bit is not implemented)",
                                position: location.errorPosition)
        }
    }

    /// An integer constant of the narrowest of int4 and int8.
    static func integerConstant(_ value: Int64) -> BoundExpression {
        if let small = Int32(exactly: value) { return .constant(.int32(small), .integer) }
        return .constant(.int64(value), .bigint)
    }
}
