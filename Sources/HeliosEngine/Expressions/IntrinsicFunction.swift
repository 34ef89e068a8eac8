// Scalar operations that are not functions a user can call: array subscripts and slices
// (PostgreSQL's array_subscript_handler, for the one-dimensional arrays HeliosDB has; the work is
// HeliosValues' ArrayOperations), like_escape, which LIKE ... ESCAPE calls on its pattern, and the
// field selection of a record value.
// All are immutable and strict: a NULL argument gives NULL without evaluating.

package import HeliosCore
package import HeliosValues

/// An operation of `BoundExpression.intrinsic`; its arguments are the intrinsic's list.
package enum IntrinsicFunction: Sendable, Hashable {
    /// `array[i]...`: the array, then one int4 subscript per bracket written. A second subscript
    /// on a one-dimensional array gives NULL, as in PostgreSQL.
    case arrayElement
    /// `array[lower:upper]...`: the array, then the bounds written (int4), per bracket in order.
    /// `bounds[k]` says which of bracket k's bounds are present.
    case arraySlice(bounds: [SliceBounds])
    /// like_escape(pattern, escape): the pattern rewritten to use backslash as its escape.
    case likeEscape
    /// `(record).field`: the field at this position of a record value.
    case recordField(Int)

    /// Which bounds a slice bracket has; a subscript among slices (`a[1:2][3]`) is `index`: an upper
    /// bound with an implied lower bound 1, as PostgreSQL reads it.
    package enum SliceBounds: Sendable, Hashable {
        case both, lowerOnly, upperOnly, neither, index

        var argumentCount: Int {
            switch self {
            case .both: 2
            case .lowerOnly, .upperOnly, .index: 1
            case .neither: 0
            }
        }
    }

    /// The name EXPLAIN and error messages use.
    package var name: String {
        switch self {
        case .arrayElement: "array_subscript"
        case .arraySlice: "array_slice"
        case .likeEscape: "like_escape"
        case .recordField: "record_field"
        }
    }

    /// Applies the operation to non-NULL arguments.
    package func evaluate(_ arguments: [SQLValue]) throws(DatabaseError) -> SQLValue {
        switch self {
        case .arrayElement:
            return Self.element(of: arguments[0], subscripts: arguments.dropFirst())
        case .arraySlice(let bounds):
            return Self.slice(of: arguments[0], bounds: bounds, values: Array(arguments.dropFirst()))
        case .likeEscape:
            let pattern = arguments[0].stringValue ?? ""
            let escape = arguments[1].stringValue ?? ""
            return .text(try LikeMatcher.convertEscape(pattern, escape: escape))
        case .recordField(let index):
            guard case .record(let fields) = arguments[0], index < fields.count else { return .null }
            return fields[index]
        }
    }

    /// One subscript goes to ArrayOperations; more than one, on HeliosDB's one-dimensional arrays,
    /// gives NULL as in PostgreSQL.
    private static func element(of value: SQLValue, subscripts: ArraySlice<SQLValue>) -> SQLValue {
        guard subscripts.count == 1, let index = subscripts.first else { return .null }
        return ArrayOperations.element(of: value, at: index)
    }

    private static func slice(of value: SQLValue, bounds: [SliceBounds], values: [SQLValue]) -> SQLValue {
        guard case .array(let array) = value else { return .null }
        // More brackets than dimensions: PostgreSQL answers with an empty array.
        guard bounds.count == 1 else { return .array(SQLArray(elementType: array.elementType, elements: [])) }
        switch bounds[0] {
        case .both: return ArrayOperations.slice(of: value, from: values[0], to: values[1])
        case .lowerOnly: return ArrayOperations.slice(of: value, from: values[0], to: nil)
        case .upperOnly: return ArrayOperations.slice(of: value, from: nil, to: values[0])
        case .index: return ArrayOperations.slice(of: value, from: .int32(1), to: values[0])
        case .neither: return ArrayOperations.slice(of: value, from: nil, to: nil)
        }
    }
}
