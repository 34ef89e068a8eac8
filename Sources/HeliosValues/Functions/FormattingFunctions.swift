// to_char, to_date, to_timestamp(text, text) and to_number: the template engines of
// DateTimeTemplate and NumberTemplate bound to PostgreSQL's overloads. Floats are printed the
// way PostgreSQL's float8_to_char does: with at most 15 significant digits (real: 6), rounded
// from the exact binary value half to even, like printf's %.*f.

import HeliosCore

/// Template-based formatting functions.
enum FormattingFunctions {
    static func text(_ value: SQLValue) -> String { TextOperatorEntries.string(value) }

    static func source(ofTimestamp fields: DateTimeFields, zone: (offset: Int, abbreviation: String)?) -> DateTimeTemplate.Source {
        let dayOfYear = CivilCalendar.julianDay(year: fields.year, month: fields.month, day: fields.day)
            - CivilCalendar.julianDay(year: fields.year, month: 1, day: 1) + 1
        return DateTimeTemplate.Source(fields: fields, dayOfYear: dayOfYear, isInterval: false, zone: zone)
    }

    static func source(ofInterval interval: Interval) -> DateTimeTemplate.Source {
        let parts = IntervalText.Parts(interval)
        var fields = DateTimeFields(year: Int(parts.years), month: Int(parts.months), day: Int(parts.days))
        fields.hour = Int(parts.hours)
        fields.minute = Int(parts.minutes)
        fields.second = Int(parts.seconds)
        fields.microsecond = Int(parts.microseconds)
        let dayOfYear = Int((parts.years * 12 + parts.months) * 30 + parts.days)
        return DateTimeTemplate.Source(fields: fields, dayOfYear: dayOfYear, isInterval: true, zone: nil)
    }

    /// A float printed to the template's fraction digits, limited to `significant` digits.
    static func floatNumeric(_ value: Double, template: NumberTemplate, significant: Int) -> Numeric {
        if value.isNaN { return .nan }
        if value.isInfinite { return value < 0 ? .negativeInfinity : .infinity }
        var scaled = value
        if template.multiplierDigits > 0 {
            scaled = value * Double(truncating: template.multiplierDigits)
        }
        let whole = Numeric(exactly: scaled.magnitude.rounded(.toNearestOrEven))
        let integerLength = whole.isZero ? 1 : whole.decimalDigits().weight + 1
        var post = template.fractionDigits
        if integerLength >= significant { post = 0 } else if integerLength + post > significant { post = significant - integerLength }
        return Numeric(exactly: scaled).roundedHalfEven(scale: post)
    }

    /// to_char of numeric, integer and bigint: RN rounds half away from zero and, as
    /// PostgreSQL converts to integer first, fails beyond the integer range.
    static func formatExact(_ value: Numeric, _ templateText: String) throws(DatabaseError) -> String {
        let template = NumberTemplate(templateText)
        guard template.romanNumeralUppercase != nil else { return template.format(value) }
        return template.formatRoman(Int64(try value.rounded(scale: 0).integerValue()))
    }

    static func formatFloat(_ value: Double, _ templateText: String, significant: Int) -> String {
        var template = NumberTemplate(templateText)
        if template.romanNumeralUppercase != nil {
            let whole = value.rounded(.toNearestOrEven)
            return template.formatRoman(whole.isFinite && whole.magnitude < 1e18 ? Int64(whole) : 0)
        }
        if template.scientific {
            return template.formatScientific(Numeric(value))
        }
        let number = floatNumeric(value, template: template, significant: significant)
        template.multiplierDigits = 0
        return template.format(number)
    }

