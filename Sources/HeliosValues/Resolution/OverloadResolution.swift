// PostgreSQL's overload resolution for operators and functions (manual sections 10.2 and 10.3;
// func_match_argtypes and func_select_candidate in parse_func.c):
//   1. keep the candidates whose parameters every argument can reach by implicit coercion;
//   2. prefer the candidates with the most exact type matches;
//   3. then the most exact-or-preferred-type matches (preferred within the argument's category);
//   4. for unknown-typed arguments, settle on a category (string if any candidate takes one,
//      else the one all candidates agree on) and prefer candidates taking a preferred type there;
//   5. finally, if all known arguments have one type, try that type for the unknowns.
// Exactly one survivor wins; none is "does not exist"; several is "is not unique".

/// The outcome of choosing among overloads.
enum CandidateSelection: Equatable {
    case chosen(Int)
    case none
    case ambiguous
}

/// The resolution algorithm, over candidate parameter lists.
enum OverloadResolution {
    /// Chooses among `candidates` (parameter type lists of the same length as `inputs`).
    static func select(inputs: [SQLType], candidates: [[SQLType]]) -> CandidateSelection {
        let inputs = inputs.map(\.withoutModifier)
        var viable = candidates.indices.filter { TypeCoercion.canCoerce(inputs, to: candidates[$0]) }
        if viable.isEmpty { return .none }
        if viable.count == 1 { return .chosen(viable[0]) }
        let isUnknown = inputs.map { $0.kind == .unknown && !$0.isArray }
        let unknownCount = isUnknown.filter { $0 }.count

        // Most exact matches.
        viable = keepBest(viable) { index in
            zip(inputs, candidates[index]).enumerated().filter { position, pair in
                !isUnknown[position] && pair.1.withoutModifier == pair.0
            }.count
        }
        if viable.count == 1 { return .chosen(viable[0]) }

        // Most exact-or-preferred matches, preference within the input's category.
        viable = keepBest(viable) { index in
            zip(inputs, candidates[index]).enumerated().filter { position, pair in
                guard !isUnknown[position] else { return false }
                let (input, parameter) = pair
                return parameter.withoutModifier == input || (parameter.category == input.category && parameter.isPreferred)
            }.count
        }
        if viable.count == 1 { return .chosen(viable[0]) }
        if unknownCount == 0 { return .ambiguous }

        // Resolve the unknown positions by category.
        var resolvedCategories = true
        var slotCategory: [TypeCategory?] = Array(repeating: nil, count: inputs.count)
        var slotPreferred = Array(repeating: false, count: inputs.count)
        for position in inputs.indices where isUnknown[position] {
            var category: TypeCategory?
            var preferred = false
            var conflict = false
            for index in viable {
                let parameter = candidates[index][position]
                if category == nil {
                    category = parameter.category
                    preferred = parameter.isPreferred
                } else if parameter.category == category {
                    preferred = preferred || parameter.isPreferred
                } else if parameter.category == .string {
                    category = .string
                    preferred = parameter.isPreferred
                } else {
                    conflict = true
                }
            }
            if conflict && category != .string {
                resolvedCategories = false
                break
            }
            slotCategory[position] = category
            slotPreferred[position] = preferred
        }
        if resolvedCategories {
            let kept = viable.filter { index in
                inputs.indices.allSatisfy { position in
                    guard isUnknown[position] else { return true }
                    let parameter = candidates[index][position]
                    if parameter.category != slotCategory[position] { return false }
                    if slotPreferred[position] && !parameter.isPreferred { return false }
                    return true
                }
            }
            if !kept.isEmpty { viable = kept }
            if viable.count == 1 { return .chosen(viable[0]) }
        }

        // Last gasp: assume the unknowns have the one known type.
        if unknownCount < inputs.count {
            let known = inputs.enumerated().filter { !isUnknown[$0.offset] }.map(\.element)
            if let first = known.first, known.allSatisfy({ $0 == first }) {
                let assumed = inputs.map { _ in first }
                let matching = viable.filter { TypeCoercion.canCoerce(assumed, to: candidates[$0]) }
                if matching.count == 1 { return .chosen(matching[0]) }
            }
        }
        return .ambiguous
    }

    private static func keepBest(_ indices: [Int], score: (Int) -> Int) -> [Int] {
        var best = -1
        var kept: [Int] = []
        for index in indices {
            let value = score(index)
            if value > best {
                best = value
                kept = [index]
            } else if value == best {
                kept.append(index)
            }
        }
        return kept
    }
}
