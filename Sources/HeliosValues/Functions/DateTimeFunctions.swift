// Date/time functions: the current-time family (now, transaction_timestamp, statement_timestamp,
// clock_timestamp, timeofday and the SQL value functions current_date, current_time,
// localtime, localtimestamp), date_trunc, date_part and extract, age, make_date / make_time /
// make_timestamp / make_timestamptz / make_interval, to_timestamp(double), justify_*, isfinite,
// date_bin and timezone() (AT TIME ZONE).

import HeliosCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Date/time functions.
enum DateTimeFunctions {
    static func text(_ value: SQLValue) -> String { TextOperatorEntries.string(value) }
    static let date = DateTimeOperatorEntries.date
    static let timestamp = DateTimeOperatorEntries.timestamp
    static let interval = DateTimeOperatorEntries.interval

    /// The current date in the session time zone.
    static func currentDate(_ context: EvaluationContext) throws(DatabaseError) -> Int32 {
        try DateTimeConversion.date(fromTimestamp: try DateTimeConversion.local(context.transactionTimestamp, zone: context.settings.timeZone))
    }

    /// date_trunc on wall-clock fields; returns whether the zone offset must be recomputed.
    static func truncate(_ fields: inout DateTimeFields, unit name: String, type: SQLType) throws(DatabaseError) -> Bool {
        guard let unit = DateTimeExtraction.unit(named: name) else { throw DateTimeExtraction.notRecognized(name, type) }
        var recomputeZone = false
        switch unit {
        case .millennium, .century, .decade, .year, .quarter, .month, .day:
            if unit == .millennium {
                fields.year = fields.year > 0 ? ((fields.year + 999) / 1000) * 1000 - 999 : -((999 - (fields.year - 1)) / 1000) * 1000 + 1
            } else if unit == .century {
                fields.year = fields.year > 0 ? ((fields.year + 99) / 100) * 100 - 99 : -((99 - (fields.year - 1)) / 100) * 100 + 1
            } else if unit == .decade {
                fields.year = fields.year > 0 ? (fields.year / 10) * 10 : -((8 - (fields.year - 1)) / 10) * 10
            }
            if [.millennium, .century, .decade, .year].contains(unit) { fields.month = 1 }
            if [.millennium, .century, .decade, .year, .quarter].contains(unit) { fields.month = 3 * ((fields.month - 1) / 3) + 1 }
            if unit != .day { fields.day = 1 }
            fields.hour = 0
            fields.minute = 0
            fields.second = 0
            fields.microsecond = 0
            recomputeZone = true
        case .hour:
            fields.minute = 0
            fields.second = 0
            fields.microsecond = 0
        case .minute:
            fields.second = 0
            fields.microsecond = 0
        case .second:
            fields.microsecond = 0
        case .millisecond:
            fields.microsecond = fields.microsecond / 1000 * 1000
        case .microsecond:
            break
        case .week:
            var year = fields.year
            let week = DateTimeExtraction.isoWeek(year: fields.year, month: fields.month, day: fields.day)
            if week >= 52 && fields.month == 1 { year -= 1 }
            if week <= 1 && fields.month == 12 { year += 1 }
            let date = CivilCalendar.date(julianDay: DateTimeExtraction.isoWeekStart(year: year, week: week))
            (fields.year, fields.month, fields.day) = (date.year, date.month, date.day)
            fields.hour = 0
            fields.minute = 0
            fields.second = 0
            fields.microsecond = 0
            recomputeZone = true
        default:
            throw DateTimeExtraction.notSupported(name, type)
        }
        return recomputeZone
    }

    static func truncateTimestamp(_ name: String, _ value: Int64) throws(DatabaseError) -> Int64 {
        guard DateTimeArithmetic.isFinite(value) else { return value }
        guard var fields = DateTimeFields(timestamp: value) else { throw DateTimeArithmetic.timestampOutOfRange }
        _ = try truncate(&fields, unit: name, type: .timestamp)
        guard let result = fields.timestamp() else { throw DateTimeArithmetic.timestampOutOfRange }
        return result
    }

