// The `options` startup parameter and client_encoding names, read as PostgreSQL reads them.

import HeliosCore
import HeliosWire
import Testing

@Test func optionsSplitAtSpacesWithBackslashEscapes() {
    #expect(StartupOptions.split("  -c a=b   -c\tc=d ") == ["-c", "a=b", "-c", "c=d"])
    #expect(StartupOptions.split("-c search_path=a\\ b\\\\c") == ["-c", "search_path=a b\\c"])
    #expect(StartupOptions.split("") == [])
}

@Test func optionsSetParametersLikeProcessPostgresSwitches() throws {
    let settings = try StartupOptions.settings(from: "-c geqo=off -cwork_mem=4MB --statement-timeout=5s -c x=")
    #expect(settings == [StartupParameter(name: "geqo", value: "off"), StartupParameter(name: "work_mem", value: "4MB"),
                         StartupParameter(name: "statement_timeout", value: "5s"), StartupParameter(name: "x", value: "")])
    #expect(throws: DatabaseError(.syntaxError, "--geqo requires a value")) { _ = try StartupOptions.settings(from: "--geqo") }
    #expect(throws: DatabaseError.self) { _ = try StartupOptions.settings(from: "-c") }
    #expect(throws: DatabaseError.self) { _ = try StartupOptions.settings(from: "geqo=off") }
}

@Test func clientEncodingNamesAreMatchedLoosely() throws {
    for name in ["UTF8", "utf8", "'utf-8'", "UTF-8", "Unicode", "u t f 8"] {
        #expect(try ClientEncoding.normalize(name) == "UTF8", "\(name)")
    }
    #expect(try ClientEncoding.normalize("sql_ascii") == "SQL_ASCII")
    #expect(throws: DatabaseError(.invalidParameterValue, "invalid value for parameter \"client_encoding\": \"latin1\"",
                                  detail: "Conversion between LATIN1 and UTF8 is not supported.")) {
        _ = try ClientEncoding.normalize("latin1")
    }
    #expect(throws: DatabaseError(.invalidParameterValue, "invalid value for parameter \"client_encoding\": \"klingon\"")) {
        _ = try ClientEncoding.normalize("klingon")
    }
}
