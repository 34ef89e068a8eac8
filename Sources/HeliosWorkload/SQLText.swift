// Values as SQL text parameters: timestamps, dates and money-like numbers formatted by hand
// (Foundation's formatters are slow and locale-dependent; these must be byte-identical on every
// machine so a seed replays the same statements).

/// Formatting of generated values.
public enum SQLText {
    /// Seconds since 1970-01-01 00:00:00 as a `timestamp` literal, "2025-03-04 05:06:07".
    public static func timestamp(_ secondsSinceEpoch: Int) -> String {
        let days = floorDivide(secondsSinceEpoch, 86_400)
        let secondOfDay = secondsSinceEpoch - days * 86_400
        return date(daysSinceEpoch: days) + " " + twoDigits(secondOfDay / 3600) + ":"
            + twoDigits(secondOfDay / 60 % 60) + ":" + twoDigits(secondOfDay % 60)
    }

    /// Days since 1970-01-01 as a `date` literal (Howard Hinnant's civil-from-days).
    public static func date(daysSinceEpoch: Int) -> String {
        let z = daysSinceEpoch + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(year) + "-" + twoDigits(month) + "-" + twoDigits(day)
    }

    /// Hundredths as a two-decimal number: 12345 → "123.45".
    public static func cents(_ hundredths: Int) -> String {
        String(hundredths / 100) + "." + twoDigits(hundredths % 100)
    }

    /// 2025-01-01 00:00:00 UTC, the start of every scenario's data.
    public static let dataEpoch = 1_735_689_600

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}
