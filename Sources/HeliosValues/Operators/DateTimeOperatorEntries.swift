// Operators of date, time, timetz, timestamp, timestamptz and interval: comparisons (across
// date, timestamp and timestamptz through the session time zone), date + integer, date - date,
// timestamp +/- interval, timestamp - timestamp, interval arithmetic and interval * / float8,
// time + interval (wrapping at midnight), date + time.

import HeliosCore

/// Date/time operators.
enum DateTimeOperatorEntries {
    static func date(_ value: SQLValue) -> Int32 {
        if case .date(let days) = value { return days }
        return 0
    }

    static func timestamp(_ value: SQLValue) -> Int64 {
        switch value {
        case .timestamp(let time), .timestampWithTimeZone(let time): time
        default: 0
        }
    }

    static func time(_ value: SQLValue) -> Int64 {
        if case .time(let time) = value { return time }
        return 0
    }

    static func timeWithZone(_ value: SQLValue) -> TimeWithTimeZone {
        if case .timeWithTimeZone(let time) = value { return time }
        return TimeWithTimeZone(microseconds: 0, offsetSeconds: 0)
    }

    static func interval(_ value: SQLValue) -> Interval {
        if case .interval(let interval) = value { return interval }
        return Interval()
    }

    /// date2timestamp_no_overflow: dates beyond the timestamp range compare as infinities.
    static func timestampForComparison(_ days: Int32) -> Int64 {
        if days == DateTimeText.dateNegativeInfinity { return Int64.min }
        if days >= DateTimeConversion.timestampEndDate { return Int64.max }
        return Int64(days) * CivilCalendar.microsecondsPerDay
    }

    static func order(_ a: Int64, _ b: Int64) -> Int { a == b ? 0 : (a < b ? -1 : 1) }

    /// The instant of any date, timestamp or timestamptz value, for mixed comparisons.
    static func instant(_ value: SQLValue, _ context: EvaluationContext) throws(DatabaseError) -> Int64 {
        switch value {
        case .timestampWithTimeZone(let time): return time
        case .timestamp(let time): return try DateTimeText.timestampWithTimeZone(fromLocal: time, zone: context.settings.timeZone)
        case .date(let days):
            if days == DateTimeText.dateNegativeInfinity { return Int64.min }
            if days >= DateTimeConversion.timestampEndDate { return Int64.max }
            return try DateTimeConversion.timestampWithTimeZone(fromDate: days, zone: context.settings.timeZone)
        default: return 0
        }
    }

