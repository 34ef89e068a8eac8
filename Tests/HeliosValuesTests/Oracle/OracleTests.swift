// Expressions evaluated by HeliosValues, through a miniature binder, against the answers
// PostgreSQL 15 gave for them: values, result types, SQLSTATEs, messages, details and hints.

import HeliosValues
import Testing

@Suite struct OracleTests {
    @Test func integersMatchPostgreSQL() { OracleComparison.expectMatch(IntegerOracleCases.cases) }
    @Test func floatsMatchPostgreSQL() { OracleComparison.expectMatch(FloatOracleCases.cases) }
    @Test func numericsMatchPostgreSQL() { OracleComparison.expectMatch(NumericExpressionOracleCases.cases) }
    @Test func textMatchesPostgreSQL() { OracleComparison.expectMatch(TextOracleCases.cases) }
    @Test func resolutionMatchesPostgreSQL() { OracleComparison.expectMatch(ResolutionOracleCases.cases) }
    @Test func castsMatchPostgreSQL() { OracleComparison.expectMatch(CastOracleCases.cases) }
    @Test func dateTimeMatchesPostgreSQL() { OracleComparison.expectMatch(DateTimeOracleCases.cases) }
    @Test func compositeTypesMatchPostgreSQL() { OracleComparison.expectMatch(CompositeOracleCases.cases) }
    @Test func formattingMatchesPostgreSQL() { OracleComparison.expectMatch(FormattingOracleCases.cases) }
    @Test func inputFormatsMatchPostgreSQL() { OracleComparison.expectMatch(InputOracleCases.cases) }
    @Test func functionsMatchPostgreSQL() { OracleComparison.expectMatch(FunctionOracleCases.cases) }
    @Test func timeZonesMatchPostgreSQL() { OracleComparison.expectMatch(TimeZoneOracleCases.cases) }
}

@Suite struct RandomOracleTests {
    @Test func randomFloatsMatchPostgreSQL() { OracleComparison.expectMatch(RandomFloatOracleCases.cases) }
    @Test func randomDateTimesMatchPostgreSQL() { OracleComparison.expectMatch(RandomDateTimeOracleCases.cases) }
    @Test func randomNumericsMatchPostgreSQL() { OracleComparison.expectMatch(RandomNumericOracleCases.cases) }
}

@Suite struct SessionSettingsOracleTests {
    static func zone(_ name: String) -> TimeZoneRules {
        (try? TimeZoneDatabase.sessionTimeZone(name)) ?? .utc
    }

    @Test func newYorkTimeZoneMatchesPostgreSQL() {
        OracleComparison.expectMatch(NewYorkOracleCases.cases, settings: SessionSettings(timeZone: Self.zone("America/New_York")))
    }

    @Test func sydneyTimeZoneMatchesPostgreSQL() {
        OracleComparison.expectMatch(SydneyOracleCases.cases, settings: SessionSettings(timeZone: Self.zone("Australia/Sydney")))
    }

    @Test func posixTimeZoneMatchesPostgreSQL() {
        OracleComparison.expectMatch(PosixZoneOracleCases.cases, settings: SessionSettings(timeZone: Self.zone("+02:00")))
    }

    @Test func sqlDateStyleMatchesPostgreSQL() {
        let settings = SessionSettings(timeZone: Self.zone("Europe/Berlin"), dateStyle: .sql, dateOrder: .dayMonthYear,
                                       intervalStyle: .sqlStandard, extraFloatDigits: 0)
        OracleComparison.expectMatch(SQLStyleOracleCases.cases, settings: settings)
    }

    @Test func postgresDateStyleMatchesPostgreSQL() {
        let settings = SessionSettings(timeZone: Self.zone("America/New_York"), dateStyle: .postgres, dateOrder: .monthDayYear,
                                       intervalStyle: .postgresVerbose, extraFloatDigits: -2)
        OracleComparison.expectMatch(PostgresStyleOracleCases.cases, settings: settings)
    }

    @Test func germanDateStyleMatchesPostgreSQL() {
        let settings = SessionSettings(dateStyle: .german, dateOrder: .yearMonthDay, intervalStyle: .iso8601, extraFloatDigits: 3)
        OracleComparison.expectMatch(GermanStyleOracleCases.cases, settings: settings)
    }
}

@Suite struct BinaryFormatOracleTests {
    @Test func sendFormatsMatchPostgreSQL() { OracleComparison.expectMatch(BinaryFormatOracleCases.cases) }
}
