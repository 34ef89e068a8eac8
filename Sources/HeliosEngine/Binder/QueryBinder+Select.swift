// The SELECT core: FROM, WHERE, GROUP BY and aggregates, HAVING, window functions, the select
// list, DISTINCT [ON] and ORDER BY.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

extension QueryBinder {
    /// `keepUnknown`: untyped literals of the select list stay untyped (a set operation's branch).
    func bindSelect(_ select: SelectClause, orderBy: [SortItem], parent: QueryScope?, locking: Bool,
                    keepUnknown: Bool = false) throws(DatabaseError) -> BoundQuery {
        if select.into != nil {
            throw DatabaseError(.featureNotSupported, "SELECT ... INTO is not supported; use CREATE TABLE ... AS")
        }
        let scope = QueryScope(context: context, parent: parent)
        scope.visibleCTEs = visibleCTEs
        for window in select.windows {
            if scope.namedWindows[window.name] != nil {
                throw DatabaseError(.windowingError, "window \"\(window.name)\" is already defined")
            }
            scope.namedWindows[window.name] = window.specification
        }

        // FROM
        var plan = try bindFromList(select.from, scope: scope, locking: locking)

        // WHERE
        if let condition = select.whereCondition {
            scope.clause = .whereClause
            let bound = try ExpressionBinder(scope: scope).bindCondition(condition, clause: "WHERE")
            plan = .filter(plan, bound)
        }

        // GROUP BY (names and positions may refer to the select list)
        var groups: [BoundExpression] = []
        if let groupBy = select.groupBy {
            scope.clause = .groupBy
            scope.hasGrouping = true
            for element in groupBy.elements {
                switch element {
                case .expression(let expression):
                    let bound = try bindGroupExpression(expression, targets: select.targets, scope: scope)
                    if !groups.contains(where: { $0.isSame(as: bound) }) { groups.append(bound) }
                case .empty:
                    continue
                case .rollup, .cube, .groupingSets:
                    throw DatabaseError(.featureNotSupported, "ROLLUP, CUBE and GROUPING SETS are not supported yet")
                }
            }
        }

        // The select list
        scope.clause = .select
        let binder = ExpressionBinder(scope: scope)
        var targets: [BoundExpression] = []
        var outputs: [OutputColumn] = []
        for target in select.targets {
            switch target.expression.kind {
            case .star(let qualifier):
                for column in try expandStar(qualifier, scope: scope, location: target.expression.location) {
                    targets.append(column.expression)
                    outputs.append(OutputColumn(name: column.name, type: column.expression.type, origin: column.origin))
                }
            default:
                let untyped = try binder.bind(target.expression)
                let bound = keepUnknown ? untyped : try binder.resolvingUnknown(untyped)
                targets.append(bound)
                outputs.append(OutputColumn(name: target.alias ?? Self.outputName(of: target.expression, bound: bound),
                                            type: bound.type, origin: origin(of: target.expression, scope: scope)))
            }
        }

        // HAVING
        var having: BoundExpression?
        if let condition = select.having {
            scope.clause = .having
            having = try binder.bindCondition(condition, clause: "HAVING")
        }

        // ORDER BY: output columns by position or name, else expressions over the input
        scope.clause = .orderBy
        var sortKeys: [(SortKey, target: Int?)] = []
        for item in orderBy {
            if let index = try outputReference(item.expression, outputs: outputs, targets: targets, scope: scope) {
                let key = try QueryScope.sortKey(for: targets[index], item: item)
                sortKeys.append((key, index))
            } else {
                let key = try scope.bindSortKey(item, binder: binder)
                sortKeys.append((key, targets.firstIndex { $0.isSame(as: key.expression) }))
            }
        }

        // DISTINCT ON expressions
        var distinctOn: [BoundExpression]?
        switch select.distinct {
        case .none, .distinct:
            break
        case .distinctOn(let expressions):
            var keys: [BoundExpression] = []
            for expression in expressions {
                if let index = try outputReference(expression, outputs: outputs, targets: targets, scope: scope) {
                    keys.append(targets[index])
                } else {
                    keys.append(try binder.resolvingUnknown(try binder.bind(expression)))
                }
            }
            distinctOn = keys
        }

        // Aggregation: group expressions and aggregate results replace what they compute.
        let aggregated = !scope.aggregates.isEmpty || select.groupBy != nil || having != nil
        if aggregated {
            for column in FunctionalDependency.dependentColumns(of: plan, groups: groups) where select.groupBy != nil {
                groups.append(column)
            }
            let groupColumns = context.makeColumns(names: groups.map { _ in "group" }, types: groups.map(\.type))
            let aggregateColumns = scope.aggregates.enumerated().map { index, aggregate in
                PlanColumn(binding: ColumnBinding(scope.aggregateTable, index), type: aggregate.aggregate.resultType, name: "aggregate")
            }
            let grouping = GroupingRewriter(groups: groups, groupColumns: groupColumns, scope: scope)
            targets = try targets.map { (target) throws(DatabaseError) in try grouping.rewrite(target) }
            having = try having.map { (condition) throws(DatabaseError) in try grouping.rewrite(condition) }
            for index in sortKeys.indices {
                sortKeys[index].0.expression = try grouping.rewrite(sortKeys[index].0.expression)
            }
            distinctOn = try distinctOn.map { (keys) throws(DatabaseError) in try keys.map { (key) throws(DatabaseError) in try grouping.rewrite(key) } }
            for index in scope.windowFunctions.indices {
                scope.windowFunctions[index] = try grouping.rewrite(scope.windowFunctions[index])
            }
            for index in scope.setFunctions.indices {
                for argument in scope.setFunctions[index].arguments.indices {
                    scope.setFunctions[index].arguments[argument] = try grouping.rewrite(scope.setFunctions[index].arguments[argument])
                }
            }
            plan = .aggregate(AggregatePlan(input: plan, groups: groups, groupColumns: groupColumns,
                                            aggregates: scope.aggregates, aggregateColumns: aggregateColumns))
            if let having { plan = .filter(plan, having) }
        }

        // Window functions
        if !scope.windowFunctions.isEmpty {
            let columns = scope.windowFunctions.enumerated().map { index, function in
                PlanColumn(binding: ColumnBinding(scope.windowTable, index), type: function.type, name: "window")
            }
            plan = .window(WindowPlan(input: plan, functions: scope.windowFunctions, columns: columns))
        }

        // Set-returning functions of the select list, per row of what is above.
        if !scope.setFunctions.isEmpty {
            let columns = scope.setFunctions.enumerated().map { index, call in
                PlanColumn(binding: ColumnBinding(scope.setFunctionTable, index), type: call.function.resultType, name: call.function.overload.name)
            }
            plan = .projectSet(ProjectSetPlan(input: plan, functions: scope.setFunctions, columns: columns))
        }

        // Projection: the select list, then sort keys not in it (dropped after sorting).
        if select.distinct == .distinct, sortKeys.contains(where: { $0.target == nil }) {
            throw DatabaseError(.invalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                                position: orderBy.first?.expression.location.errorPosition)
        }
        var projected = targets
        var hiddenNames: [String] = []
        // Where each sort key's value is projected: its select-list item, or a hidden column.
        var sortPositions: [Int] = []
        for (key, target) in sortKeys {
            if let target {
                sortPositions.append(target)
            } else {
                projected.append(key.expression)
                hiddenNames.append("?sort?")
                sortPositions.append(projected.count - 1)
            }
        }
        var distinctPositions: [Int] = []
        for key in distinctOn ?? [] {
            if let position = projected.firstIndex(where: { $0.isSame(as: key) }) {
                distinctPositions.append(position)
            } else {
                projected.append(key)
                hiddenNames.append("?distinct?")
                distinctPositions.append(projected.count - 1)
            }
        }
        let projectionColumns = context.makeColumns(names: outputs.map(\.name) + hiddenNames, types: projected.map(\.type))
        plan = .project(plan, projected, columns: projectionColumns)
        let keys = zip(sortKeys, sortPositions).map { entry, position in
            SortKey(expression: .column(projectionColumns[position].binding, projectionColumns[position].type),
                    descending: entry.0.descending, nullsFirst: entry.0.nullsFirst)
        }

        // DISTINCT [ON]
        switch select.distinct {
        case .none:
            if !keys.isEmpty { plan = .sort(plan, keys) }
        case .distinct:
            plan = .distinct(plan, on: nil)
            if !keys.isEmpty { plan = .sort(plan, keys) }
        case .distinctOn:
            func column(_ position: Int) -> BoundExpression {
                .column(projectionColumns[position].binding, projectionColumns[position].type)
            }
            var onPositions: [Int] = []
            for position in distinctPositions where !onPositions.contains(position) { onPositions.append(position) }
            // PostgreSQL's rule (transformDistinctOnClause): the ORDER BY items that are DISTINCT
            // ON items come before every one that is not, and when one that is not was written,
            // every DISTINCT ON item is among them.
            var matched = 0
            var skipped = false
            for (index, position) in sortPositions.enumerated() {
                guard onPositions.contains(position) else {
                    skipped = true
                    continue
                }
                if skipped {
                    throw DatabaseError(.invalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                                        position: orderBy[index].expression.location.errorPosition)
                }
                matched += 1
            }
            let missing = onPositions.filter { !sortPositions.prefix(matched).contains($0) }
            if skipped && !missing.isEmpty {
                throw DatabaseError(.invalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                                    position: orderBy[matched].expression.location.errorPosition)
            }
            // Rows equal on the DISTINCT ON items must be adjacent: those the ORDER BY leaves
            // out sort after it.
            plan = .distinct(.sort(plan, keys + missing.map { SortKey(expression: column($0)) }), on: onPositions.map(column))
        }

        if !hiddenNames.isEmpty {
            let visible = Array(projectionColumns.prefix(targets.count))
            let trimmed = context.makeColumns(names: visible.map(\.name), types: visible.map(\.type))
            plan = .project(plan, visible.map { .column($0.binding, $0.type) }, columns: trimmed)
        }
        return BoundQuery(plan: plan, outputs: outputs, outerReferences: scope.outerReferences)
    }

