// The conversion functions behind pg_cast rows, with PostgreSQL's rounding and errors:
//   float -> integer   rint (half to even), then "integer out of range"
//   numeric -> integer round half away from zero, then "integer out of range"
//   integer narrowing  "smallint out of range" / "integer out of range"
//   float8 -> float4   "value out of range: overflow" / "underflow"
//   bool -> text       'true' / 'false' (not 't' / 'f')
//   character -> text  trailing spaces removed
//   timestamp <-> timestamptz through the session time zone

public import HeliosCore

/// Conversions between types that pg_cast lists with a function or as binary compatible.
public enum ValueConversion {
    static func integerOutOfRange(_ kind: SQLType.Kind) -> DatabaseError {
        switch kind {
        case .smallint: DatabaseError(.numericValueOutOfRange, "smallint out of range")
        case .bigint: DatabaseError(.numericValueOutOfRange, "bigint out of range")
        default: DatabaseError(.numericValueOutOfRange, "integer out of range")
        }
    }

    /// An integer of `kind` from an Int64, or the range error.
    static func integer(_ value: Int64, as kind: SQLType.Kind) throws(DatabaseError) -> SQLValue {
        switch kind {
        case .smallint:
            guard let small = Int16(exactly: value) else { throw integerOutOfRange(kind) }
            return .int16(small)
        case .integer:
            guard let medium = Int32(exactly: value) else { throw integerOutOfRange(kind) }
            return .int32(medium)
        default:
            return .int64(value)
        }
    }

    /// float -> integer as PostgreSQL: rint, then a range check (NaN is out of range).
    static func integer(fromDouble value: Double, as kind: SQLType.Kind) throws(DatabaseError) -> SQLValue {
        let rounded = value.rounded(.toNearestOrEven)
        let (low, high): (Double, Double) = switch kind {
        case .smallint: (-32768, 32768)
        case .integer: (-2_147_483_648, 2_147_483_648)
        default: (-9_223_372_036_854_775_808, 9_223_372_036_854_775_808)
        }
        guard !rounded.isNaN, rounded >= low, rounded < high else { throw integerOutOfRange(kind) }
        return try integer(Int64(rounded), as: kind)
    }

    /// float8 -> float4 with PostgreSQL's overflow and underflow checks.
    public static func float(fromDouble value: Double) throws(DatabaseError) -> Float {
        let result = Float(value)
        if result.isInfinite && !value.isInfinite {
            throw DatabaseError(.numericValueOutOfRange, "value out of range: overflow")
        }
        if result == 0 && value != 0 {
            throw DatabaseError(.numericValueOutOfRange, "value out of range: underflow")
        }
        return result
    }

