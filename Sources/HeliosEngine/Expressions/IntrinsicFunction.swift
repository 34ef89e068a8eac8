// Scalar operations the expression module implements itself, because HeliosValues has no
// function for them: array subscripts and slices (PostgreSQL's array_subscript_handler, for the
// one-dimensional arrays HeliosDB has) and like_escape, which LIKE ... ESCAPE calls on its pattern.
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
        }
    }

    /// Applies the operation to non-NULL arguments.
    package func evaluate(_ arguments: [SQLValue]) throws(DatabaseError) -> SQLValue {
        switch self {
        case .arrayElement:
            return Self.element(of: arguments[0], subscripts: arguments.dropFirst())
        case .arraySlice(let bounds):
            return try Self.slice(of: arguments[0], bounds: bounds, values: Array(arguments.dropFirst()))
        case .likeEscape:
            let pattern = arguments[0].stringValue ?? ""
            let escape = arguments[1].stringValue ?? ""
            return .text(try LikeMatcher.convertEscape(pattern, escape: escape))
        }
    }

    private static func element(of value: SQLValue, subscripts: ArraySlice<SQLValue>) -> SQLValue {
        guard case .array(let array) = value, subscripts.count == 1,
              let index = subscripts.first?.integerValue else { return .null }
        let offset = index - Int64(array.lowerBound)
        guard offset >= 0 && offset < Int64(array.elements.count) else { return .null }
        return array.elements[Int(offset)]
    }

    private static func slice(of value: SQLValue, bounds: [SliceBounds], values: [SQLValue]) throws(DatabaseError) -> SQLValue {
        guard case .array(let array) = value else { return .null }
        // More brackets than dimensions: PostgreSQL answers with an empty array.
        guard bounds.count == 1, !array.elements.isEmpty else {
            return .array(SQLArray(elementType: array.elementType, elements: []))
        }
        var lower = Int64(array.lowerBound)
        var upper = Int64(array.upperBound)
        switch bounds[0] {
        case .both:
            lower = max(lower, values[0].integerValue ?? lower)
            upper = min(upper, values[1].integerValue ?? upper)
        case .lowerOnly: lower = max(lower, values[0].integerValue ?? lower)
        case .upperOnly: upper = min(upper, values[0].integerValue ?? upper)
        case .index:
            lower = max(lower, 1)
            upper = min(upper, values[0].integerValue ?? upper)
        case .neither: break
        }
        guard lower <= upper else { return .array(SQLArray(elementType: array.elementType, elements: [])) }
        let start = Int(lower - Int64(array.lowerBound)), end = Int(upper - Int64(array.lowerBound))
        return .array(SQLArray(elementType: array.elementType, elements: Array(array.elements[start...end])))
    }
}
