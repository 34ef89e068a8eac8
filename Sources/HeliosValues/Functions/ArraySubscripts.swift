// Array subscripting as PostgreSQL evaluates `a[i]` and `a[lower:upper]` on one-dimensional
// arrays: a subscript outside the bounds yields NULL (not an error), a NULL array or NULL
// subscript yields NULL, and a slice keeps the elements whose subscripts fall inside both the
// requested and the actual bounds, renumbered from 1 (an empty slice is '{}').

import HeliosCore

extension ArrayOperations {
    /// `array[subscript]`: the element, or NULL when either operand is NULL or out of bounds.
    public static func element(of array: SQLValue, at index: SQLValue) -> SQLValue {
        guard case .array(let value) = array, let position = index.integerValue else { return .null }
        let offset = position - Int64(value.lowerBound)
        guard offset >= 0, offset < Int64(value.elements.count) else { return .null }
        return value.elements[Int(offset)]
    }

    /// `array[lower:upper]`; pass nil for an omitted bound (`a[:2]`, `a[2:]`). A NULL array or a
    /// NULL bound that was written yields NULL.
    public static func slice(of array: SQLValue, from lower: SQLValue?, to upper: SQLValue?) -> SQLValue {
        guard case .array(let value) = array else { return .null }
        if let lower, lower.isNull { return .null }
        if let upper, upper.isNull { return .null }
        let first = max(lower?.integerValue ?? Int64(value.lowerBound), Int64(value.lowerBound))
        let last = min(upper?.integerValue ?? Int64(value.upperBound), Int64(value.upperBound))
        guard first <= last else {
            return .array(SQLArray(elementType: value.elementType, elements: []))
        }
        let start = Int(first - Int64(value.lowerBound))
        let end = Int(last - Int64(value.lowerBound))
        return .array(SQLArray(elementType: value.elementType, elements: Array(value.elements[start...end])))
    }
}
