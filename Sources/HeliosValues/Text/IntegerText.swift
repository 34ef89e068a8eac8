// Text input of smallint, integer, bigint and oid as PostgreSQL 15's pg_strtoint16/32/64 and
// oidin: optional surrounding whitespace and sign, decimal digits only. Overflow is detected
// while reading digits, so "99999999999x" is out of range rather than a syntax error, as in
// PostgreSQL. Output is plain decimal (the standard library's description).

public import HeliosCore

/// Parsing of integer input text.
public enum IntegerText {
    /// int2in.
    public static func parseSmallint(_ text: String) throws(DatabaseError) -> Int16 {
        Int16(try parse(text, typeName: "smallint", range: Int64(Int16.min)...Int64(Int16.max)))
    }

    /// int4in.
    public static func parseInteger(_ text: String) throws(DatabaseError) -> Int32 {
        Int32(try parse(text, typeName: "integer", range: Int64(Int32.min)...Int64(Int32.max)))
    }

    /// int8in.
    public static func parseBigint(_ text: String) throws(DatabaseError) -> Int64 {
        try parse(text, typeName: "bigint", range: Int64.min...Int64.max)
    }

    /// oidin: accepts -2147483648 ... 4294967295; negative values wrap as in PostgreSQL.
    public static func parseOID(_ text: String) throws(DatabaseError) -> UInt32 {
        let value = try parse(text, typeName: "oid", range: Int64(Int32.min)...Int64(UInt32.max))
        return UInt32(truncatingIfNeeded: value)
    }

    private static func parse(_ text: String, typeName: String, range: ClosedRange<Int64>) throws(DatabaseError) -> Int64 {
        var iterator = text.utf8.makeIterator()
        var byte = iterator.next()
        while let current = byte, FloatText.isSpace(current) { byte = iterator.next() }
        var negative = false
        if byte == UInt8(ascii: "-") {
            negative = true
            byte = iterator.next()
        } else if byte == UInt8(ascii: "+") {
            byte = iterator.next()
        }
        guard let first = byte, first >= 48 && first <= 57 else { throw invalid(text, typeName) }
        // Accumulate as a negative number so that the minimum value is reachable.
        var accumulator: Int64 = 0
        let lowest = negative ? range.lowerBound : -range.upperBound
        while let current = byte, current >= 48 && current <= 57 {
            let digit = Int64(current - 48)
            let (scaled, overflow1) = accumulator.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = scaled.subtractingReportingOverflow(digit)
            if overflow1 || overflow2 || next < lowest { throw outOfRange(text, typeName) }
            accumulator = next
            byte = iterator.next()
        }
        while let current = byte, FloatText.isSpace(current) { byte = iterator.next() }
        guard byte == nil else { throw invalid(text, typeName) }
        return negative ? accumulator : -accumulator
    }

    private static func invalid(_ text: String, _ typeName: String) -> DatabaseError {
        DatabaseError(.invalidTextRepresentation, "invalid input syntax for type \(typeName): \"\(text)\"")
    }

    private static func outOfRange(_ text: String, _ typeName: String) -> DatabaseError {
        DatabaseError(.numericValueOutOfRange, "value \"\(text)\" is out of range for type \(typeName)")
    }
}
