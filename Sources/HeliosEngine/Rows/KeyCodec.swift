// SQL values as memcomparable key components (HeliosStorage's KeyEncoder), so that a tree's
// byte order is the SQL order of its key columns and equal values (1.0 = 1.00, 'a' = 'a  ' for
// character(n), -0.0 = 0.0) are equal keys.
//
// numeric, as a byte-string component: a class byte (01 -infinity, 02 negative, 03 zero,
// 04 positive, 05 +infinity, 06 NaN), then for a finite non-zero value 0.D x 10^E (D its
// decimal digits without leading or trailing zeros): E + 0x8000 as u16 big-endian and each digit
// d as the byte d + 1; negative values invert those bytes and end with FF, so larger magnitudes
// sort first and a shorter magnitude (a prefix) sorts after its extensions.

public import HeliosCore
public import HeliosStorage
public import HeliosValues

/// Encodes key columns.
package enum KeyCodec {
    /// Appends one column's value in `order`.
    package static func append(_ value: SQLValue, to encoder: inout KeyEncoder, order: KeyOrder) throws(DatabaseError) {
        switch value {
        case .null: encoder.appendNull(order: order)
        case .bool(let flag): encoder.append(flag, order: order)
        case .int16(let number): encoder.append(Int64(number), order: order)
        case .int32(let number): encoder.append(Int64(number), order: order)
        case .int64(let number): encoder.append(number, order: order)
        case .oid(let number): encoder.append(Int64(number), order: order)
        case .float32(let number): encoder.append(Double(number), order: order)
        case .float64(let number): encoder.append(number, order: order)
        case .numeric(let number): encoder.append(numericKey(number), order: order)
        case .text(let string), .json(let string), .jsonb(let string): encoder.append(string, order: order)
        case .character(let string): encoder.append(CharacterText.trimTrailingSpaces(string), order: order)
        case .bytes(let bytes): encoder.append(bytes, order: order)
        case .date(let days): encoder.append(Int64(days), order: order)
        case .time(let microseconds), .timestamp(let microseconds), .timestampWithTimeZone(let microseconds):
            encoder.append(microseconds, order: order)
        case .timeWithTimeZone(let time):
            encoder.append(BinaryFormat.encode(value, as: .timeWithTimeZone), order: order)
            _ = time
        case .interval(let interval):
            // Intervals compare by their span with 30-day months (PostgreSQL's interval_cmp).
            let days = Int64(interval.months) * Interval.daysPerMonth + Int64(interval.days)
            let (span, overflow) = days.multipliedReportingOverflow(by: Interval.microsecondsPerDay)
            let (total, overflowAgain) = span.addingReportingOverflow(interval.microseconds)
            encoder.append(overflow || overflowAgain ? (days < 0 ? Int64.min : Int64.max) : total, order: order)
        case .uuid:
            encoder.append(BinaryFormat.encode(value, as: .uuid), order: order)
        case .array:
            throw DatabaseError(.featureNotSupported, "arrays cannot be index keys yet")
        case .record:
            throw DatabaseError(.featureNotSupported, "records cannot be index keys yet")
        }
    }

    /// A key for one or more values, each ascending with NULLs last unless `orders` says else.
    package static func key(_ values: [SQLValue], orders: [KeyOrder]? = nil) throws(DatabaseError) -> [UInt8] {
        var encoder = KeyEncoder()
        for (index, value) in values.enumerated() {
            try append(value, to: &encoder, order: orders?[index] ?? .ascending)
        }
        return encoder.bytes
    }

    /// The order-preserving bytes of a numeric value.
    static func numericKey(_ number: Numeric) -> [UInt8] {
        if number.isNaN { return [0x06] }
        if number.isInfinite { return [number.signum > 0 ? 0x05 : 0x01] }
        if number.isZero { return [0x03] }
        // The binary format: ndigits, weight, sign, dscale, then base-10000 digits.
        let wire = BinaryFormat.encode(.numeric(number), as: .numeric)
        let digitCount = Int(UInt16(wire[0]) << 8 | UInt16(wire[1]))
        let weight = Int(Int16(bitPattern: UInt16(wire[2]) << 8 | UInt16(wire[3])))
        let negative = wire[4] == 0x40
        var decimal: [UInt8] = []
        for index in 0..<digitCount {
            let digit = Int(UInt16(wire[8 + 2 * index]) << 8 | UInt16(wire[9 + 2 * index]))
            decimal.append(UInt8(digit / 1000))
            decimal.append(UInt8(digit / 100 % 10))
            decimal.append(UInt8(digit / 10 % 10))
            decimal.append(UInt8(digit % 10))
        }
        let leading = decimal.firstIndex { $0 != 0 } ?? 0
        let exponent = 4 * (weight + 1) - leading
        while decimal.last == 0 { decimal.removeLast() }
        var body: [UInt8] = [UInt8(truncatingIfNeeded: (exponent + 0x8000) >> 8), UInt8(truncatingIfNeeded: exponent + 0x8000)]
        body.append(contentsOf: decimal[leading...].map { $0 + 1 })
        if negative { return [0x02] + body.map { $0 ^ 0xFF } + [0xFF] }
        return [0x04] + body
    }
}
