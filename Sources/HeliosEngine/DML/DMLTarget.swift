// The target table of INSERT, UPDATE or DELETE: looked up, checked to be a table, and its
// column list for INSERT resolved. Also RETURNING, which all three share.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

enum DMLTarget {
    static func table(_ name: QualifiedName, catalog: CatalogReader, verb: String) throws(DatabaseError) -> RelationDescriptor {
        let relation = try catalog.requireRelation(name)
        switch relation.kind {
        case .table: return relation
        case .view:
            throw DatabaseError(.featureNotSupported, "cannot \(verb) view \"\(relation.name)\"",
                                detail: "Views that are not automatically updatable are not supported as \(verb) targets yet.",
                                position: name.location.errorPosition)
        case .sequence:
            throw DatabaseError(.wrongObjectType, "cannot change sequence \"\(relation.name)\"", position: name.location.errorPosition)
        }
    }

    /// Storage positions of the named columns (all visible columns when none are named).
    static func columnPositions(_ targets: [AssignmentTarget], relation: RelationDescriptor) throws(DatabaseError) -> [Int] {
        if targets.isEmpty {
            return relation.columns.indices.filter { !relation.columns[$0].isDropped }
        }
        var positions: [Int] = []
        for target in targets {
            let position = try UpdateAssignments.position(of: target, in: relation)
            if positions.contains(position) {
                throw DatabaseError(.duplicateColumn, "column \"\(target.column)\" specified more than once",
                                    position: target.location.errorPosition)
            }
            positions.append(position)
        }
        return positions
    }

    /// Binds a RETURNING list (stars expanded) in `scope`.
    static func bindReturning(_ targets: [SelectTarget], scope: QueryScope) throws(DatabaseError) -> (items: [BoundExpression], outputs: [OutputColumn]) {
        scope.clause = .returning
        let binder = ExpressionBinder(scope: scope)
        var items: [BoundExpression] = []
        var outputs: [OutputColumn] = []
        for target in targets {
            if case .star(let qualifier) = target.expression.kind {
                let columns = qualifier.isEmpty ? scope.starColumns : scope.columns.filter { $0.qualifier == qualifier.last }
                if columns.isEmpty {
                    throw DatabaseError(.undefinedTable, "missing FROM-clause entry for table \"\(qualifier.last ?? "")\"",
                                        position: target.expression.location.errorPosition)
                }
                for column in columns {
                    items.append(column.expression)
                    outputs.append(OutputColumn(name: column.name, type: column.expression.type, origin: column.origin))
                }
                continue
            }
            let bound = try binder.resolvingUnknown(try binder.bind(target.expression))
            items.append(bound)
            var origin: ColumnOrigin?
            if case .columnReference(let names) = target.expression.kind { origin = scope.scopeColumn(for: names)?.origin }
            outputs.append(OutputColumn(name: target.alias ?? QueryBinder.outputName(of: target.expression, bound: bound),
                                        type: bound.type, origin: origin))
        }
        return (items, outputs)
    }
}