    static let entries: [OperatorEntry] = {
        var list: [OperatorEntry] = []
        let comparisons = NumericOperatorEntries.comparisons
        let valueOrder = NumericOperatorEntries.valueOrder
        list += comparisons(.date, .date, "date_", valueOrder)
        list += comparisons(.time, .time, "time_", valueOrder)
        list += comparisons(.timeWithTimeZone, .timeWithTimeZone, "timetz_", valueOrder)
        list += comparisons(.timestamp, .timestamp, "timestamp_", valueOrder)
        list += comparisons(.timestampWithTimeZone, .timestampWithTimeZone, "timestamptz_", valueOrder)
        list += comparisons(.interval, .interval, "interval_", valueOrder)
        list += comparisons(.date, .timestamp, "date_cmp_timestamp", { a, b, _ in order(timestampForComparison(date(a)), timestamp(b)) })
        list += comparisons(.timestamp, .date, "timestamp_cmp_date", { a, b, _ in order(timestamp(a), timestampForComparison(date(b))) })
        let mixed: @Sendable (SQLValue, SQLValue, EvaluationContext) throws(DatabaseError) -> Int = { a, b, context throws(DatabaseError) in
            order(try instant(a, context), try instant(b, context))
        }
        list += comparisons(.date, .timestampWithTimeZone, "date_cmp_timestamptz", mixed)
        list += comparisons(.timestampWithTimeZone, .date, "timestamptz_cmp_date", mixed)
        list += comparisons(.timestamp, .timestampWithTimeZone, "timestamp_cmp_timestamptz", mixed)
        list += comparisons(.timestampWithTimeZone, .timestamp, "timestamptz_cmp_timestamp", mixed)

        // date arithmetic.
        list.append(OperatorEntry("+", .date, .integer, .date, "date_pli", binary: { a, b, _ throws(DatabaseError) in
            .date(try DateTimeArithmetic.add(days: b.integerValue ?? 0, to: date(a)))
        }))
        list.append(OperatorEntry("+", .integer, .date, .date, "integer_pl_date", binary: { a, b, _ throws(DatabaseError) in
            .date(try DateTimeArithmetic.add(days: a.integerValue ?? 0, to: date(b)))
        }))
        list.append(OperatorEntry("-", .date, .integer, .date, "date_mii", binary: { a, b, _ throws(DatabaseError) in
            .date(try DateTimeArithmetic.add(days: -(b.integerValue ?? 0), to: date(a)))
        }))
        list.append(OperatorEntry("-", .date, .date, .integer, "date_mi", binary: { a, b, _ throws(DatabaseError) in
            .int32(try DateTimeArithmetic.difference(date(a), date(b)))
        }))
        list.append(OperatorEntry("+", .date, .interval, .timestamp, "date_pl_interval", binary: { a, b, _ throws(DatabaseError) in
            .timestamp(try DateTimeArithmetic.add(interval(b), to: try DateTimeConversion.timestamp(fromDate: date(a)), zone: nil))
        }))
        list.append(OperatorEntry("+", .interval, .date, .timestamp, "interval_pl_date", binary: { a, b, _ throws(DatabaseError) in
            .timestamp(try DateTimeArithmetic.add(interval(a), to: try DateTimeConversion.timestamp(fromDate: date(b)), zone: nil))
        }))
        list.append(OperatorEntry("-", .date, .interval, .timestamp, "date_mi_interval", binary: { a, b, _ throws(DatabaseError) in
            .timestamp(try DateTimeArithmetic.subtract(interval(b), from: try DateTimeConversion.timestamp(fromDate: date(a)), zone: nil))
        }))
        list.append(OperatorEntry("+", .date, .time, .timestamp, "datetime_pl", binary: { a, b, _ throws(DatabaseError) in
            .timestamp(try DateTimeArithmetic.timestamp(date: date(a), time: time(b)))
        }))
        list.append(OperatorEntry("+", .time, .date, .timestamp, "timedate_pl", binary: { a, b, _ throws(DatabaseError) in
            .timestamp(try DateTimeArithmetic.timestamp(date: date(b), time: time(a)))
        }))
        list.append(OperatorEntry("+", .date, .timeWithTimeZone, .timestampWithTimeZone, "datetimetz_pl", binary: { a, b, _ throws(DatabaseError) in
            .timestampWithTimeZone(try DateTimeArithmetic.timestampWithTimeZone(date: date(a), time: timeWithZone(b)))
        }))
        list.append(OperatorEntry("+", .timeWithTimeZone, .date, .timestampWithTimeZone, "timetzdate_pl", binary: { a, b, _ throws(DatabaseError) in
            .timestampWithTimeZone(try DateTimeArithmetic.timestampWithTimeZone(date: date(b), time: timeWithZone(a)))
        }))

        // timestamp and timestamptz arithmetic.
        list.append(OperatorEntry("+", .timestamp, .interval, .timestamp, "timestamp_pl_interval", binary: { a, b, _ throws(DatabaseError) in
            .timestamp(try DateTimeArithmetic.add(interval(b), to: timestamp(a), zone: nil))
        }))
        list.append(OperatorEntry("+", .interval, .timestamp, .timestamp, "interval_pl_timestamp", binary: { a, b, _ throws(DatabaseError) in
            .timestamp(try DateTimeArithmetic.add(interval(a), to: timestamp(b), zone: nil))
        }))
        list.append(OperatorEntry("-", .timestamp, .interval, .timestamp, "timestamp_mi_interval", binary: { a, b, _ throws(DatabaseError) in
            .timestamp(try DateTimeArithmetic.subtract(interval(b), from: timestamp(a), zone: nil))
        }))
        list.append(OperatorEntry("-", .timestamp, .timestamp, .interval, "timestamp_mi", binary: { a, b, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.difference(timestamp(a), timestamp(b)))
        }))
        list.append(OperatorEntry("+", .timestampWithTimeZone, .interval, .timestampWithTimeZone, "timestamptz_pl_interval",
                                  binary: { a, b, context throws(DatabaseError) in
            .timestampWithTimeZone(try DateTimeArithmetic.add(interval(b), to: timestamp(a), zone: context.settings.timeZone))
        }))
        list.append(OperatorEntry("+", .interval, .timestampWithTimeZone, .timestampWithTimeZone, "interval_pl_timestamptz",
                                  binary: { a, b, context throws(DatabaseError) in
            .timestampWithTimeZone(try DateTimeArithmetic.add(interval(a), to: timestamp(b), zone: context.settings.timeZone))
        }))
        list.append(OperatorEntry("-", .timestampWithTimeZone, .interval, .timestampWithTimeZone, "timestamptz_mi_interval",
                                  binary: { a, b, context throws(DatabaseError) in
            .timestampWithTimeZone(try DateTimeArithmetic.subtract(interval(b), from: timestamp(a), zone: context.settings.timeZone))
        }))
        list.append(OperatorEntry("-", .timestampWithTimeZone, .timestampWithTimeZone, .interval, "timestamptz_mi",
                                  binary: { a, b, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.difference(timestamp(a), timestamp(b)))
        }))

        // time and timetz arithmetic.
        list.append(OperatorEntry("+", .time, .interval, .time, "time_pl_interval", binary: { a, b, _ throws(DatabaseError) in
            .time(DateTimeArithmetic.add(interval(b), to: time(a)))
        }))
        list.append(OperatorEntry("+", .interval, .time, .time, "interval_pl_time", binary: { a, b, _ throws(DatabaseError) in
            .time(DateTimeArithmetic.add(interval(a), to: time(b)))
        }))
        list.append(OperatorEntry("-", .time, .interval, .time, "time_mi_interval", binary: { a, b, _ throws(DatabaseError) in
            .time(DateTimeArithmetic.add(try DateTimeArithmetic.negate(interval(b)), to: time(a)))
        }))
        list.append(OperatorEntry("-", .time, .time, .interval, "time_mi_time", binary: { a, b, _ throws(DatabaseError) in
            .interval(Interval(microseconds: time(a) - time(b)))
        }))
        list.append(OperatorEntry("+", .timeWithTimeZone, .interval, .timeWithTimeZone, "timetz_pl_interval", binary: { a, b, _ throws(DatabaseError) in
            var value = timeWithZone(a)
            value.microseconds = DateTimeArithmetic.add(interval(b), to: value.microseconds)
            return .timeWithTimeZone(value)
        }))
        list.append(OperatorEntry("+", .interval, .timeWithTimeZone, .timeWithTimeZone, "interval_pl_timetz", binary: { a, b, _ throws(DatabaseError) in
            var value = timeWithZone(b)
            value.microseconds = DateTimeArithmetic.add(interval(a), to: value.microseconds)
            return .timeWithTimeZone(value)
        }))
        list.append(OperatorEntry("-", .timeWithTimeZone, .interval, .timeWithTimeZone, "timetz_mi_interval", binary: { a, b, _ throws(DatabaseError) in
            var value = timeWithZone(a)
            value.microseconds = DateTimeArithmetic.add(try DateTimeArithmetic.negate(interval(b)), to: value.microseconds)
            return .timeWithTimeZone(value)
        }))

        // interval arithmetic.
        list.append(OperatorEntry("+", .interval, .interval, .interval, "interval_pl", binary: { a, b, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.add(interval(a), interval(b)))
        }))
        list.append(OperatorEntry("-", .interval, .interval, .interval, "interval_mi", binary: { a, b, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.subtract(interval(a), interval(b)))
        }))
        list.append(OperatorEntry("-", nil, .interval, .interval, "interval_um", unary: { a, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.negate(interval(a)))
        }))
        list.append(OperatorEntry("*", .interval, .doublePrecision, .interval, "interval_mul", binary: { a, b, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.multiply(interval(a), by: FloatOperators.double(b)))
        }))
        list.append(OperatorEntry("*", .doublePrecision, .interval, .interval, "mul_d_interval", binary: { a, b, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.multiply(interval(b), by: FloatOperators.double(a)))
        }))
        list.append(OperatorEntry("/", .interval, .doublePrecision, .interval, "interval_div", binary: { a, b, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.divide(interval(a), by: FloatOperators.double(b)))
        }))
        return list
    }()
}
