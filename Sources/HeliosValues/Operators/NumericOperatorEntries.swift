// The arithmetic and comparison operators of smallint, integer, bigint, real, double precision,
// numeric, boolean and oid, as pg_operator lists them: every pairing of the integer types for
// + - * / and comparisons (the result is the wider type), % and bitwise operators within one
// integer type, real/double pairings computed in double, numeric with itself, and the prefix
// operators + - @ (absolute value) ~ (bitwise not) |/ (square root) ||/ (cube root).

import HeliosCore

/// Numeric-type operators.
enum NumericOperatorEntries {
    private static let integerKinds: [SQLType.Kind] = [.smallint, .integer, .bigint]

    static func wider(_ left: SQLType.Kind, _ right: SQLType.Kind) -> SQLType.Kind {
        let order: [SQLType.Kind] = [.smallint, .integer, .bigint]
        return order[max(order.firstIndex(of: left)!, order.firstIndex(of: right)!)]
    }

    static func shortName(_ kind: SQLType.Kind) -> String {
        switch kind {
        case .smallint: "2"
        case .integer: "4"
        case .bigint: "8"
        default: ""
        }
    }

    /// The six comparison operators for one pair of operand types.
    static func comparisons(_ left: SQLType, _ right: SQLType, prefix: String,
                            compare: @escaping @Sendable (SQLValue, SQLValue, EvaluationContext) throws(DatabaseError) -> Int)
        -> [OperatorEntry]
    {
        let tests: [(String, String, @Sendable (Int) -> Bool)] = [
            ("=", "eq", { $0 == 0 }), ("<>", "ne", { $0 != 0 }), ("<", "lt", { $0 < 0 }),
            (">", "gt", { $0 > 0 }), ("<=", "le", { $0 <= 0 }), (">=", "ge", { $0 >= 0 }),
        ]
        return tests.map { name, suffix, test in
            OperatorEntry(name, left, right, .boolean, prefix + suffix, binary: { a, b, context throws(DatabaseError) in
                .bool(test(try compare(a, b, context)))
            })
        }
    }

    /// Comparison by SQLValue's total order (right for same-kind values and for mixed integers).
    static let valueOrder: @Sendable (SQLValue, SQLValue, EvaluationContext) throws(DatabaseError) -> Int = { a, b, _ in
        SQLValue.compare(a, b)
    }