    /// A GROUP BY item: a select-list position, an output column name that is not an input
    /// column, or an expression over the input.
    private func bindGroupExpression(_ expression: Expression, targets: [SelectTarget], scope: QueryScope) throws(DatabaseError) -> BoundExpression {
        let binder = ExpressionBinder(scope: scope)
        switch expression.kind {
        case .literal(.integer(let position)):
            guard position >= 1 && position <= targets.count else {
                throw DatabaseError(.invalidColumnReference, "GROUP BY position \(position) is not in select list",
                                    position: expression.location.errorPosition)
            }
            return try binder.resolvingUnknown(try binder.bind(targets[Int(position) - 1].expression))
        case .columnReference(let names) where names.count == 1:
            if scope.scopeColumn(for: names) == nil, let target = targets.first(where: { $0.alias == names[0] }) {
                return try binder.resolvingUnknown(try binder.bind(target.expression))
            }
        default:
            break
        }
        return try binder.resolvingUnknown(try binder.bind(expression))
    }

    /// Whether an ORDER BY / DISTINCT ON item names an output column (a position, or a bare
    /// name equal to an output column's name): its index.
    private func outputReference(_ expression: Expression, outputs: [OutputColumn], targets: [BoundExpression],
                                 scope: QueryScope) throws(DatabaseError) -> Int? {
        switch expression.kind {
        case .literal(.integer(let position)):
            guard position >= 1 && position <= outputs.count else {
                throw DatabaseError(.invalidColumnReference, "ORDER BY position \(position) is not in select list",
                                    position: expression.location.errorPosition)
            }
            return Int(position) - 1
        case .columnReference(let names) where names.count == 1:
            let matches = outputs.indices.filter { outputs[$0].name == names[0] }
            // Output columns of one name are ambiguous only when they differ (`SELECT a, a ... ORDER BY a` is fine).
            if matches.count > 1 && !matches.allSatisfy({ targets[$0].isSame(as: targets[matches[0]]) }) {
                throw DatabaseError(.ambiguousColumn, "ORDER BY \"\(names[0])\" is ambiguous", position: expression.location.errorPosition)
            }
            return matches.first
        default:
            return nil
        }
    }