    static func truncateTimestampWithTimeZone(_ name: String, _ value: Int64, zone: TimeZoneRules) throws(DatabaseError) -> Int64 {
        guard DateTimeArithmetic.isFinite(value) else { return value }
        guard let local = DateTimeText.localFields(ofTimestampWithTimeZone: value, zone: zone) else {
            throw DateTimeArithmetic.timestampOutOfRange
        }
        var fields = local.fields
        let recompute = try truncate(&fields, unit: name, type: .timestampWithTimeZone)
        let west = recompute ? DateTimeDecoder.zoneWest(for: fields, in: zone) : -local.offset
        guard let result = fields.timestamp(offsetSeconds: -west) else { throw DateTimeArithmetic.timestampOutOfRange }
        return result
    }

    static func truncateInterval(_ name: String, _ value: Interval) throws(DatabaseError) -> Interval {
        guard let unit = DateTimeExtraction.unit(named: name) else { throw DateTimeExtraction.notRecognized(name, .interval) }
        var parts = IntervalText.Parts(value)
        switch unit {
        case .millennium: parts.years = parts.years / 1000 * 1000; fallthrough
        case .century: if unit == .century { parts.years = parts.years / 100 * 100 }; fallthrough
        case .decade: if unit == .decade { parts.years = parts.years / 10 * 10 }; fallthrough
        case .year: parts.months = 0; fallthrough
        case .quarter: if unit == .quarter { parts.months = 3 * (parts.months / 3) }; fallthrough
        case .month: parts.days = 0; fallthrough
        case .day: parts.hours = 0; fallthrough
        case .hour: parts.minutes = 0; fallthrough
        case .minute: parts.seconds = 0; fallthrough
        case .second: parts.microseconds = 0
        case .millisecond: parts.microseconds = parts.microseconds / 1000 * 1000
        case .microsecond: break
        case .week:
            throw DatabaseError(.featureNotSupported, "unit \"week\" not supported for type interval",
                                detail: "Months usually have fractional weeks.")
        default:
            throw DateTimeExtraction.notSupported(name, .interval)
        }
        let months = Int32(parts.years * 12 + parts.months)
        let time = ((parts.hours * 60 + parts.minutes) * 60 + parts.seconds) * 1_000_000 + parts.microseconds
        return Interval(months: months, days: Int32(parts.days), microseconds: time)
    }

    /// timestamp_age on wall-clock fields.
    static func age(_ left: Int64, _ right: Int64, zone: TimeZoneRules?) throws(DatabaseError) -> Interval {
        func fields(_ value: Int64) throws(DatabaseError) -> DateTimeFields {
            if let zone {
                guard let local = DateTimeText.localFields(ofTimestampWithTimeZone: value, zone: zone) else {
                    throw DateTimeArithmetic.timestampOutOfRange
                }
                return local.fields
            }
            guard let plain = DateTimeFields(timestamp: value) else { throw DateTimeArithmetic.timestampOutOfRange }
            return plain
        }
        guard DateTimeArithmetic.isFinite(left) && DateTimeArithmetic.isFinite(right) else {
            throw DateTimeArithmetic.timestampOutOfRange
        }
        let first = try fields(left), second = try fields(right)
        var microseconds = first.microsecond - second.microsecond
        var seconds = first.second - second.second
        var minutes = first.minute - second.minute
        var hours = first.hour - second.hour
        var days = first.day - second.day
        var months = first.month - second.month
        var years = first.year - second.year
        let negative = left < right
        if negative {
            microseconds = -microseconds; seconds = -seconds; minutes = -minutes; hours = -hours
            days = -days; months = -months; years = -years
        }
        while microseconds < 0 { microseconds += 1_000_000; seconds -= 1 }
        while seconds < 0 { seconds += 60; minutes -= 1 }
        while minutes < 0 { minutes += 60; hours -= 1 }
        while hours < 0 { hours += 24; days -= 1 }
        while days < 0 {
            let reference = negative ? first : second
            days += CivilCalendar.daysIn(month: reference.month, year: reference.year)
            months -= 1
        }
        while months < 0 { months += 12; years -= 1 }
        if negative {
            microseconds = -microseconds; seconds = -seconds; minutes = -minutes; hours = -hours
            days = -days; months = -months; years = -years
        }
        guard let totalMonths = Int32(exactly: years * 12 + months), let totalDays = Int32(exactly: days) else {
            throw DateTimeArithmetic.intervalOutOfRange
        }
        let time = ((Int64(hours) * 60 + Int64(minutes)) * 60 + Int64(seconds)) * 1_000_000 + Int64(microseconds)
        return Interval(months: totalMonths, days: totalDays, microseconds: time)
    }

