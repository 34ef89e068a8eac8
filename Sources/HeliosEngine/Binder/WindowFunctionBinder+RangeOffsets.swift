// RANGE frames with an offset (`RANGE BETWEEN 2 PRECEDING AND CURRENT ROW`): the frame of a row
// holds the rows whose single ORDER BY value lies within the offset of the row's own, as
// PostgreSQL's in_range support functions decide (transformFrameOffset picks the offset type).
// Each row gets a position value (its ORDER BY value, widened so that adding an offset cannot
// overflow: integers as numeric, date as timestamp, time as interval) and, per offset bound, a
// limit: that position minus or plus the offset, in the direction of the sort. The executor
// finds a frame's rows by comparing positions with the current row's limits in sort order.

public import HeliosCore
public import HeliosValues
import HeliosSQL

extension WindowFunctionBinder {
    /// The offset types PostgreSQL has an in_range function for, per ORDER BY type, and the type
    /// positions are compared in; nil for a type without RANGE offset support.
    static func rangeOffsetSupport(for type: SQLType) -> (offsetTypes: [SQLType], positionType: SQLType)? {
        guard !type.isArray else { return nil }
        switch type.kind {
        case .smallint, .integer: return ([.bigint, .integer, .smallint], .numeric)
        case .bigint: return ([.bigint], .numeric)
        case .numeric: return ([.numeric], .numeric)
        case .real, .doublePrecision: return ([.doublePrecision], .doublePrecision)
        case .date, .timestamp: return ([.interval], .timestamp)
        case .timestampWithTimeZone: return ([.interval], .timestampWithTimeZone)
        case .time, .interval: return ([.interval], .interval)
        default: return nil
        }
    }

    /// The offset converted to the type of the in_range function that takes it, with
    /// PostgreSQL's 0A000 errors when there is none or more than one.
    func rangeOffset(_ offset: BoundExpression, key: SortKey, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let keyType = key.expression.type.withoutModifier
        let support = try rangeSupport(for: key, location: location)
        let offsetType = offset.type.withoutModifier
        let preferred = offsetType.kind == .unknown ? keyType : offsetType
        let matches = support.offsetTypes.filter { TypeCoercion.canCoerce([offsetType], to: [$0]) }
        guard let selected = matches.contains(preferred) ? preferred : matches.last else {
            throw DatabaseError(.featureNotSupported,
                                "RANGE with offset PRECEDING/FOLLOWING is not supported for column type \(keyType.nameWithoutModifier) and offset type \(offsetType.nameWithoutModifier)",
                                hint: "Cast the offset value to an appropriate type.", position: location.errorPosition)
        }
        if matches.count != 1 && selected != preferred {
            throw DatabaseError(.featureNotSupported,
                                "RANGE with offset PRECEDING/FOLLOWING has multiple interpretations for column type \(keyType.nameWithoutModifier) and offset type \(offsetType.nameWithoutModifier)",
                                hint: "Cast the offset value to the exact intended type.", position: location.errorPosition)
        }
        return try ExpressionBinder(scope: scope).coerce(offset, to: selected, context: .implicit, location: location)
    }

    private func rangeSupport(for key: SortKey, location: SourceLocation) throws(DatabaseError)
        -> (offsetTypes: [SQLType], positionType: SQLType) {
        guard let support = Self.rangeOffsetSupport(for: key.expression.type) else {
            throw DatabaseError(.featureNotSupported,
                                "RANGE with offset PRECEDING/FOLLOWING is not supported for column type \(key.expression.type.nameWithoutModifier)",
                                position: location.errorPosition)
        }
        return support
    }

    /// A row's position for RANGE offsets: the ORDER BY value in the type positions compare in.
    func rangePosition(of key: SortKey, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let support = try rangeSupport(for: key, location: location)
        return try ExpressionBinder(scope: scope).coerce(key.expression, to: support.positionType, context: .explicit, location: location)
    }

    /// The limit a bound sets: the position minus the offset for PRECEDING (plus when the
    /// ORDER BY is descending), plus it for FOLLOWING.
    func rangeLimit(position: BoundExpression, offset: BoundExpression, preceding: Bool, key: SortKey,
                    location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let binder = ExpressionBinder(scope: scope)
        var amount = offset
        if position.type.kind == .numeric || position.type.kind == .doublePrecision {
            amount = try binder.coerce(offset, to: position.type, context: .implicit, location: location)
        }
        let subtract = preceding != key.descending
        return try binder.finished(try binder.makeOperator(subtract ? "-" : "+", position, amount, leftLocation: location,
                                                            rightLocation: location, location: location))
    }
}
