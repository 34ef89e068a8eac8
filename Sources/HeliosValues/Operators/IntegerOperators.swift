// Integer operators with PostgreSQL's overflow rules: results are checked against the result
// type ("smallint out of range", "integer out of range", "bigint out of range"), division
// truncates toward zero, x / 0 and x % 0 are 22012, MIN / -1 overflows but MIN % -1 is 0, and
// shifts take the count modulo the promoted width as C on x86 does (1 << 32 = 1).

import HeliosCore

/// int2/int4/int8 arithmetic, bitwise and shift operators.
enum IntegerOperators {
    static let divisionByZero = DatabaseError(.divisionByZero, "division by zero")

    @inline(__always)
    static func operands(_ left: SQLValue, _ right: SQLValue) -> (Int64, Int64) {
        (left.integerValue ?? 0, right.integerValue ?? 0)
    }

    @inline(__always)
    static func checked(_ value: Int64, overflow: Bool, as kind: SQLType.Kind) throws(DatabaseError) -> SQLValue {
        if overflow { throw ValueConversion.integerOutOfRange(kind) }
        return try ValueConversion.integer(value, as: kind)
    }

    static func add(_ kind: SQLType.Kind) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = operands(left, right)
            let (sum, overflow) = a.addingReportingOverflow(b)
            return try checked(sum, overflow: overflow, as: kind)
        }
    }

    static func subtract(_ kind: SQLType.Kind) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = operands(left, right)
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            return try checked(difference, overflow: overflow, as: kind)
        }
    }

    static func multiply(_ kind: SQLType.Kind) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = operands(left, right)
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            return try checked(product, overflow: overflow, as: kind)
        }
    }

    static func divide(_ kind: SQLType.Kind) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = operands(left, right)
            if b == 0 { throw divisionByZero }
            let (quotient, overflow) = a.dividedReportingOverflow(by: b)
            return try checked(quotient, overflow: overflow, as: kind)
        }
    }

    static func remainder(_ kind: SQLType.Kind) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = operands(left, right)
            if b == 0 { throw divisionByZero }
            if b == -1 { return try ValueConversion.integer(0, as: kind) }
            return try ValueConversion.integer(a % b, as: kind)
        }
    }

    static func bitwise(_ kind: SQLType.Kind, _ operation: @escaping @Sendable (Int64, Int64) -> Int64) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = operands(left, right)
            return try ValueConversion.integer(operation(a, b), as: kind)
        }
    }

    /// `<<` and `>>`: the left operand promoted to int (int4 for int2 and int4) or int8.
    static func shift(_ kind: SQLType.Kind, left isLeft: Bool) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = operands(left, right)
            if kind == .bigint {
                let count = Int64(b & 63)
                return .int64(isLeft ? a << count : a >> count)
            }
            let value = Int32(truncatingIfNeeded: a)
            let count = Int32(b & 31)
            let shifted = isLeft ? value << count : value >> count
            return kind == .smallint ? .int16(Int16(truncatingIfNeeded: shifted)) : .int32(shifted)
        }
    }

    static func negate(_ kind: SQLType.Kind) -> UnaryOperation {
        { operand, _ throws(DatabaseError) in
            let value = operand.integerValue ?? 0
            let (negated, overflow) = Int64(0).subtractingReportingOverflow(value)
            return try checked(negated, overflow: overflow, as: kind)
        }
    }

    static func absolute(_ kind: SQLType.Kind) -> UnaryOperation {
        { operand, _ throws(DatabaseError) in
            let value = operand.integerValue ?? 0
            if value == Int64.min { throw ValueConversion.integerOutOfRange(kind) }
            return try ValueConversion.integer(abs(value), as: kind)
        }
    }

    static func bitwiseNot(_ kind: SQLType.Kind) -> UnaryOperation {
        { operand, _ throws(DatabaseError) in
            try ValueConversion.integer(~(operand.integerValue ?? 0), as: kind)
        }
    }
}
