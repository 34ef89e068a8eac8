// Numeric comparison and hashing with PostgreSQL's total order: finite values by value (1.0 equals
// 1.00), -Infinity below everything, +Infinity above every finite value, and NaN equal to itself
// and above everything else, so NaNs sort last and group together.

extension Numeric: Comparable, Hashable {
    /// Compares magnitudes of two finite values (PostgreSQL's cmp_abs).
    static func compareMagnitudes(_ left: Numeric, _ right: Numeric) -> Int {
        if left.digits.isEmpty { return right.digits.isEmpty ? 0 : -1 }
        if right.digits.isEmpty { return 1 }
        if left.weight != right.weight { return left.weight < right.weight ? -1 : 1 }
        let count = min(left.digits.count, right.digits.count)
        for index in 0..<count where left.digits[index] != right.digits[index] {
            return left.digits[index] < right.digits[index] ? -1 : 1
        }
        if left.digits.count != right.digits.count { return left.digits.count < right.digits.count ? -1 : 1 }
        return 0
    }

    /// The rank of a value's form in the total order: -Inf < finite < +Inf < NaN.
    private var formRank: Int {
        switch form {
        case .negativeInfinity: 0
        case .finite: 1
        case .positiveInfinity: 2
        case .nan: 3
        }
    }

    /// -1, 0 or 1 as PostgreSQL's cmp_numerics orders the two values.
    public static func compare(_ left: Numeric, _ right: Numeric) -> Int {
        if left.form != .finite || right.form != .finite {
            let (a, b) = (left.formRank, right.formRank)
            return a == b ? 0 : (a < b ? -1 : 1)
        }
        let leftSign = left.signum, rightSign = right.signum
        if leftSign != rightSign { return leftSign < rightSign ? -1 : 1 }
        let magnitude = compareMagnitudes(left, right)
        return leftSign < 0 ? -magnitude : magnitude
    }

    public static func == (left: Numeric, right: Numeric) -> Bool { compare(left, right) == 0 }
    public static func < (left: Numeric, right: Numeric) -> Bool { compare(left, right) < 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(form)
        guard form == .finite else { return }
        hasher.combine(isNegative)
        hasher.combine(weight)
        hasher.combine(digits)
    }
}
