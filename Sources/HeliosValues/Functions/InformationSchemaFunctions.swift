// The functions schema information_schema holds, reached only by that qualified name:
// _pg_expandarray(anyarray) returns one record (x, n) per element: the element and its position
// from 1, as the SQL function of PostgreSQL's information_schema.sql does. pgjdbc's
// getPrimaryKeys and getIndexInfo call it on pg_index.indkey.

public import HeliosCore

enum InformationSchemaFunctions {
    static let overloads: [FunctionOverload] = [
        FunctionOverload("information_schema._pg_expandarray", [.anyArray], .record,
                         outputColumns: [RecordType.Field(name: "x", type: .anyElement), RecordType.Field(name: "n", type: .integer)],
                         set: { arguments, _ throws(DatabaseError) in
            guard case .array(let array) = arguments[0] else { return [] }
            return array.elements.enumerated().map { .record([$0.element, .int32(Int32($0.offset + 1))]) }
        }),
    ]
}
