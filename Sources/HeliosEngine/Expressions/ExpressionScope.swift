// The contract between the expression binder and its callers. The expression binder turns a
// syntax-tree expression into a BoundExpression; what names mean — columns of which FROM items,
// whether aggregates are allowed here, what a subquery's plan is — is the query binder's
// business, and it answers through an ExpressionScope.

package import HeliosCore
package import HeliosValues
package import HeliosSQL

/// What the expression binder asks about the query around an expression.
package protocol ExpressionScope: AnyObject {
    /// A column reference of 1–4 name parts (`c`, `t.c`, `s.t.c`, `db.s.t.c`): a `.column` of
    /// this query level or an `.outerColumn` of an enclosing one. Throws 42703 (undefined
    /// column), 42P01 (missing FROM-clause entry) or 42702 (ambiguous), positioned at `location`.
    func resolveColumn(_ names: [String], location: SourceLocation) throws(DatabaseError) -> BoundExpression

    /// An aggregate call (count, sum, ... with DISTINCT, ORDER BY and FILTER): returns the
    /// expression that reads its result (`.column` of the aggregation's output). Throws 42803
    /// where aggregates are not allowed (WHERE, JOIN conditions, GROUP BY, nested aggregates).
    func bindAggregate(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> BoundExpression

    /// A window function call (`... OVER (...)`): returns the expression that reads its result.
    /// Throws 42P20 where window functions are not allowed.
    func bindWindowFunction(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> BoundExpression

    /// A set-returning function called in a select list (`SELECT unnest(a)`): returns the
    /// expression that reads its value in each row it produces. Throws 0A000 where such calls
    /// are not allowed.
    func bindSetFunction(_ function: ResolvedFunction, _ arguments: [BoundExpression],
                         location: SourceLocation) throws(DatabaseError) -> BoundExpression

    /// A subquery used as a value: its plan, output columns and correlation.
    func bindSubquery(_ query: Query, location: SourceLocation) throws(DatabaseError) -> PlannedSubquery

    /// `GROUPING(...)` in a query with grouping sets.
    func bindGrouping(_ arguments: [Expression], location: SourceLocation) throws(DatabaseError) -> BoundExpression

    /// A fresh binding-table number (for the projection wrapped around a subquery whose column
    /// must be cast), and fresh subquery ids.
    func makeBindingTable() -> Int

    /// The statement's parameters, shared by every scope of the statement.
    var parameters: ParameterTypes { get }

    /// CURRENT_USER, current_schema and other session facts for SQL value functions.
    var session: SessionFacts { get }

    /// The oid of the relation a regclass literal names (`'t'::regclass`, `'s.t'`, `'"T"'`),
    /// resolved at bind time as PostgreSQL's regclassin does; nil when the scope has no catalog
    /// (the literal is then read as a number).
    func relationOID(named text: String, location: SourceLocation) throws(DatabaseError) -> UInt32?

    /// The oid a regclass, regproc, regnamespace or regrole literal names, resolved at bind time
    /// as their input functions do; nil when the scope has no catalog.
    func objectOID(named text: String, kind: SQLType.Kind, location: SourceLocation) throws(DatabaseError) -> UInt32?
}

extension ExpressionScope {
    package func bindSetFunction(_ function: ResolvedFunction, _ arguments: [BoundExpression],
                                 location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        throw DatabaseError(.featureNotSupported, "set-returning function \(function.overload.name)() is not supported in this context",
                            hint: "Call it in FROM instead.", position: location.errorPosition)
    }

    package func relationOID(named text: String, location: SourceLocation) throws(DatabaseError) -> UInt32? { nil }
    package func objectOID(named text: String, kind: SQLType.Kind, location: SourceLocation) throws(DatabaseError) -> UInt32? {
        kind == .regclass ? try relationOID(named: text, location: location) : nil
    }
}

/// A subquery planned by the query binder.
package struct PlannedSubquery: Sendable {
    package var plan: LogicalPlan
    package var columns: [PlanColumn]
    package var outerReferences: Set<ColumnBinding>

    package init(plan: LogicalPlan, columns: [PlanColumn], outerReferences: Set<ColumnBinding>) {
        self.plan = plan
        self.columns = columns
        self.outerReferences = outerReferences
    }
}

/// The types of a statement's `$n` parameters: given by the client (PREPARE ... (int, text),
/// Parse message types) or inferred from their first use, as PostgreSQL does (`$1 = intcol`
/// makes $1 an integer; a parameter whose type nothing determines is text).
package final class ParameterTypes {
    package private(set) var types: [SQLType?]

    package init(declared: [SQLType?] = []) { types = declared }

    package func type(of index: Int) -> SQLType? {
        index >= 1 && index <= types.count ? types[index - 1] : nil
    }

    package func setType(_ type: SQLType, of index: Int) {
        if types.count < index { types += Array(repeating: nil, count: index - types.count) }
        types[index - 1] = type
    }

    /// The final types, text for those never determined.
    package var resolved: [SQLType] { types.map { $0 ?? .text } }
}

/// Session facts expressions can read at bind time.
package struct SessionFacts: Sendable {
    package var user: String
    package var database: String
    package var searchPath: [String]
    /// DateStyle, TimeZone and the other settings literals are read with at bind time
    /// (`'2024-01-02'::date` is parsed then, as in PostgreSQL) and constants are folded with.
    package var settings: SessionSettings

    package init(user: String = "helios", database: String = "helios", searchPath: [String] = ["public"],
                 settings: SessionSettings = .standard) {
        self.user = user
        self.database = database
        self.searchPath = searchPath
        self.settings = settings
    }
}
