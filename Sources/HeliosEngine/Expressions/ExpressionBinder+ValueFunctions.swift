// SQL's niladic functions: CURRENT_DATE, CURRENT_TIME[(p)], CURRENT_TIMESTAMP[(p)], LOCALTIME[(p)],
// LOCALTIMESTAMP[(p)] call their (stable) pg_catalog functions, cast to the requested precision;
// CURRENT_USER, CURRENT_ROLE, USER, SESSION_USER, CURRENT_CATALOG and CURRENT_SCHEMA are the
// session's facts, of type name as in PostgreSQL.

import HeliosCore
import HeliosValues
import HeliosSQL

extension ExpressionBinder {
    func bindValueFunction(_ function: SQLValueFunction, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        switch function {
        case .currentDate:
            return try clockFunction("current_date", precision: nil, type: .date, location: location)
        case .currentTime(let precision):
            return try clockFunction("current_time", precision: precision, type: .timeWithTimeZone, location: location)
        case .currentTimestamp(let precision):
            return try clockFunction("current_timestamp", precision: precision, type: .timestampWithTimeZone, location: location)
        case .localTime(let precision):
            return try clockFunction("localtime", precision: precision, type: .time, location: location)
        case .localTimestamp(let precision):
            return try clockFunction("localtimestamp", precision: precision, type: .timestamp, location: location)
        case .currentRole, .currentUser, .user, .sessionUser:
            return .constant(.text(scope.session.user), .name)
        case .currentCatalog:
            return .constant(.text(scope.session.database), .name)
        case .currentSchema:
            // PostgreSQL skips "$user" when no schema has the user's name; HeliosDB has none such.
            let schema = scope.session.searchPath.first { $0 != "$user" }
            return .constant(schema.map { .text($0) } ?? .null, .name)
        }
    }

    /// The clock function `name()`, cast to `type(precision)` when a precision is written.
    private func clockFunction(_ name: String, precision: Int?, type: SQLType,
                               location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let resolution = try positioned(at: location) { () throws(DatabaseError) -> FunctionResolution in
            try FunctionRegistry.resolve(name, argumentTypes: [])
        }
        guard case .function(let resolved) = resolution else { throw DatabaseError.internalError("\(name) resolved to a cast") }
        let call = BoundExpression.function(resolved, [])
        guard let precision else { return call }
        if precision < 0 {
            throw DatabaseError(.invalidParameterValue, "\(name.uppercased())(\(precision)) precision must not be negative",
                                position: location.errorPosition)
        }
        // PostgreSQL warns and reduces a precision above 6.
        let target = SQLType(type.kind, modifier: Int32(min(precision, TypeModifier.maximumSecondsPrecision)))
        return .cast(call, .plan(CastPlan(source: type, target: target, isExplicit: true)), target)
    }
}