    static let overloads: [FunctionOverload] = {
        var list: [FunctionOverload] = []
        list.append(FunctionOverload("to_char", [.timestamp, .text], .text, volatility: .stable) { arguments, _ throws(DatabaseError) in
            let value = DateTimeOperatorEntries.timestamp(arguments[0])
            guard DateTimeArithmetic.isFinite(value), let fields = DateTimeFields(timestamp: value) else { return .null }
            return .text(try DateTimeTemplate(text(arguments[1])).format(source(ofTimestamp: fields, zone: nil)))
        })
        list.append(FunctionOverload("to_char", [.timestampWithTimeZone, .text], .text, volatility: .stable) {
            arguments, context throws(DatabaseError) in
            let value = DateTimeOperatorEntries.timestamp(arguments[0])
            guard DateTimeArithmetic.isFinite(value),
                  let local = DateTimeText.localFields(ofTimestampWithTimeZone: value, zone: context.settings.timeZone) else { return .null }
            let zone = (local.offset, local.abbreviation)
            return .text(try DateTimeTemplate(text(arguments[1])).format(source(ofTimestamp: local.fields, zone: zone)))
        })
        list.append(FunctionOverload("to_char", [.interval, .text], .text, volatility: .stable) { arguments, _ throws(DatabaseError) in
            .text(try DateTimeTemplate(text(arguments[1])).format(source(ofInterval: DateTimeOperatorEntries.interval(arguments[0]))))
        })
        list.append(FunctionOverload("to_char", [.numeric, .text], .text, volatility: .stable) { arguments, _ throws(DatabaseError) in
            .text(try formatExact(NumericOperators.numeric(arguments[0]), text(arguments[1])))
        })
        for type in [SQLType.integer, .bigint] {
            list.append(FunctionOverload("to_char", [type, .text], .text, volatility: .stable) { arguments, _ throws(DatabaseError) in
                .text(try formatExact(Numeric(arguments[0].integerValue ?? 0), text(arguments[1])))
            })
        }
        list.append(FunctionOverload("to_char", [.doublePrecision, .text], .text, volatility: .stable) { arguments, _ throws(DatabaseError) in
            .text(formatFloat(FloatOperators.double(arguments[0]), text(arguments[1]), significant: 15))
        })
        list.append(FunctionOverload("to_char", [.real, .text], .text, volatility: .stable) { arguments, _ throws(DatabaseError) in
            .text(formatFloat(FloatOperators.double(arguments[0]), text(arguments[1]), significant: 6))
        })
        list.append(FunctionOverload("to_date", [.text, .text], .date, volatility: .stable) { arguments, _ throws(DatabaseError) in
            let input = text(arguments[0])
            let parsed = try DateTimeTemplate(text(arguments[1])).parse(input)
            let fields = try DateTimeTemplate.fields(from: parsed, text: input)
            guard CivilCalendar.isValidJulian(year: fields.year, month: fields.month, day: fields.day),
                  CivilCalendar.isValidDate(fields.dayNumber) else {
                throw DatabaseError(.datetimeFieldOverflow, "date out of range: \"\(input)\"")
            }
            return .date(Int32(fields.dayNumber))
        })
        list.append(FunctionOverload("to_timestamp", [.text, .text], .timestampWithTimeZone, volatility: .stable) {
            arguments, context throws(DatabaseError) in
            let input = text(arguments[0])
            let parsed = try DateTimeTemplate(text(arguments[1])).parse(input)
            let fields = try DateTimeTemplate.fields(from: parsed, text: input)
            let offset = parsed.zoneOffset ?? -DateTimeDecoder.zoneWest(for: fields, in: context.settings.timeZone)
            guard let result = fields.timestamp(offsetSeconds: offset) else { throw DateTimeArithmetic.timestampOutOfRange }
            return .timestampWithTimeZone(result)
        })
        list.append(FunctionOverload("to_number", [.text, .text], .numeric, volatility: .stable) { arguments, _ throws(DatabaseError) in
            .numeric(try NumberTemplate(text(arguments[1])).parse(text(arguments[0])))
        })
        return list
    }()
}

extension Double {
    /// 10^digits.
    init(truncating digits: Int) {
        var value = 1.0
        for _ in 0..<digits { value *= 10 }
        self = value
    }
}

extension Numeric {
    /// The value rounded half to even at `scale` decimals (printf's rounding of exact values).
    func roundedHalfEven(scale: Int) -> Numeric {
        guard form == .finite, !digits.isEmpty else { return self.withDisplayScale(scale) }
        let truncated = self.truncated(scale: scale)
        let remainder = Numeric.subtractValues(self.magnitude, truncated.magnitude)
        let half = Numeric.powerOfTen(-scale - 1).multipliedExactlyBy(5)
        let order = Numeric.compare(remainder, half)
        var result = truncated
        let lastDigitOdd: Bool = {
            let shifted = truncated.magnitude.shiftedDecimal(by: scale).truncated(scale: 0)
            return (shifted.digits.last.map { Int($0) % 2 == 1 } ?? false) && shifted.isInteger
                && shifted.digits.count == Int(shifted.weight) + 1
        }()
        if order > 0 || (order == 0 && lastDigitOdd) {
            let unit = Numeric.powerOfTen(-scale)
            result = isNegative ? Numeric.subtractValues(truncated, unit) : Numeric.addValues(truncated, unit)
        }
        return result.withDisplayScale(Swift.max(scale, 0))
    }

    func multipliedExactlyBy(_ factor: Int) -> Numeric { Numeric.multiplyExactly(self, Numeric(factor)) }
}