    static let entries: [OperatorEntry] = {
        var list: [OperatorEntry] = []
        // Integer arithmetic and comparison, all pairings.
        for left in integerKinds {
            for right in integerKinds {
                let result = wider(left, right)
                let code = "int" + shortName(left) + (left == right ? "" : shortName(right))
                let (l, r, out) = (SQLType(left), SQLType(right), SQLType(result))
                list.append(OperatorEntry("+", l, r, out, code + "pl", binary: IntegerOperators.add(result)))
                list.append(OperatorEntry("-", l, r, out, code + "mi", binary: IntegerOperators.subtract(result)))
                list.append(OperatorEntry("*", l, r, out, code + "mul", binary: IntegerOperators.multiply(result)))
                list.append(OperatorEntry("/", l, r, out, code + "div", binary: IntegerOperators.divide(result)))
                list += comparisons(l, r, prefix: code, compare: valueOrder)
            }
        }
        for kind in integerKinds {
            let type = SQLType(kind), code = "int" + shortName(kind)
            list.append(OperatorEntry("%", type, type, type, code + "mod", binary: IntegerOperators.remainder(kind)))
            list.append(OperatorEntry("&", type, type, type, code + "and", binary: IntegerOperators.bitwise(kind) { $0 & $1 }))
            list.append(OperatorEntry("|", type, type, type, code + "or", binary: IntegerOperators.bitwise(kind) { $0 | $1 }))
            list.append(OperatorEntry("#", type, type, type, code + "xor", binary: IntegerOperators.bitwise(kind) { $0 ^ $1 }))
            list.append(OperatorEntry("<<", type, .integer, type, code + "shl", binary: IntegerOperators.shift(kind, left: true)))
            list.append(OperatorEntry(">>", type, .integer, type, code + "shr", binary: IntegerOperators.shift(kind, left: false)))
            list.append(OperatorEntry("+", nil, type, type, code + "up", unary: FloatOperators.identity()))
            list.append(OperatorEntry("-", nil, type, type, code + "um", unary: IntegerOperators.negate(kind)))
            list.append(OperatorEntry("@", nil, type, type, code + "abs", unary: IntegerOperators.absolute(kind)))
            list.append(OperatorEntry("~", nil, type, type, code + "not", unary: IntegerOperators.bitwiseNot(kind)))
        }
        // Floating point.
        let floatPairs: [(SQLType, SQLType, String)] = [
            (.real, .real, "float4"), (.doublePrecision, .doublePrecision, "float8"),
            (.real, .doublePrecision, "float48"), (.doublePrecision, .real, "float84"),
        ]
        for (left, right, code) in floatPairs {
            let isReal = left.kind == .real && right.kind == .real
            let out: SQLType = isReal ? .real : .doublePrecision
            list.append(OperatorEntry("+", left, right, out, code + "pl", binary: FloatOperators.add(isReal: isReal)))
            list.append(OperatorEntry("-", left, right, out, code + "mi", binary: FloatOperators.subtract(isReal: isReal)))
            list.append(OperatorEntry("*", left, right, out, code + "mul", binary: FloatOperators.multiply(isReal: isReal)))
            list.append(OperatorEntry("/", left, right, out, code + "div", binary: FloatOperators.divide(isReal: isReal)))
            list += comparisons(left, right, prefix: code, compare: valueOrder)
        }
        for (type, code, isReal) in [(SQLType.real, "float4", true), (SQLType.doublePrecision, "float8", false)] {
            list.append(OperatorEntry("+", nil, type, type, code + "up", unary: FloatOperators.identity()))
            list.append(OperatorEntry("-", nil, type, type, code + "um", unary: FloatOperators.negate(isReal: isReal)))
            list.append(OperatorEntry("@", nil, type, type, code + "abs", unary: FloatOperators.absolute(isReal: isReal)))
        }
        list.append(OperatorEntry("^", .doublePrecision, .doublePrecision, .doublePrecision, "dpow",
                                  binary: FloatOperators.powerOperation()))
        list.append(OperatorEntry("|/", nil, .doublePrecision, .doublePrecision, "dsqrt", unary: { operand, _ throws(DatabaseError) in
            .float64(try FloatOperators.squareRoot(FloatOperators.double(operand)))
        }))
        list.append(OperatorEntry("||/", nil, .doublePrecision, .doublePrecision, "dcbrt", unary: { operand, _ throws(DatabaseError) in
            .float64(FloatOperators.cubeRoot(FloatOperators.double(operand)))
        }))
        // numeric.
        let numeric = SQLType.numeric
        list.append(OperatorEntry("+", numeric, numeric, numeric, "numeric_add", binary: NumericOperators.binary { a, b throws(DatabaseError) in try a.adding(b) }))
        list.append(OperatorEntry("-", numeric, numeric, numeric, "numeric_sub", binary: NumericOperators.binary { a, b throws(DatabaseError) in try a.subtracting(b) }))
        list.append(OperatorEntry("*", numeric, numeric, numeric, "numeric_mul", binary: NumericOperators.binary { a, b throws(DatabaseError) in try a.multiplied(by: b) }))
        list.append(OperatorEntry("/", numeric, numeric, numeric, "numeric_div", binary: NumericOperators.binary { a, b throws(DatabaseError) in try a.divided(by: b) }))
        list.append(OperatorEntry("%", numeric, numeric, numeric, "numeric_mod", binary: NumericOperators.binary { a, b throws(DatabaseError) in try a.remainder(dividingBy: b) }))
        list.append(OperatorEntry("^", numeric, numeric, numeric, "numeric_power", binary: NumericOperators.binary { a, b throws(DatabaseError) in try a.power(b) }))
        list.append(OperatorEntry("+", nil, numeric, numeric, "numeric_uplus", unary: FloatOperators.identity()))
        list.append(OperatorEntry("-", nil, numeric, numeric, "numeric_uminus", unary: NumericOperators.unary { $0.negated() }))
        list.append(OperatorEntry("@", nil, numeric, numeric, "numeric_abs", unary: NumericOperators.unary { $0.magnitude }))
        list += comparisons(numeric, numeric, prefix: "numeric_", compare: valueOrder)
        // boolean, oid, "char".
        list += comparisons(.boolean, .boolean, prefix: "bool", compare: valueOrder)
        list += comparisons(.oid, .oid, prefix: "oid", compare: valueOrder)
        list += comparisons(.singleCharacter, .singleCharacter, prefix: "char", compare: { a, b, _ in
            let x = CharacterText.singleCharacterByte(a.stringValue ?? ""), y = CharacterText.singleCharacterByte(b.stringValue ?? "")
            return x == y ? 0 : (x < y ? -1 : 1)
        })
        return list
    }()
}
