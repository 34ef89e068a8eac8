// A lexer for the SQL expressions the oracle tests record (literals, operators, identifiers),
// following PostgreSQL's rules where they matter: '' inside strings, E'' escapes, operator
// characters joined into one token unless a multi-character operator would end in + or -.

enum ExpressionToken: Equatable {
    case number(String)
    case string(String)
    case identifier(String)        // lower-cased unless quoted
    case quotedIdentifier(String)
    case symbol(String)            // operators and punctuation
    case end
}

struct ExpressionLexer {
    static let operatorCharacters = Set("+-*/<>=~!@#%^&|`?")

    static func tokens(_ text: String) -> [ExpressionToken] {
        let characters = Array(text)
        var result: [ExpressionToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            if character == "'" || ((character == "E" || character == "e") && index + 1 < characters.count && characters[index + 1] == "'") {
                let escapes = character != "'"
                index += escapes ? 2 : 1
                var value = ""
                while index < characters.count {
                    let current = characters[index]
                    if current == "'" {
                        if index + 1 < characters.count && characters[index + 1] == "'" {
                            value.append("'")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if escapes && current == "\\" && index + 1 < characters.count {
                        let next = characters[index + 1]
                        switch next {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        case "b": value.append("\u{8}")
                        case "f": value.append("\u{c}")
                        default: value.append(next)
                        }
                        index += 2
                        continue
                    }
                    value.append(current)
                    index += 1
                }
                result.append(.string(value))
                continue
            }
            if character == "\"" {
                index += 1
                var value = ""
                while index < characters.count && characters[index] != "\"" {
                    value.append(characters[index])
                    index += 1
                }
                index += 1
                result.append(.quotedIdentifier(value))
                continue
            }
            if character.isNumber || (character == "." && index + 1 < characters.count && characters[index + 1].isNumber) {
                var value = ""
                while index < characters.count && (characters[index].isNumber || characters[index] == ".") {
                    value.append(characters[index])
                    index += 1
                }
                if index < characters.count && (characters[index] == "e" || characters[index] == "E") {
                    var lookahead = index + 1
                    if lookahead < characters.count && (characters[lookahead] == "+" || characters[lookahead] == "-") { lookahead += 1 }
                    if lookahead < characters.count && characters[lookahead].isNumber {
                        value += String(characters[index..<lookahead])
                        index = lookahead
                        while index < characters.count && characters[index].isNumber {
                            value.append(characters[index])
                            index += 1
                        }
                    }
                }
                result.append(.number(value))
                continue
            }
            if character.isLetter || character == "_" {
                var value = ""
                while index < characters.count && (characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
                                                   || characters[index] == "$") {
                    value.append(characters[index])
                    index += 1
                }
                result.append(.identifier(value.lowercased()))
                continue
            }
            if character == ":" && index + 1 < characters.count && characters[index + 1] == ":" {
                result.append(.symbol("::"))
                index += 2
                continue
            }
            if operatorCharacters.contains(character) {
                var end = index
                while end < characters.count && operatorCharacters.contains(characters[end]) { end += 1 }
                var length = end - index
                // A multi-character operator may not end in + or - unless it has one of ~!@#%^&|`?.
                while length > 1 {
                    let candidate = characters[index..<(index + length)]
                    if let last = candidate.last, last == "+" || last == "-",
                       !candidate.contains(where: { "~!@#%^&|`?".contains($0) }) {
                        length -= 1
                    } else {
                        break
                    }
                }
                result.append(.symbol(String(characters[index..<(index + length)])))
                index += length
                continue
            }
            result.append(.symbol(String(character)))
            index += 1
        }
        result.append(.end)
        return result
    }
}
