// SQLArray: a one-dimensional SQL array value: element type, elements (which may be NULL) and
// the lower bound of its index (1 unless the input said otherwise, as in '[0:1]={1,2}').

/// A one-dimensional array value; an empty array has no dimensions, as in PostgreSQL.
public struct SQLArray: Hashable, Sendable {
    public var elementType: SQLType
    public var elements: [SQLValue]
    /// The subscript of the first element.
    public var lowerBound: Int32

    public init(elementType: SQLType, elements: [SQLValue], lowerBound: Int32 = 1) {
        self.elementType = elementType
        self.elements = elements
        self.lowerBound = lowerBound
    }

    /// The subscript of the last element, lowerBound - 1 for an empty array.
    public var upperBound: Int32 { lowerBound + Int32(elements.count) - 1 }

    /// True when any element is NULL.
    public var containsNull: Bool { elements.contains { $0.isNull } }
}
