// Integer parameters measured in milliseconds (log_min_duration_statement), read and shown as
// PostgreSQL's guc.c does: a number, fractions rounded to even, with an optional unit (us, ms,
// s, min, h, d; case matters) converted to milliseconds; shown in the largest unit that divides
// the value exactly ("200ms", "1s", "1min"), bare when zero or negative.

import HeliosCore

struct MillisecondsSetting {
    let name: String
    let range: ClosedRange<Int>

    private static let units: [(name: String, milliseconds: Double)] = [
        ("us", 0.001), ("ms", 1), ("s", 1_000), ("min", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// The value of `text` in milliseconds, checked against `range`.
    func parse(_ text: String) throws(DatabaseError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = trimmed.prefix { $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E" }
        guard !number.isEmpty, let value = Double(number) else { throw invalid(text) }
        let unitText = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
        var scale = 1.0
        if !unitText.isEmpty {
            guard let unit = Self.units.first(where: { $0.name == unitText }) else {
                throw DatabaseError(.invalidParameterValue, "invalid value for parameter \"\(name)\": \"\(text)\"",
                                    hint: "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".")
            }
            scale = unit.milliseconds
        }
        let milliseconds = (value * scale).rounded(.toNearestOrEven)
        guard milliseconds.isFinite, milliseconds >= Double(Int32.min), milliseconds <= Double(Int32.max) else {
            throw DatabaseError(.invalidParameterValue, "invalid value for parameter \"\(name)\": \"\(text)\"",
                                hint: "Value exceeds integer range.")
        }
        let result = Int(milliseconds)
        guard range.contains(result) else {
            throw DatabaseError(.invalidParameterValue,
                                "\(result) ms is outside the valid range for parameter \"\(name)\" (\(range.lowerBound) .. \(range.upperBound))")
        }
        return result
    }

    /// How SHOW prints `milliseconds`.
    static func display(_ milliseconds: Int) -> String {
        guard milliseconds > 0 else { return String(milliseconds) }
        for unit in units.reversed() where unit.milliseconds >= 1 {
            let size = Int(unit.milliseconds)
            if milliseconds % size == 0 { return "\(milliseconds / size)\(unit.name)" }
        }
        return "\(milliseconds)ms"
    }

    private func invalid(_ text: String) -> DatabaseError {
        DatabaseError(.invalidParameterValue, "invalid value for parameter \"\(name)\": \"\(text)\"")
    }
}
