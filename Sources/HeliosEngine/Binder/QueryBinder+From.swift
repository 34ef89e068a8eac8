// FROM: tables, views, common table expressions, subqueries, functions and joins, each adding
// its columns to the query's scope under its alias. JOIN ... USING and NATURAL JOIN merge the
// equally named columns into one (COALESCE of both sides for FULL JOIN), which is what an
// unqualified name and `*` then see, as in PostgreSQL.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

/// The names one FROM item contributes: every column, and those `*` expands to.
struct FromItemNames {
    var columns: [ScopeColumn]
    var star: [ScopeColumn]

    init(_ columns: [ScopeColumn]) {
        self.columns = columns
        star = columns
    }

    init(columns: [ScopeColumn], star: [ScopeColumn]) {
        self.columns = columns
        self.star = star
    }
}

extension QueryBinder {
    /// Binds the FROM list (comma-separated items are cross joined) into `scope`.
    func bindFromList(_ items: [TableReference], scope: QueryScope, locking: Bool) throws(DatabaseError) -> LogicalPlan {
        var plan: LogicalPlan?
        var exposed: [ExposedName] = []
        for item in items {
            let itemNames = FromNamespace.exposedNames(of: item)
            try FromNamespace.checkConflicts(exposed, itemNames, location: item.location)
            exposed += itemNames
            let (itemPlan, names) = try bindFromItem(item, scope: scope, locking: locking)
            let lateral = plan.map { lateralReferences(of: itemPlan, to: $0) } ?? []
            scope.columns += names.columns
            scope.starColumns += names.star
            noteLocal(names.columns, itemPlan, scope: scope)
            if let left = plan {
                plan = .join(JoinPlan(kind: .cross, left: left, right: itemPlan, condition: nil, lateralReferences: lateral))
            } else {
                plan = itemPlan
            }
        }
        return plan ?? .singleRow
    }

    private func noteLocal(_ columns: [ScopeColumn], _ plan: LogicalPlan, scope: QueryScope) {
        for column in plan.columns { scope.localTables.insert(column.binding.table) }
        for column in columns {
            column.expression.visit { if case .column(let binding, _) = $0 { scope.localTables.insert(binding.table) } }
        }
    }

    /// Which columns of `left` a (LATERAL) item reads.
    private func lateralReferences(of plan: LogicalPlan, to left: LogicalPlan) -> Set<ColumnBinding> {
        let leftBindings = Set(left.columns.map(\.binding))
        var result = Set<ColumnBinding>()
        plan.visitExpressions { expression in
            if case .outerColumn(let binding, _) = expression, leftBindings.contains(binding) { result.insert(binding) }
        }
        return result
    }

    func bindFromItem(_ item: TableReference, scope: QueryScope, locking: Bool) throws(DatabaseError) -> (LogicalPlan, FromItemNames) {
        switch item {
        case .table(let table):
            return try bindTable(table, scope: scope, locking: locking)
        case .subquery(let subquery):
            guard let alias = subquery.alias else {
                throw DatabaseError(.syntaxError, "subquery in FROM must have an alias",
                                    hint: "For example, FROM (SELECT ...) [AS] foo.", position: subquery.location.errorPosition)
            }
            let bound = try QueryBinder(context: context, visibleCTEs: visibleCTEs)
                .bind(subquery.query, parent: subquery.lateral ? scope : scope.parent)
            if !subquery.lateral { scope.outerReferences.formUnion(bound.outerReferences) }
            let columns = bound.planColumns
            let names = try aliasedNames(bound.outputs.map(\.name), alias: alias, location: subquery.location)
            let items = zip(columns, names).enumerated().map { index, pair in
                ScopeColumn(qualifier: alias.name, schema: nil, name: pair.1, expression: .column(pair.0.binding, pair.0.type),
                            origin: bound.outputs[index].origin)
            }
            return (bound.plan, FromItemNames(items))
        case .function(let reference):
            return try bindFunction(reference, scope: scope)
        case .join(let join):
            return try bindJoin(join, scope: scope, locking: locking)
        }
    }

