// Precedence and associativity against PostgreSQL 15: the tree shape for each tricky case, and
// the non-associative operators rejected where PostgreSQL rejects them (checked on PostgreSQL 15).

import HeliosCore
import HeliosSQL
import Testing

@Test func andBindsTighterThanOrAndNotTighterThanAnd() throws {
    let parsed = try expression("a OR b AND NOT c = d")
    let expected = Expression(.or(column("a"), Expression(.and(column("b"),
        Expression(.not(binary("=", column("c"), column("d"))))))))
    #expect(parsed == expected)
}

@Test func unaryMinusBindsTighterThanExponent() throws {
    // PostgreSQL: SELECT -2 ^ 2 is 4.
    #expect(try expression("-2 ^ 2") == binary("^", integer(-2), integer(2)))
    #expect(try expression("- x ^ 2") == binary("^", Expression(.prefixOperator(OperatorName("-"), column("x"))), integer(2)))
}

@Test func exponentIsLeftAssociative() throws {
    #expect(try expression("2 ^ 3 ^ 2") == binary("^", binary("^", integer(2), integer(3)), integer(2)))
}

@Test func castBindsTighterThanArithmetic() throws {
    let int4 = TypeName.system("int4")
    #expect(try expression("a::int + b") == binary("+", Expression(.typeCast(column("a"), int4)), column("b")))
    #expect(try expression("-1::int") == Expression(.prefixOperator(OperatorName("-"), Expression(.typeCast(integer(1), int4)))))
    #expect(try expression("a::text::varchar") == Expression(.typeCast(Expression(.typeCast(column("a"),
        TypeName(name: QualifiedName("text")))), .system("varchar"))))
}

@Test func multiplicationBeforeAdditionBeforeUserOperators() throws {
    #expect(try expression("1 + 2 * 3") == binary("+", integer(1), binary("*", integer(2), integer(3))))
    #expect(try expression("a || b + c") == binary("||", column("a"), binary("+", column("b"), column("c"))))
    #expect(try expression("a + b || c") == binary("||", binary("+", column("a"), column("b")), column("c")))
    #expect(try expression("a - b - c") == binary("-", binary("-", column("a"), column("b")), column("c")))
}

@Test func comparisonBindsLooserThanOperatorsAndTighterThanIs() throws {
    #expect(try expression("a || b = c") == binary("=", binary("||", column("a"), column("b")), column("c")))
    // IS binds looser than =: (x = y) IS NULL, and x IS NULL = true is (x IS NULL) = true.
    #expect(try expression("x = y IS NULL") == Expression(.isNull(binary("=", column("x"), column("y")), negated: false)))
    #expect(try expression("x IS NULL = true") == binary("=", Expression(.isNull(column("x"), negated: false)),
                                                         Expression(.literal(.boolean(true)))))
    #expect(try expression("1 IS NULL IS NULL") == Expression(.isNull(Expression(.isNull(integer(1), negated: false)),
                                                                        negated: false)))
}

@Test func likeBindsTighterThanComparison() throws {
    let like = Expression(.patternMatch(PatternMatch(kind: .like, value: column("b"), pattern: column("c"))))
    #expect(try expression("a = b LIKE c") == binary("=", column("a"), like))
}

@Test func betweenTakesARestrictedLowerBoundAndStopsAtAnd() throws {
    let between = Expression(.between(Between(value: column("a"), low: integer(1), high: integer(2))))
    #expect(try expression("a BETWEEN 1 AND 2 AND b") == Expression(.and(between, column("b"))))
    let shifted = Expression(.between(Between(value: column("a"), low: integer(1), high: binary("+", integer(2), integer(3)))))
    #expect(try expression("a BETWEEN 1 AND 2 + 3") == shifted)
}

@Test func nonAssociativeOperatorsAreRejectedLikePostgreSQL() {
    expectError("SELECT 1 = 1 = 1", "42601", "syntax error at or near \"=\"", position: 14)
    expectError("SELECT 1 < 2 < 3", "42601", "syntax error at or near \"<\"", position: 14)
    expectError("SELECT a LIKE b LIKE c", "42601", "syntax error at or near \"LIKE\"", position: 17)
    expectError("SELECT 1 IS DISTINCT FROM 2 IS NULL", "42601", "syntax error at or near \"IS\"", position: 29)
    expectError("SELECT a BETWEEN 1 AND 2 BETWEEN 3 AND 4", "42601", "syntax error at or near \"BETWEEN\"", position: 26)
    expectError("SELECT a LIKE b IN (1)", "42601", "syntax error at or near \"IN\"", position: 17)
}

@Test func closedFormsMayBeFollowedByTheirOwnLevel() throws {
    _ = try expression("1 IN (1) IN (true)")
    _ = try expression("a = ANY (b) = true")
    _ = try expression("a ISNULL IS NULL")
}

@Test func notAppliesToAWholeComparison() throws {
    #expect(try expression("NOT a = b") == Expression(.not(binary("=", column("a"), column("b")))))
    #expect(try expression("a = NOT b") == binary("=", column("a"), Expression(.not(column("b")))))
}

@Test func prefixUserOperatorsTakeTheirOperandAtOperatorLevel() throws {
    // PostgreSQL: ~ 1 + 2 is ~(1 + 2).
    #expect(try expression("~ 1 + 2") == Expression(.prefixOperator(OperatorName("~"), binary("+", integer(1), integer(2)))))
    #expect(try expression("a OPERATOR(pg_catalog.+) b") == Expression(.binaryOperator(OperatorName("+", schema: "pg_catalog"),
                                                                                         column("a"), column("b"))))
}

@Test func atTimeZoneAndCollateBindTighterThanArithmetic() throws {
    guard case .binaryOperator(_, let left, _) = try expression("t AT TIME ZONE 'UTC' + i").kind,
          case .functionCall(let call) = left.kind else {
        Issue.record("AT TIME ZONE should bind tighter than +")
        return
    }
    #expect(call.syntax == .atTimeZone)
    #expect(call.name.parts == ["pg_catalog", "timezone"])
    #expect(call.argumentValues == [Expression(.literal(.string("UTC"))), column("t")])
    #expect(try expression("a COLLATE \"C\" < b") == binary("<", Expression(.collate(column("a"), QualifiedName("C"))), column("b")))
}

@Test func unaryMinusFoldsIntoNumericLiterals() throws {
    #expect(try expression("-5") == integer(-5))
    #expect(try expression("-(5)") == integer(-5))
    #expect(try expression("- - 5") == integer(5))
    #expect(try expression("-1.5") == Expression(.literal(.numeric("-1.5"))))
    #expect(try expression("-9223372036854775808") == Expression(.literal(.numeric("-9223372036854775808"))))
    #expect(try expression("+5") == Expression(.prefixOperator(OperatorName("+"), integer(5))))
}

@Test func subscriptsApplyOnlyWherePostgreSQLAllowsThem() throws {
    _ = try expression("a[1]")
    _ = try expression("(f(1))[1]")
    expectError("SELECT f(1)[1]", "42601", "syntax error at or near \"[\"", position: 12)
    expectError("SELECT ARRAY[1][1]", "42601", "syntax error at or near \"[\"", position: 16)
}

@Test func keywordOperatorsAtTheEndAreLabels() throws {
    // PostgreSQL reads SELECT a IS as a AS "is".
    let clause = try selectClause("SELECT a IS")
    #expect(clause.targets == [SelectTarget(column("a"), alias: "is")])
}
