// The four configurations the proof compares: HeliosDB with the autopilot off (primary keys
// only), with it on `auto`, HeliosDB with every candidate index built up front (autopilot off),
// and PostgreSQL 15 with primary keys only.

/// One configuration of the comparison.
public enum CompareSubject: String, CaseIterable, Sendable {
    case heliosOff = "helios off"
    case heliosAuto = "helios auto"
    case heliosEveryCandidate = "helios every-candidate"
    case postgres = "postgres15 pk-only"

    /// The `helios.autopilot` mode to set, for HeliosDB subjects.
    var autopilotMode: String? {
        switch self {
        case .heliosOff, .heliosEveryCandidate: "off"
        case .heliosAuto: "auto"
        case .postgres: nil
        }
    }

    var buildsEveryCandidate: Bool { self == .heliosEveryCandidate }
}

/// What became of one subject.
public enum SubjectResult: Sendable {
    case ran(RunOutcome, notes: [String])
    case unavailable(String)
}