    /// Column names after a table alias's column list (`AS t(a, b)`) renamed the first ones.
    private func aliasedNames(_ names: [String], alias: TableAlias?, location: SourceLocation) throws(DatabaseError) -> [String] {
        guard let alias, !alias.columns.isEmpty else { return names }
        if alias.columns.count > names.count {
            throw DatabaseError(.invalidColumnReference,
                                "table \"\(alias.name)\" has \(names.count) columns available but \(alias.columns.count) columns specified",
                                position: location.errorPosition)
        }
        return alias.columns + names.dropFirst(alias.columns.count)
    }

    // MARK: tables, views and common table expressions

    private func bindTable(_ table: TableName, scope: QueryScope, locking: Bool) throws(DatabaseError) -> (LogicalPlan, FromItemNames) {
        let qualifier = table.alias?.name ?? table.name.name
        if table.name.parts.count == 1, let cte = visibleCTEs[table.name.name] {
            let names = try aliasedNames(cte.outputs.map(\.name), alias: table.alias, location: table.location)
            let columns = context.makeColumns(names: names, types: cte.outputs.map(\.type))
            let plan: LogicalPlan = cte.isRecursiveSelfReference
                ? .recursiveReference(id: cte.id, columns: columns)
                : .cteReference(id: cte.id, columns: columns)
            let items = columns.enumerated().map { index, column in
                ScopeColumn(qualifier: qualifier, schema: nil, name: column.name, expression: .column(column.binding, column.type),
                            origin: cte.outputs[index].origin)
            }
            return (plan, FromItemNames(items))
        }
        guard let relation = try context.catalog.lookupRelation(table.name) else {
            if let system = try SystemTables.scan(table.name, context: context) {
                let names = try aliasedNames(system.columns.map(\.name), alias: table.alias, location: table.location)
                let items = zip(system.columns, names).map { column, name in
                    ScopeColumn(qualifier: qualifier, schema: table.alias == nil ? "pg_catalog" : nil, name: name,
                                expression: .column(column.binding, column.type))
                }
                return (.systemTable(system), FromItemNames(items))
            }
            throw DatabaseError(.undefinedTable, "relation \"\(table.name)\" does not exist", position: table.location.errorPosition)
        }
        let schema = table.alias == nil ? try context.catalog.namespaceName(relation.namespace) : nil
        switch relation.kind {
        case .table:
            let tableNumber = context.makeTable()
            let columns = relation.columns.enumerated().map { index, column in
                PlanColumn(binding: ColumnBinding(tableNumber, index), type: column.type, name: column.name)
            }
            let visible = relation.columns.indices.filter { !relation.columns[$0].isDropped }
            let names = try aliasedNames(visible.map { relation.columns[$0].name }, alias: table.alias, location: table.location)
            var items: [ScopeColumn] = []
            for (index, name) in zip(visible, names) {
                let origin = ColumnOrigin(table: relation.oid, column: relation.columns[index].number)
                context.columnOrigins[columns[index].binding] = origin
                items.append(ScopeColumn(qualifier: qualifier, schema: schema, name: name,
                                         expression: .column(columns[index].binding, columns[index].type), origin: origin))
            }
            var scan = TableScan(relation: relation, columns: columns)
            scan.locking = locking
            return (.scan(scan), FromItemNames(items))
        case .view:
            guard let definition = relation.viewDefinition else {
                throw DatabaseError.internalError("view \(relation.name) has no definition")
            }
            guard case .select(let query) = try Parser.parseSingleStatement(definition) else {
                throw DatabaseError.internalError("view \(relation.name) is not a query")
            }
            let bound = try QueryBinder(context: context).bind(query, parent: nil)
            let viewNames = relation.visibleColumns.map(\.name)
            let names = try aliasedNames(viewNames, alias: table.alias, location: table.location)
            let items = zip(bound.planColumns, names).map { column, name in
                ScopeColumn(qualifier: qualifier, schema: schema, name: name, expression: .column(column.binding, column.type))
            }
            return (bound.plan, FromItemNames(items))
        case .sequence:
            throw DatabaseError(.featureNotSupported, "selecting from sequence \"\(relation.name)\" is not supported",
                                position: table.location.errorPosition)
        }
    }