    /// Validates make_date / make_timestamp date fields (negative years are BC).
    static func makeDateFields(_ year: Int64, _ month: Int64, _ day: Int64) throws(DatabaseError) -> DateTimeFields {
        let failure = DatabaseError(.datetimeFieldOverflow,
                                    "date field value out of range: \(year)-\(pad2(month))-\(pad2(day))")
        guard year != 0, let y = Int(exactly: year), let m = Int(exactly: month), let d = Int(exactly: day),
              abs(y) < 6_000_000, m >= 1 && m <= 12, d >= 1 else { throw failure }
        let internalYear = y < 0 ? y + 1 : y
        guard d <= CivilCalendar.daysIn(month: m, year: internalYear) else { throw failure }
        return DateTimeFields(year: internalYear, month: m, day: d)
    }

    static func pad2(_ value: Int64) -> String { value >= 0 && value < 10 ? "0\(value)" : "\(value)" }

    /// make_time's time-of-day, with PostgreSQL's range check.
    static func makeTime(_ hour: Int64, _ minute: Int64, _ seconds: Double) throws(DatabaseError) -> Int64 {
        let failure = DatabaseError(.datetimeFieldOverflow,
                                    "time field value out of range: \(hour):\(pad2(minute)):\(FloatText.percentG(seconds, minimumWidth: 2))")
        guard hour >= 0 && hour <= 24, minute >= 0 && minute < 60, seconds >= 0 && seconds <= 60, !seconds.isNaN else { throw failure }
        let total = ((hour * 60 + minute) * 60) * 1_000_000 + Int64((seconds * 1_000_000).rounded(.toNearestOrEven))
        guard total <= CivilCalendar.microsecondsPerDay else { throw failure }
        return total
    }

    /// DecodeTimezoneName: an abbreviation, then a zone name.
    static func zone(named name: String) throws(DatabaseError) -> TimeZoneRules {
        if let abbreviation = TimeZoneAbbreviations.lookup(name.lowercased()) {
            return TimeZoneRules(fixedOffset: abbreviation.offset)
        }
        if let zone = TimeZoneDatabase.zone(named: name) { return zone }
        throw DatabaseError(.invalidParameterValue, "time zone \"\(name)\" not recognized")
    }

    static func zone(fromInterval value: Interval) throws(DatabaseError) -> TimeZoneRules {
        if value.months != 0 || value.days != 0 {
            throw DatabaseError(.invalidParameterValue,
                                "interval time zone \"\(IntervalText.format(value, style: .postgres))\" must not include months or days")
        }
        return TimeZoneRules(fixedOffset: Int(value.microseconds / 1_000_000))
    }

