// Where a WITH RECURSIVE query may read itself, after PostgreSQL's checkWellFormedRecursion: its
// recursive term reads the working table once, directly in its FROM, never from the nullable
// side of an outer join nor from a subquery. A term that read it twice (`FROM r, r AS r2`)
// would grow without bound instead; these are 42P19 errors, as there.

import HeliosCore

enum RecursiveReferenceRules {
    /// Checks `plan`, the recursive term of CTE `name` whose working table is `id`.
    static func check(_ plan: LogicalPlan, id: Int, name: String) throws(DatabaseError) {
        var references = 0
        var inOuterJoin = false
        plan.visitPlans { node in
            switch node {
            case .recursiveReference(id, _):
                references += 1
            case .join(let join):
                let nullable: [LogicalPlan] = switch join.kind {
                case .left: [join.right]
                case .right: [join.left]
                case .full: [join.left, join.right]
                default: []
                }
                if nullable.contains(where: { reads($0, id: id) }) { inOuterJoin = true }
            default:
                break
            }
        }
        var inSubquery = false
        plan.visitExpressions { expression in
            if case .subquery(let subquery) = expression, reads(subquery.plan, id: id) { inSubquery = true }
        }
        if inOuterJoin {
            throw invalid("recursive reference to query \"\(name)\" must not appear within an outer join")
        }
        if inSubquery {
            throw invalid("recursive reference to query \"\(name)\" must not appear within a subquery")
        }
        if references > 1 {
            throw invalid("recursive reference to query \"\(name)\" must not appear more than once")
        }
    }

    /// Whether the recursive term reads the working table anywhere, in a subquery too (then it
    /// is recursive, and the rules above reject it).
    static func readsItself(_ plan: LogicalPlan, id: Int) -> Bool {
        if reads(plan, id: id) { return true }
        var found = false
        plan.visitExpressions { expression in
            if case .subquery(let subquery) = expression, reads(subquery.plan, id: id) { found = true }
        }
        return found
    }

    private static func reads(_ plan: LogicalPlan, id: Int) -> Bool {
        var found = false
        plan.visitPlans { if case .recursiveReference(id, _) = $0 { found = true } }
        return found
    }

    private static func invalid(_ message: String) -> DatabaseError {
        DatabaseError(.invalidRecursion, message)
    }
}
