// Performing a cast: the conversion function of the pg_cast row (or the I/O conversion through
// text), then the target's length coercion when it has a typmod: varchar(n) and character(n)
// truncate in an explicit cast and fail with 22001 otherwise, numeric(p,s) rounds and checks,
// time/timestamp/interval round their fractional seconds. NULL casts to NULL.

public import HeliosCore

/// A resolved cast from one type to another, ready to apply to values.
public struct CastPlan: Sendable {
    public let source: SQLType
    public let target: SQLType
    /// Explicit casts truncate strings to the target length instead of failing.
    public let isExplicit: Bool

    public init(source: SQLType, target: SQLType, isExplicit: Bool) {
        self.source = source
        self.target = target
        self.isExplicit = isExplicit
    }

    /// Converts one value.
    public func apply(_ value: SQLValue, settings: SessionSettings = .standard) throws(DatabaseError) -> SQLValue {
        if value.isNull { return .null }
        if source.isArray && target.isArray {
            guard case .array(let array) = value else { return try convertThroughText(value, settings: settings) }
            let elementPlan = CastPlan(source: SQLType(source.kind, modifier: source.modifier),
                                       target: SQLType(target.kind, modifier: target.modifier), isExplicit: isExplicit)
            var elements: [SQLValue] = []
            elements.reserveCapacity(array.elements.count)
            for element in array.elements { elements.append(try elementPlan.apply(element, settings: settings)) }
            return .array(SQLArray(elementType: SQLType(target.kind, modifier: target.modifier), elements: elements,
                                   lowerBound: array.lowerBound))
        }
        let converted = try convert(value, settings: settings)
        return try coerceLength(converted, settings: settings)
    }

    /// The target's typmod function (varchar(), bpchar(), numeric(), timestamp() ...).
    func coerceLength(_ value: SQLValue, settings: SessionSettings) throws(DatabaseError) -> SQLValue {
        guard target.modifier >= 0 else { return value }
        if target.isArray {
            guard case .array(var array) = value else { return value }
            let elementPlan = CastPlan(source: SQLType(target.kind, modifier: target.modifier),
                                       target: SQLType(target.kind, modifier: target.modifier), isExplicit: isExplicit)
            for index in array.elements.indices where !array.elements[index].isNull {
                array.elements[index] = try elementPlan.coerceLength(array.elements[index], settings: settings)
            }
            array.elementType = SQLType(target.kind, modifier: target.modifier)
            return .array(array)
        }
        switch (target.kind, value) {
        case (.varchar, .text(let string)):
            return .text(try CharacterText.coerceVarchar(string, modifier: target.modifier, isExplicit: isExplicit))
        case (.character, .character(let string)), (.character, .text(let string)):
            return .character(try CharacterText.coerceCharacter(string, modifier: target.modifier, isExplicit: isExplicit))
        case (.numeric, .numeric(let number)):
            return .numeric(try number.coerced(toModifier: target.modifier))
        case (.time, .time(let time)):
            return .time(DateTimeText.roundTime(time, modifier: target.modifier))
        case (.timeWithTimeZone, .timeWithTimeZone(var time)):
            time.microseconds = DateTimeText.roundTime(time.microseconds, modifier: target.modifier)
            return .timeWithTimeZone(time)
        case (.timestamp, .timestamp(let time)):
            return .timestamp(try DateTimeText.roundTimestamp(time, modifier: target.modifier))
        case (.timestampWithTimeZone, .timestampWithTimeZone(let time)):
            return .timestampWithTimeZone(try DateTimeText.roundTimestamp(time, modifier: target.modifier))
        case (.interval, .interval(let interval)):
            return .interval(DateTimeText.adjustInterval(interval, modifier: target.modifier))
        default:
            return value
        }
    }

    private func convertThroughText(_ value: SQLValue, settings: SessionSettings) throws(DatabaseError) -> SQLValue {
        let text = TextFormat.format(value, as: source, settings: settings)
        let inputModifier: Int32 = target.kind == .interval && !target.isArray ? target.modifier : -1
        return try TextFormat.parse(text, as: SQLType(target.kind, modifier: inputModifier, isArray: target.isArray),
                                    settings: settings)
    }

    private func convert(_ value: SQLValue, settings: SessionSettings) throws(DatabaseError) -> SQLValue {
        let sourceKind = source.kind, targetKind = target.kind
        if sourceKind == .unknown {
            return try convertThroughText(value, settings: settings)
        }
        if sourceKind == targetKind && !source.isArray && !target.isArray {
            return value
        }
        if target.isArray || source.isArray {
            return try convertThroughText(value, settings: settings)
        }
        if let row = CastCatalog.row(from: sourceKind, to: targetKind) {
            switch row.method {
            case .inputOutput: return try convertThroughText(value, settings: settings)
            case .binary, .function: return try ValueConversion.convert(value, from: sourceKind, to: targetKind, settings: settings)
            }
        }
        // No pg_cast row: an automatic I/O conversion to or from a string type.
        if targetKind.isString {
            let text = TextFormat.format(value, as: source, settings: settings)
            return targetKind == .character ? .character(text) : .text(targetKind == .name ? CharacterText.coerceName(text) : text)
        }
        return try convertThroughText(value, settings: settings)
    }
}
