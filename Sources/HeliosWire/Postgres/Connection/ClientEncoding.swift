// The client_encoding setting. HeliosDB stores and speaks UTF-8 only, so the clients it serves
// are those whose encoding is UTF8 or SQL_ASCII (no conversion: bytes pass as they are, which is
// what PostgreSQL does for SQL_ASCII too). Names are matched as PostgreSQL's
// clean_encoding_name does, ignoring case and anything not a letter or digit, so asyncpg's
// quoted 'utf-8' is UTF8. Other encodings PostgreSQL knows are refused with its words for an
// impossible conversion; unknown names as invalid values (both 22023).

public import HeliosCore

/// Recognition of client encoding names.
public enum ClientEncoding {
    /// The canonical name ("UTF8" or "SQL_ASCII") for `value`, or PostgreSQL's error.
    public static func normalize(_ value: String) throws(DatabaseError) -> String {
        let cleaned = String(value.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
        switch cleaned {
        case "utf8", "unicode": return "UTF8"
        case "sqlascii": return "SQL_ASCII"
        default:
            if let known = otherEncodings[cleaned] {
                throw DatabaseError(.invalidParameterValue, "invalid value for parameter \"client_encoding\": \"\(value)\"",
                                    detail: "Conversion between \(known) and UTF8 is not supported.")
            }
            throw DatabaseError(.invalidParameterValue, "invalid value for parameter \"client_encoding\": \"\(value)\"")
        }
    }

    /// PostgreSQL's other encodings, by cleaned name.
    static let otherEncodings: [String: String] = {
        var names: [String: String] = [:]
        let canonical = ["BIG5", "EUC_CN", "EUC_JIS_2004", "EUC_JP", "EUC_KR", "EUC_TW", "GB18030", "GBK",
                         "ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8", "JOHAB", "KOI8R", "KOI8U",
                         "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8",
                         "LATIN9", "LATIN10", "MULE_INTERNAL", "SJIS", "SHIFT_JIS_2004", "UHC", "WIN866",
                         "WIN874", "WIN1250", "WIN1251", "WIN1252", "WIN1253", "WIN1254", "WIN1255",
                         "WIN1256", "WIN1257", "WIN1258"]
        for name in canonical {
            names[String(name.lowercased().filter { $0 != "_" })] = name
        }
        let aliases = ["iso88591": "LATIN1", "iso88592": "LATIN2", "iso88593": "LATIN3", "iso88594": "LATIN4",
                       "iso88599": "LATIN5", "iso885910": "LATIN6", "iso885913": "LATIN7", "iso885914": "LATIN8",
                       "iso885915": "LATIN9", "iso885916": "LATIN10", "iso88595": "ISO_8859_5",
                       "iso88596": "ISO_8859_6", "iso88597": "ISO_8859_7", "iso88598": "ISO_8859_8",
                       "shiftjis": "SJIS", "mskanji": "SJIS", "windows1252": "WIN1252", "win": "WIN1251",
                       "alt": "WIN866", "koi8": "KOI8R", "tcvn": "WIN1258", "euccn": "EUC_CN"]
        names.merge(aliases) { current, _ in current }
        return names
    }()
}
