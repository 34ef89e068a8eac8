// The storage options that shape a tree's pages, as WITH (...) and ALTER ... SET (...) give
// them: `fillfactor` (10–100, how full sequential splits and bulk loads leave a page; as
// PostgreSQL, a table's heap and an index each have their own) and HeliosDB's `split_policy`
// (automatic, append, balanced; see HeliosStorage's TreeOptions). Other options are kept in the
// catalog and change nothing, as before.

import HeliosCore
import HeliosStorage

extension TreeOptions {
    static let fillFactorOption = "fillfactor"
    static let splitPolicyOption = "split_policy"

    /// The layout `options` ask for; the defaults for what they leave out.
    init(layoutOptions options: [String: String]) throws(DatabaseError) {
        self.init()
        if let text = options[Self.fillFactorOption] {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), (10...100).contains(value) else {
                throw DatabaseError(.invalidParameterValue, "value \(text) out of bounds for option \"fillfactor\"",
                                    detail: "Valid values are between \"10\" and \"100\".")
            }
            fillFactor = value
        }
        if let text = options[Self.splitPolicyOption] {
            guard let policy = SplitPolicy.named(text.lowercased()) else {
                throw DatabaseError(.invalidParameterValue, "invalid value for enum option \"split_policy\": \(text)",
                                    detail: "Valid values are \"automatic\", \"append\", and \"balanced\".")
            }
            splitPolicy = policy
        }
    }
}

extension SplitPolicy {
    static func named(_ name: String) -> SplitPolicy? {
        switch name {
        case "automatic": .automatic
        case "append": .append
        case "balanced": .balanced
        default: nil
        }
    }

    var name: String {
        switch self {
        case .automatic: "automatic"
        case .append: "append"
        case .balanced: "balanced"
        }
    }
}