    // MARK: functions in FROM

    private func bindFunction(_ reference: FunctionReference, scope: QueryScope) throws(DatabaseError) -> (LogicalPlan, FromItemNames) {
        guard reference.functions.count == 1, let call = reference.functions.first else {
            throw DatabaseError(.featureNotSupported, "ROWS FROM with several functions is not supported",
                                position: reference.location.errorPosition)
        }
        let saved = scope.clause
        scope.clause = .fromFunction
        defer { scope.clause = saved }
        let binder = ExpressionBinder(scope: scope)
        var arguments: [BoundExpression] = []
        for argument in call.argumentValues { arguments.append(try binder.bind(argument)) }
        if arguments.contains(where: { !$0.columns.isEmpty }) {
            throw DatabaseError(.featureNotSupported, "functions in FROM that read other FROM items are not supported yet",
                                position: reference.location.errorPosition)
        }
        let name = call.name.name.lowercased()
        let resolution: FunctionResolution
        do {
            resolution = try FunctionRegistry.resolve(name, argumentTypes: arguments.map(\.type))
        } catch {
            throw error.positioned(reference.location)
        }
        guard case .function(let function) = resolution else {
            throw DatabaseError(.featureNotSupported, "a type name as a function in FROM is not supported",
                                position: reference.location.errorPosition)
        }
        var coerced: [BoundExpression] = []
        for (argument, type) in zip(arguments, function.argumentTypes) {
            coerced.append(try ExpressionBinder(scope: scope).coerce(argument, to: type, context: .implicit, location: reference.location))
        }
        for value in function.defaultArguments { coerced.append(.constant(value, value.naturalType)) }
        let alias = reference.alias
        let columnName = alias?.columns.first ?? alias?.name ?? name
        var names = [columnName]
        var types = [function.resultType]
        if reference.withOrdinality {
            names.append(alias.map { $0.columns.count > 1 ? $0.columns[1] : "ordinality" } ?? "ordinality")
            types.append(.bigint)
        }
        let columns = context.makeColumns(names: names, types: types)
        let qualifier = alias?.name ?? name
        let items = columns.map { column in
            ScopeColumn(qualifier: qualifier, schema: nil, name: column.name, expression: .column(column.binding, column.type))
        }
        return (.functionScan(function: function, arguments: coerced, columns: columns, ordinality: reference.withOrdinality),
                FromItemNames(items))
    }

    // MARK: joins

    private func bindJoin(_ join: Join, scope: QueryScope, locking: Bool) throws(DatabaseError) -> (LogicalPlan, FromItemNames) {
        try FromNamespace.checkConflicts(FromNamespace.exposedNames(of: join.left), FromNamespace.exposedNames(of: join.right),
                                         location: join.right.location)
        let (leftPlan, left) = try bindFromItem(join.left, scope: scope, locking: locking)
        // The right side may be LATERAL: let it see the left side's names while it binds.
        let savedColumns = scope.columns
        scope.columns += left.columns
        noteLocal(left.columns, leftPlan, scope: scope)
        let (rightPlan, right) = try bindFromItem(join.right, scope: scope, locking: locking)
        let lateral = lateralReferences(of: rightPlan, to: leftPlan)
        scope.columns = savedColumns

        let kind: JoinKind = switch join.kind {
        case .inner: .inner
        case .left: .left
        case .right: .right
        case .full: .full
        case .cross: .cross
        }
        var names: FromItemNames
        var condition: BoundExpression?
        switch join.condition {
        case .none:
            names = FromItemNames(columns: left.columns + right.columns, star: left.star + right.star)
        case .on(let expression):
            scope.columns += left.columns + right.columns
            let saved = scope.clause
            scope.clause = .joinCondition
            do {
                condition = try ExpressionBinder(scope: scope).bindCondition(expression, clause: "JOIN/ON")
            } catch {
                scope.columns = savedColumns
                scope.clause = saved
                throw error
            }
            scope.clause = saved
            scope.columns = savedColumns
            names = FromItemNames(columns: left.columns + right.columns, star: left.star + right.star)
        case .using(let columnNames, let alias):
            (names, condition) = try mergeUsing(columnNames, left: left, right: right, kind: kind, alias: alias,
                                                location: join.location)
        case .natural:
            let leftNames = left.columns.filter(\.visibleUnqualified).map(\.name)
            let rightNames = Set(right.columns.filter(\.visibleUnqualified).map(\.name))
            var common: [String] = []
            for name in leftNames where rightNames.contains(name) && !common.contains(name) { common.append(name) }
            (names, condition) = try mergeUsing(common, left: left, right: right, kind: kind, alias: nil, location: join.location)
        }
        if let alias = join.alias {
            let renamed = try aliasedNames(names.star.map(\.name), alias: alias, location: join.location)
            names.star = zip(names.star, renamed).map { column, name in
                var copy = column
                copy.qualifier = alias.name
                copy.schema = nil
                copy.name = name
                copy.visibleUnqualified = true
                return copy
            }
            names.columns = names.star
        }
        let plan: LogicalPlan = .join(JoinPlan(kind: kind == .cross && condition != nil ? .inner : kind, left: leftPlan,
                                               right: rightPlan, condition: condition, lateralReferences: lateral))
        return (plan, names)
    }

