// Labelled values on standard output, aligned in two columns, for `check` and `info`.

/// Prints each row as its label padded to the longest label, then its value.
func printTable(_ rows: [(label: String, value: String)], indent: String = "") {
    let width = rows.map(\.label.count).max() ?? 0
    for row in rows {
        let padding = String(repeating: " ", count: width - row.label.count)
        print("\(indent)\(row.label)\(padding)  \(row.value)")
    }
}

/// A fraction as a percentage with one decimal, without Foundation: 0.8333 -> "83.3%".
func percentage(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "-" }
    let tenths = Int((fraction * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
}