    /// timeofday(): "%a %b %d %H:%M:%S.%06d %Y %Z".
    static func timeOfDayText(_ fields: DateTimeFields, abbreviation: String) -> String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = CivilCalendar.dayOfWeek(julianDay: CivilCalendar.julianDay(year: fields.year, month: fields.month, day: fields.day))
        let micro = String(fields.microsecond)
        return "\(days[weekday]) \(months[fields.month - 1]) \(pad2(Int64(fields.day))) \(pad2(Int64(fields.hour))):"
            + "\(pad2(Int64(fields.minute))):\(pad2(Int64(fields.second))).\(String(repeating: "0", count: 6 - micro.count))\(micro) "
            + "\(fields.year) \(abbreviation)"
    }

    static let overloads: [FunctionOverload] = {
        var list: [FunctionOverload] = []
        let current: (String, Volatility, @escaping @Sendable (EvaluationContext) -> Int64) -> FunctionOverload = { name, volatility, time in
            FunctionOverload(name, [], .timestampWithTimeZone, volatility: volatility) { _, context throws(DatabaseError) in
                .timestampWithTimeZone(time(context))
            }
        }
        list.append(current("now", .stable) { $0.transactionTimestamp })
        list.append(current("transaction_timestamp", .stable) { $0.transactionTimestamp })
        list.append(current("current_timestamp", .stable) { $0.transactionTimestamp })
        list.append(current("statement_timestamp", .stable) { $0.statementTimestamp })
        list.append(current("clock_timestamp", .volatile) { $0.clock() })
        list.append(FunctionOverload("current_timestamp", [.integer], .timestampWithTimeZone, volatility: .stable) {
            arguments, context throws(DatabaseError) in
            .timestampWithTimeZone(try DateTimeText.roundTimestamp(context.transactionTimestamp, modifier: Int32(arguments[0].integerValue!)))
        })
        list.append(FunctionOverload("localtimestamp", [], .timestamp, volatility: .stable) { _, context throws(DatabaseError) in
            .timestamp(try DateTimeConversion.local(context.transactionTimestamp, zone: context.settings.timeZone))
        })
        list.append(FunctionOverload("localtime", [], .time, volatility: .stable) { _, context throws(DatabaseError) in
            .time(DateTimeConversion.timeOfDay(try DateTimeConversion.local(context.transactionTimestamp, zone: context.settings.timeZone)))
        })
        list.append(FunctionOverload("current_time", [], .timeWithTimeZone, volatility: .stable) { _, context throws(DatabaseError) in
            .timeWithTimeZone(try DateTimeConversion.timeWithTimeZone(fromTimestamp: context.transactionTimestamp, zone: context.settings.timeZone))
        })
        list.append(FunctionOverload("current_date", [], .date, volatility: .stable) { _, context throws(DatabaseError) in
            .date(try currentDate(context))
        })
        list.append(FunctionOverload("timeofday", [], .text, volatility: .volatile) { _, context throws(DatabaseError) in
            guard let local = DateTimeText.localFields(ofTimestampWithTimeZone: context.clock(), zone: context.settings.timeZone) else {
                return .null
            }
            return .text(timeOfDayText(local.fields, abbreviation: local.abbreviation))
        })
        // date_trunc.
        list.append(FunctionOverload("date_trunc", [.text, .timestamp], .timestamp) { arguments, _ throws(DatabaseError) in
            .timestamp(try truncateTimestamp(text(arguments[0]), timestamp(arguments[1])))
        })
        list.append(FunctionOverload("date_trunc", [.text, .timestampWithTimeZone], .timestampWithTimeZone, volatility: .stable) {
            arguments, context throws(DatabaseError) in
            .timestampWithTimeZone(try truncateTimestampWithTimeZone(text(arguments[0]), timestamp(arguments[1]), zone: context.settings.timeZone))
        })
        list.append(FunctionOverload("date_trunc", [.text, .timestampWithTimeZone, .text], .timestampWithTimeZone, volatility: .stable) {
            arguments, _ throws(DatabaseError) in
            .timestampWithTimeZone(try truncateTimestampWithTimeZone(text(arguments[0]), timestamp(arguments[1]), zone: try zone(named: text(arguments[2]))))
        })
        list.append(FunctionOverload("date_trunc", [.text, .interval], .interval) { arguments, _ throws(DatabaseError) in
            .interval(try truncateInterval(text(arguments[0]), interval(arguments[1])))
        })

        // extract (numeric) and date_part (double precision).
        let extractors: [(SQLType, Volatility, @Sendable (String, SQLValue, EvaluationContext) throws(DatabaseError) -> SQLValue)] = [
            (.timestamp, .immutable, { name, value, _ throws(DatabaseError) in
                try DateTimeExtraction.extract(name, fromTimestamp: timestamp(value), zone: nil) }),
            (.timestampWithTimeZone, .stable, { name, value, context throws(DatabaseError) in
                try DateTimeExtraction.extract(name, fromTimestamp: timestamp(value), zone: context.settings.timeZone) }),
            (.date, .immutable, { name, value, _ throws(DatabaseError) in try DateTimeExtraction.extract(name, fromDate: date(value)) }),
            (.time, .immutable, { name, value, _ throws(DatabaseError) in
                try DateTimeExtraction.extract(name, fromTime: DateTimeOperatorEntries.time(value), offset: nil) }),
            (.timeWithTimeZone, .immutable, { name, value, _ throws(DatabaseError) in
                let time = DateTimeOperatorEntries.timeWithZone(value)
                return try DateTimeExtraction.extract(name, fromTime: time.microseconds, offset: Int(time.offsetSeconds)) }),
            (.interval, .immutable, { name, value, _ throws(DatabaseError) in try DateTimeExtraction.extract(name, fromInterval: interval(value)) }),
        ]
        for (type, volatility, extractor) in extractors {
            list.append(FunctionOverload("extract", [.text, type], .numeric, volatility: volatility) { arguments, context throws(DatabaseError) in
                try extractor(text(arguments[0]), arguments[1], context)
            })
            list.append(FunctionOverload("date_part", [.text, type], .doublePrecision, volatility: volatility) {
                arguments, context throws(DatabaseError) in
                var value = arguments[1]
                // date_part(text, date) is a SQL function over timestamp.
                if case .date(let days) = value { value = .timestamp(try DateTimeConversion.timestamp(fromDate: days)) }
                let result = type == .date
                    ? try DateTimeExtraction.extract(text(arguments[0]), fromTimestamp: timestamp(value), zone: nil)
                    : try extractor(text(arguments[0]), value, context)
                guard case .numeric(let number) = result else { return .null }
                return .float64(try number.doubleValue())
            })
        }

        // age.
        list.append(FunctionOverload("age", [.timestamp, .timestamp], .interval) { arguments, _ throws(DatabaseError) in
            .interval(try age(timestamp(arguments[0]), timestamp(arguments[1]), zone: nil))
        })
        list.append(FunctionOverload("age", [.timestampWithTimeZone, .timestampWithTimeZone], .interval, volatility: .stable) {
            arguments, context throws(DatabaseError) in
            .interval(try age(timestamp(arguments[0]), timestamp(arguments[1]), zone: context.settings.timeZone))
        })
        list.append(FunctionOverload("age", [.timestamp], .interval, volatility: .stable) { arguments, context throws(DatabaseError) in
            let today = try DateTimeConversion.timestamp(fromDate: try currentDate(context))
            return .interval(try age(today, timestamp(arguments[0]), zone: nil))
        })
        list.append(FunctionOverload("age", [.timestampWithTimeZone], .interval, volatility: .stable) { arguments, context throws(DatabaseError) in
            let today = try DateTimeConversion.timestampWithTimeZone(fromDate: try currentDate(context), zone: context.settings.timeZone)
            return .interval(try age(today, timestamp(arguments[0]), zone: context.settings.timeZone))
        })

        // make_*.
        list.append(FunctionOverload("make_date", [.integer, .integer, .integer], .date, names: ["year", "month", "day"]) {
            arguments, _ throws(DatabaseError) in
            let fields = try makeDateFields(arguments[0].integerValue!, arguments[1].integerValue!, arguments[2].integerValue!)
            let days = fields.dayNumber
            guard CivilCalendar.isValidDate(days) else {
                throw DatabaseError(.datetimeFieldOverflow, "date out of range: \(arguments[0].integerValue!)-\(pad2(arguments[1].integerValue!))-\(pad2(arguments[2].integerValue!))")
            }
            return .date(Int32(days))
        })
        list.append(FunctionOverload("make_time", [.integer, .integer, .doublePrecision], .time, names: ["hour", "min", "sec"]) {
            arguments, _ throws(DatabaseError) in
            .time(try makeTime(arguments[0].integerValue!, arguments[1].integerValue!, FloatOperators.double(arguments[2])))
        })
        let makeTimestamp: @Sendable ([SQLValue]) throws(DatabaseError) -> Int64 = { arguments throws(DatabaseError) in
            var fields = try makeDateFields(arguments[0].integerValue!, arguments[1].integerValue!, arguments[2].integerValue!)
            let time = try makeTime(arguments[3].integerValue!, arguments[4].integerValue!, FloatOperators.double(arguments[5]))
            fields.setTime(0)
            guard let start = fields.timestamp(), CivilCalendar.isValidTimestamp(start + time) else {
                throw DateTimeArithmetic.timestampOutOfRange
            }
            return start + time
        }
        let timestampNames = ["year", "month", "mday", "hour", "min", "sec"]
        list.append(FunctionOverload("make_timestamp", [.integer, .integer, .integer, .integer, .integer, .doublePrecision], .timestamp,
                                     names: timestampNames) { arguments, _ throws(DatabaseError) in
            .timestamp(try makeTimestamp(arguments))
        })
        list.append(FunctionOverload("make_timestamptz", [.integer, .integer, .integer, .integer, .integer, .doublePrecision],
                                     .timestampWithTimeZone, volatility: .stable, names: timestampNames) { arguments, context throws(DatabaseError) in
            .timestampWithTimeZone(try DateTimeText.timestampWithTimeZone(fromLocal: try makeTimestamp(arguments), zone: context.settings.timeZone))
        })
        list.append(FunctionOverload("make_timestamptz", [.integer, .integer, .integer, .integer, .integer, .doublePrecision, .text],
                                     .timestampWithTimeZone, volatility: .stable, names: timestampNames + ["timezone"]) {
            arguments, _ throws(DatabaseError) in
            .timestampWithTimeZone(try DateTimeText.timestampWithTimeZone(fromLocal: try makeTimestamp(arguments),
                                                                          zone: try zone(named: text(arguments[6]))))
        })
        list.append(FunctionOverload("make_interval", [.integer, .integer, .integer, .integer, .integer, .integer, .doublePrecision],
                                     .interval, names: ["years", "months", "weeks", "days", "hours", "mins", "secs"],
                                     defaults: [.int32(0), .int32(0), .int32(0), .int32(0), .int32(0), .int32(0), .float64(0)]) {
            arguments, _ throws(DatabaseError) in
            let values = arguments.prefix(6).map { Int32(truncatingIfNeeded: $0.integerValue ?? 0) }
            let seconds = FloatOperators.double(arguments[6])
            if seconds.isNaN || seconds.isInfinite { throw DateTimeArithmetic.intervalOutOfRange }
            let months = values[0] &* 12 &+ values[1]
            let days = values[2] &* 7 &+ values[3]
            let time = Int64(values[4]) &* 3_600_000_000 &+ Int64(values[5]) &* 60_000_000
                &+ Int64((seconds * 1_000_000).rounded(.toNearestOrEven))
            return .interval(Interval(months: months, days: days, microseconds: time))
        })
        list.append(FunctionOverload("to_timestamp", [.doublePrecision], .timestampWithTimeZone) { arguments, _ throws(DatabaseError) in
            let seconds = FloatOperators.double(arguments[0])
            if seconds.isNaN { throw DatabaseError(.datetimeFieldOverflow, "timestamp cannot be NaN") }
            if seconds.isInfinite {
                return .timestampWithTimeZone(seconds > 0 ? DateTimeText.timestampInfinity : DateTimeText.timestampNegativeInfinity)
            }
            let minimum = 86_400.0 * Double(0 - CivilCalendar.unixEpochJulianDay)
            let maximum = 86_400.0 * Double(109_203_528 - CivilCalendar.unixEpochJulianDay)
            guard seconds >= minimum && seconds < maximum else {
                throw DatabaseError(.datetimeFieldOverflow, "timestamp out of range: \"\(FloatText.percentG(seconds))\"")
            }
            let shifted = seconds - Double(CivilCalendar.unixToPostgresEpochSeconds)
            return .timestampWithTimeZone(Int64((shifted * 1_000_000).rounded(.toNearestOrEven)))
        })
        list.append(FunctionOverload("justify_days", [.interval], .interval) { arguments, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.justifyDays(interval(arguments[0])))
        })
        list.append(FunctionOverload("justify_hours", [.interval], .interval) { arguments, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.justifyHours(interval(arguments[0])))
        })
        list.append(FunctionOverload("justify_interval", [.interval], .interval) { arguments, _ throws(DatabaseError) in
            .interval(try DateTimeArithmetic.justifyInterval(interval(arguments[0])))
        })
        list.append(FunctionOverload("isfinite", [.date], .boolean) { arguments, _ throws(DatabaseError) in
            let value = date(arguments[0])
            return .bool(value != DateTimeText.dateInfinity && value != DateTimeText.dateNegativeInfinity)
        })
        for type in [SQLType.timestamp, .timestampWithTimeZone] {
            list.append(FunctionOverload("isfinite", [type], .boolean) { arguments, _ throws(DatabaseError) in
                .bool(DateTimeArithmetic.isFinite(timestamp(arguments[0])))
            })
        }
        list.append(FunctionOverload("isfinite", [.interval], .boolean) { _, _ throws(DatabaseError) in .bool(true) })
        for type in [SQLType.timestamp, .timestampWithTimeZone] {
            list.append(FunctionOverload("date_bin", [.interval, type, type], type) { arguments, _ throws(DatabaseError) in
                let stride = interval(arguments[0]), source = timestamp(arguments[1]), origin = timestamp(arguments[2])
                guard DateTimeArithmetic.isFinite(source) else { return arguments[1] }
                guard DateTimeArithmetic.isFinite(origin) else { throw DatabaseError(.datetimeFieldOverflow, "origin out of range") }
                if stride.months != 0 {
                    throw DatabaseError(.featureNotSupported, "timestamps cannot be binned into intervals containing months or years")
                }
                let strideMicroseconds = Int64(stride.days) * CivilCalendar.microsecondsPerDay + stride.microseconds
                if strideMicroseconds <= 0 { throw DatabaseError(.datetimeFieldOverflow, "stride must be greater than zero") }
                let difference = source - origin
                var delta = difference - difference % strideMicroseconds
                if origin > source && strideMicroseconds > 1 { delta -= strideMicroseconds }
                let result = origin + delta
                return type == .timestamp ? .timestamp(result) : .timestampWithTimeZone(result)
            })
        }
        // timezone(zone, value): AT TIME ZONE.
        list.append(FunctionOverload("timezone", [.text, .timestampWithTimeZone], .timestamp) { arguments, _ throws(DatabaseError) in
            .timestamp(try DateTimeConversion.local(timestamp(arguments[1]), zone: try zone(named: text(arguments[0]))))
        })
        list.append(FunctionOverload("timezone", [.text, .timestamp], .timestampWithTimeZone) { arguments, _ throws(DatabaseError) in
            .timestampWithTimeZone(try DateTimeText.timestampWithTimeZone(fromLocal: timestamp(arguments[1]), zone: try zone(named: text(arguments[0]))))
        })
        list.append(FunctionOverload("timezone", [.interval, .timestampWithTimeZone], .timestamp) { arguments, _ throws(DatabaseError) in
            .timestamp(try DateTimeConversion.local(timestamp(arguments[1]), zone: try zone(fromInterval: interval(arguments[0]))))
        })
        list.append(FunctionOverload("timezone", [.interval, .timestamp], .timestampWithTimeZone) { arguments, _ throws(DatabaseError) in
            .timestampWithTimeZone(try DateTimeText.timestampWithTimeZone(fromLocal: timestamp(arguments[1]),
                                                                          zone: try zone(fromInterval: interval(arguments[0]))))
        })
        list.append(FunctionOverload("timezone", [.text, .timeWithTimeZone], .timeWithTimeZone, volatility: .stable) {
            arguments, context throws(DatabaseError) in
            let value = DateTimeOperatorEntries.timeWithZone(arguments[1])
            let target = try zone(named: text(arguments[0]))
            let utcSeconds = CivilCalendar.floorDivide(context.transactionTimestamp, 1_000_000) + CivilCalendar.unixToPostgresEpochSeconds
            let offset = target.utcOffset(atUTC: utcSeconds)
            var time = (value.microseconds - Int64(value.offsetSeconds) * 1_000_000 + Int64(offset) * 1_000_000) % CivilCalendar.microsecondsPerDay
            if time < 0 { time += CivilCalendar.microsecondsPerDay }
            return .timeWithTimeZone(TimeWithTimeZone(microseconds: time, offsetSeconds: Int32(offset)))
        })
        return list
    }()
}