    /// JOIN ... USING (columns): the equality condition and the merged columns.
    private func mergeUsing(_ columnNames: [String], left: FromItemNames, right: FromItemNames, kind: JoinKind, alias: String?,
                            location: SourceLocation) throws(DatabaseError) -> (FromItemNames, BoundExpression?) {
        var merged: [ScopeColumn] = []
        var conditions: [BoundExpression] = []
        var leftColumns = left.columns
        var rightColumns = right.columns
        for name in columnNames {
            func find(_ columns: [ScopeColumn], side: String) throws(DatabaseError) -> Int {
                let matches = columns.indices.filter { columns[$0].visibleUnqualified && columns[$0].name == name }
                if matches.count > 1 {
                    throw DatabaseError(.ambiguousColumn, "common column name \"\(name)\" appears more than once in \(side) table",
                                        position: location.errorPosition)
                }
                guard let index = matches.first else {
                    throw DatabaseError(.undefinedColumn, "column \"\(name)\" specified in USING clause does not exist in \(side) table",
                                        position: location.errorPosition)
                }
                return index
            }
            let leftIndex = try find(leftColumns, side: "left")
            let rightIndex = try find(rightColumns, side: "right")
            let leftExpression = leftColumns[leftIndex].expression
            let rightExpression = rightColumns[rightIndex].expression
            let type = try coercer.commonType(of: [leftExpression, rightExpression], context: "JOIN/USING")
            let leftValue = try coercer.coerce(leftExpression, to: type, context: .implicit, location: location)
            let rightValue = try coercer.coerce(rightExpression, to: type, context: .implicit, location: location)
            conditions.append(try coercer.makeOperator("=", leftValue, rightValue, leftLocation: location, rightLocation: location, location: location))
            let value: BoundExpression = switch kind {
            case .right: rightValue
            case .full: .coalesce([leftValue, rightValue], type)
            default: leftValue
            }
            merged.append(ScopeColumn(qualifier: alias, schema: nil, name: name, expression: value,
                                      origin: kind == .right ? rightColumns[rightIndex].origin : leftColumns[leftIndex].origin))
            leftColumns[leftIndex].visibleUnqualified = false
            rightColumns[rightIndex].visibleUnqualified = false
        }
        let mergedNames = Set(columnNames)
        let star = merged + left.star.filter { !mergedNames.contains($0.name) } + right.star.filter { !mergedNames.contains($0.name) }
        let condition: BoundExpression? = conditions.isEmpty ? nil : conditions.count == 1 ? conditions[0] : .and(conditions)
        return (FromItemNames(columns: merged + leftColumns + rightColumns, star: star), condition)
    }
}