    /// Converts between two different kinds that have a pg_cast row.
    static func convert(_ value: SQLValue, from source: SQLType.Kind, to target: SQLType.Kind, settings: SessionSettings)
        throws(DatabaseError) -> SQLValue
    {
        switch (value, target) {
        // Integers, floats and numerics among themselves.
        case (.int16, .smallint), (.int16, .integer), (.int16, .bigint), (.int32, .smallint), (.int32, .integer),
             (.int32, .bigint), (.int64, .smallint), (.int64, .integer), (.int64, .bigint):
            return try integer(value.integerValue!, as: target)
        case (.int16(let number), .real): return .float32(Float(number))
        case (.int32(let number), .real): return .float32(Float(number))
        case (.int64(let number), .real): return .float32(Float(number))
        case (.int16(let number), .doublePrecision): return .float64(Double(number))
        case (.int32(let number), .doublePrecision): return .float64(Double(number))
        case (.int64(let number), .doublePrecision): return .float64(Double(number))
        case (.int16, .numeric), (.int32, .numeric), (.int64, .numeric): return .numeric(Numeric(value.integerValue!))
        case (.float32(let number), .smallint), (.float32(let number), .integer), (.float32(let number), .bigint):
            return try integer(fromDouble: Double(number.rounded(.toNearestOrEven)), as: target)
        case (.float64(let number), .smallint), (.float64(let number), .integer), (.float64(let number), .bigint):
            return try integer(fromDouble: number, as: target)
        case (.float32(let number), .doublePrecision): return .float64(Double(number))
        case (.float64(let number), .real): return .float32(try float(fromDouble: number))
        case (.float32(let number), .numeric): return .numeric(Numeric(number))
        case (.float64(let number), .numeric): return .numeric(Numeric(number))
        case (.numeric(let number), .smallint): return .int16(try number.smallintValue())
        case (.numeric(let number), .integer): return .int32(try number.integerValue())
        case (.numeric(let number), .bigint): return .int64(try number.bigintValue())
        case (.numeric(let number), .real): return .float32(try number.floatValue())
        case (.numeric(let number), .doublePrecision): return .float64(try number.doubleValue())
        // Booleans and the one-byte "char".
        case (.bool(let flag), .integer): return .int32(flag ? 1 : 0)
        case (.int32(let number), .boolean): return .bool(number != 0)
        case (.bool(let flag), .text), (.bool(let flag), .varchar): return .text(flag ? "true" : "false")
        case (.bool(let flag), .character): return .character(flag ? "true" : "false")
        case (.int32(let number), .singleCharacter):
            guard number >= -128 && number <= 127 else {
                throw DatabaseError(.numericValueOutOfRange, "\"char\" out of range")
            }
            return .text(CharacterText.singleCharacterText(UInt8(bitPattern: Int8(number))))
        case (.text(let string), .integer) where source == .singleCharacter:
            return .int32(Int32(Int8(bitPattern: CharacterText.singleCharacterByte(string))))
        // Strings.
        case (.text(let string), .singleCharacter), (.character(let string), .singleCharacter):
            return .text(CharacterText.coerceSingleCharacter(string))
        case (.character(let string), .text), (.character(let string), .varchar):
            return .text(CharacterText.trimTrailingSpaces(string))
        case (.character(let string), .name):
            return .text(CharacterText.coerceName(CharacterText.trimTrailingSpaces(string)))
        case (.text(let string), .name):
            return .text(CharacterText.coerceName(string))
        case (.text(let string), .character):
            return .character(string)
        case (.text(let string), .text), (.text(let string), .varchar):
            return .text(string)
        case (.text(let string), .regclass):
            return try TextFormat.parse(string, as: .regclass, settings: settings)
        // OIDs.
        case (.int16, .oid), (.int16, .regclass), (.int16, .regproc), (.int16, .regtype), (.int16, .regnamespace), (.int16, .regrole),
             (.int32, .oid), (.int32, .regclass), (.int32, .regproc), (.int32, .regtype), (.int32, .regnamespace), (.int32, .regrole):
            return .oid(UInt32(bitPattern: Int32(truncatingIfNeeded: value.integerValue!)))
        case (.int64(let number), .oid), (.int64(let number), .regclass), (.int64(let number), .regproc),
             (.int64(let number), .regtype), (.int64(let number), .regnamespace), (.int64(let number), .regrole):
            guard number >= Int64(Int32.min) && number <= Int64(UInt32.max) else {
                throw DatabaseError(.numericValueOutOfRange, "OID out of range")
            }
            return .oid(UInt32(truncatingIfNeeded: number))
        case (.oid(let oid), .integer): return .int32(Int32(bitPattern: oid))
        case (.oid(let oid), .bigint): return .int64(Int64(oid))
        case (.oid, .oid), (.oid, .regclass), (.oid, .regproc), (.oid, .regtype), (.oid, .regnamespace), (.oid, .regrole):
            return value
        // Dates and times.
        case (.date(let days), .timestamp): return .timestamp(try DateTimeConversion.timestamp(fromDate: days))
        case (.date(let days), .timestampWithTimeZone):
            return .timestampWithTimeZone(try DateTimeConversion.timestampWithTimeZone(fromDate: days, zone: settings.timeZone))
        case (.timestamp(let time), .date): return .date(try DateTimeConversion.date(fromTimestamp: time))
        case (.timestampWithTimeZone(let time), .date):
            return .date(try DateTimeConversion.date(fromTimestamp: DateTimeConversion.local(time, zone: settings.timeZone)))
        case (.timestamp(let time), .time): return .time(DateTimeConversion.timeOfDay(time))
        case (.timestampWithTimeZone(let time), .time):
            return .time(DateTimeConversion.timeOfDay(try DateTimeConversion.local(time, zone: settings.timeZone)))
        case (.timestamp(let time), .timestampWithTimeZone):
            return .timestampWithTimeZone(try DateTimeText.timestampWithTimeZone(fromLocal: time, zone: settings.timeZone))
        case (.timestampWithTimeZone(let time), .timestamp):
            return .timestamp(try DateTimeConversion.local(time, zone: settings.timeZone))
        case (.timestampWithTimeZone(let time), .timeWithTimeZone):
            return .timeWithTimeZone(try DateTimeConversion.timeWithTimeZone(fromTimestamp: time, zone: settings.timeZone))
        case (.time(let time), .timeWithTimeZone):
            return .timeWithTimeZone(DateTimeConversion.timeWithTimeZone(fromTime: time, settings: settings))
        case (.timeWithTimeZone(let time), .time): return .time(time.microseconds)
        case (.time(let time), .interval): return .interval(Interval(microseconds: time))
        case (.interval(let interval), .time):
            var time = interval.microseconds % CivilCalendar.microsecondsPerDay
            if time < 0 { time += CivilCalendar.microsecondsPerDay }
            return .time(time)
        // jsonb scalars.
        case (.jsonb(let text), _):
            return try JSONBConversion.scalar(text, to: target)
        default:
            let text = TextFormat.format(value, settings: settings)
            return try TextFormat.parse(text, as: SQLType(target), settings: settings)
        }
    }
}