    /// The columns `*` or `t.*` stands for.
    private func expandStar(_ qualifier: [String], scope: QueryScope, location: SourceLocation) throws(DatabaseError) -> [ScopeColumn] {
        if qualifier.isEmpty {
            if scope.starColumns.isEmpty {
                throw DatabaseError(.syntaxError, "SELECT * with no tables specified is not valid", position: location.errorPosition)
            }
            return scope.starColumns
        }
        let name = qualifier[qualifier.count - 1]
        let schema = qualifier.count >= 2 ? qualifier[qualifier.count - 2] : nil
        let columns = scope.columns.filter { $0.qualifier == name && (schema == nil || $0.schema == schema) }
        if columns.isEmpty {
            throw DatabaseError(.undefinedTable, "missing FROM-clause entry for table \"\(name)\"", position: location.errorPosition)
        }
        return columns
    }

    /// Where a select-list item comes from, when it is a plain column of a table.
    private func origin(of expression: Expression, scope: QueryScope) -> ColumnOrigin? {
        if case .columnReference(let names) = expression.kind { return scope.scopeColumn(for: names)?.origin }
        return nil
    }

    /// Whether FigureColname names `expression` with strength 2: after a column, function or
    /// construct rather than a type or "?column?".
    private static func isStrongName(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .columnReference, .functionCall, .coalesce, .nullIf, .greatest, .least, .exists, .array, .arraySubquery, .row,
             .grouping, .sqlValueFunction, .indirection, .subquery:
            return true
        case .typeCast(let inner, _): return isStrongName(inner)
        case .caseExpression(let inner): return inner.elseResult.map(isStrongName) ?? false
        default: return false
        }
    }

    /// The name PostgreSQL gives a select-list item without an alias.
    static func outputName(of expression: Expression, bound: BoundExpression) -> String {
        switch expression.kind {
        case .columnReference(let names): return names.last ?? "?column?"
        case .functionCall(let call):
            switch call.syntax {
            case .extract: return "extract"
            case .substring: return "substring"
            case .position: return "position"
            case .trim: return call.name.name
            case .overlay: return "overlay"
            case .atTimeZone: return "timezone"
            default: return call.name.name
            }
        case .typeCast(let inner, let type):
            // PostgreSQL's FigureColname: a cast keeps its operand's name only when that name is
            // strong (a column, a function ...); over a literal, another cast or a CASE without
            // such a name, the cast's type names it: (DATE '2000-01-01')::timestamp is "timestamp".
            if isStrongName(inner) { return outputName(of: inner, bound: bound) }
            return typeOutputName(type)
        case .caseExpression(let expression):
            // PostgreSQL names a CASE after its ELSE when that is a column, function or the like.
            guard let elseResult = expression.elseResult, isStrongName(elseResult) else { return "case" }
            return outputName(of: elseResult, bound: bound)
        case .coalesce: return "coalesce"
        case .nullIf: return "nullif"
        case .greatest: return "greatest"
        case .least: return "least"
        case .exists: return "exists"
        case .array, .arraySubquery: return "array"
        case .row: return "row"
        case .grouping: return "grouping"
        case .subquery(let query):
            if case .select(let select) = query.body, let first = select.targets.first {
                if let alias = first.alias { return alias }
                return outputName(of: first.expression, bound: bound)
            }
            return "?column?"
        case .sqlValueFunction(let function):
            switch function {
            case .currentDate: return "current_date"
            case .currentTime: return "current_time"
            case .currentTimestamp: return "current_timestamp"
            case .localTime: return "localtime"
            case .localTimestamp: return "localtimestamp"
            case .currentRole: return "current_role"
            case .currentUser: return "current_user"
            case .sessionUser: return "session_user"
            case .user: return "current_user"
            case .currentCatalog: return "current_catalog"
            case .currentSchema: return "current_schema"
            }
        case .indirection(let inner, let steps):
            if case .field(let name) = steps.last { return name }
            return outputName(of: inner, bound: bound)
        case .collate(let inner, _): return outputName(of: inner, bound: bound)
        default: return "?column?"
        }
    }

    /// `SELECT 1::int` is named "int4": a cast of something unnamed takes the type's name.
    private static func typeOutputName(_ type: TypeName) -> String {
        let name = type.baseName
        switch name {
        case "bpchar": return "bpchar"
        default: return name
        }
    }
}
