// record_out: a row value as "(1,abc,,"a b")": fields in order, NULL as nothing, and a field
// quoted when it is empty or holds a quote, backslash, parenthesis, comma or white space, with
// quotes and backslashes doubled inside, as PostgreSQL's rowtypes.c writes it.

enum RecordText {
    static func format(_ fields: [SQLValue], type: SQLType?, settings: SessionSettings) -> String {
        let declared = type.flatMap(RecordType.fields(of:))
        var text = "("
        for (index, field) in fields.enumerated() {
            if index > 0 { text += "," }
            if field.isNull { continue }
            let fieldType = declared.flatMap { index < $0.count ? $0[index].type : nil }
            let value = TextFormat.format(field, as: fieldType, settings: settings)
            let needsQuotes = value.isEmpty || value.unicodeScalars.contains { scalar in
                "\"\\(),".unicodeScalars.contains(scalar) || scalar.properties.isWhitespace
            }
            guard needsQuotes else {
                text += value
                continue
            }
            text += "\""
            for character in value {
                if character == "\"" || character == "\\" { text.append(character) }
                text.append(character)
            }
            text += "\""
        }
        return text + ")"
    }
}
