// Event logging: devices report events at a high write rate; alerts are raised on some. Phases:
// triage (a device's timeline, an owner's devices), incident (severe recent events, a device's
// open alerts, acknowledgements) and reporting (event kinds in a time window, errors by region).

extension Scenario {
    public static let events = Scenario(
        name: "events",
        summary: "device event log: triage, then an incident, then reporting",
        tables: [
            TableDefinition(
                name: "devices",
                createStatement: """
                    CREATE TABLE devices (device_id integer PRIMARY KEY, owner text NOT NULL, model text NOT NULL, \
                    region text NOT NULL, installed_on date NOT NULL)
                    """,
                columns: ["device_id", "owner", "model", "region", "installed_on"],
                baseRowCount: 2_000
            ) { number, random, _ in
                [String(number), EventValues.owner(random.int(in: 1...EventValues.ownerCount)),
                 "model-\(random.int(in: 1...40))", random.element(of: EventValues.regions),
                 SQLText.date(daysSinceEpoch: SQLText.dataEpoch / 86_400 - random.int(in: 0...900))]
            },
            TableDefinition(
                name: "events",
                createStatement: """
                    CREATE TABLE events (event_id bigint PRIMARY KEY, device_id integer NOT NULL, kind text NOT NULL, \
                    severity integer NOT NULL, occurred_at timestamp NOT NULL, payload text NOT NULL)
                    """,
                columns: ["event_id", "device_id", "kind", "severity", "occurred_at", "payload"],
                baseRowCount: 60_000
            ) { number, random, counts in
                // Events arrive in time order, as a log does: event n happens after event n - 1.
                let spacing = Double(EventValues.historySeconds) / Double(counts["events"] ?? 1)
                return EventValues.event(id: number, device: random.skewed(upTo: counts["devices"] ?? 1, skew: 1.5),
                                         at: SQLText.dataEpoch + Int(Double(number) * spacing), random: &random)
            },
            TableDefinition(
                name: "alerts",
                createStatement: """
                    CREATE TABLE alerts (alert_id integer PRIMARY KEY, event_id bigint NOT NULL, \
                    device_id integer NOT NULL, acknowledged boolean NOT NULL, raised_at timestamp NOT NULL)
                    """,
                columns: ["alert_id", "event_id", "device_id", "acknowledged", "raised_at"],
                baseRowCount: 3_000
            ) { number, random, counts in
                let eventCount = counts["events"] ?? 1
                let event = random.int(in: 1...eventCount)
                let spacing = Double(EventValues.historySeconds) / Double(eventCount)
                return [String(number), String(event), String(random.skewed(upTo: counts["devices"] ?? 1, skew: 1.5)),
                        random.chance(0.7) ? "true" : "false",
                        SQLText.timestamp(SQLText.dataEpoch + Int(Double(event) * spacing))]
            },
        ],
        templates: [
            QueryTemplate("ingest_event", .write, """
                INSERT INTO events (event_id, device_id, kind, severity, occurred_at, payload) \
                VALUES ($1, $2, $3, $4, $5, $6)
                """) { context in
                let id = context.newKey("events")
                let device = context.random.skewed(upTo: context.rowCount("devices"), skew: 1.5)
                return EventValues.event(id: id, device: device,
                                         at: EventValues.historyEnd + Int(context.elapsedSeconds), random: &context.random)
            },
            QueryTemplate("device_timeline", .read, """
                SELECT event_id, kind, severity, occurred_at FROM events WHERE device_id = $1 \
                ORDER BY occurred_at DESC, event_id DESC LIMIT 20
                """) { context in
                [String(context.random.skewed(upTo: context.rowCount("devices"), skew: 1.5))]
            },
            QueryTemplate("devices_of_owner", .read,
                          "SELECT device_id, model, region FROM devices WHERE owner = $1 ORDER BY device_id") { context in
                [EventValues.owner(context.random.int(in: 1...EventValues.ownerCount))]
            },
            QueryTemplate("severe_recent", .read, """
                SELECT event_id, device_id, kind FROM events WHERE severity >= $1 AND occurred_at >= $2 \
                ORDER BY occurred_at DESC, event_id DESC LIMIT 50
                """) { context in
                [String(context.random.int(in: 4...5)),
                 SQLText.timestamp(EventValues.historyEnd - context.random.int(in: 1...24) * 3600)]
            },
            QueryTemplate("open_alerts_of_device", .read, """
                SELECT a.alert_id, e.kind, a.raised_at FROM alerts a JOIN events e ON e.event_id = a.event_id \
                WHERE a.device_id = $1 AND a.acknowledged = false ORDER BY a.raised_at DESC, a.alert_id
                """) { context in
                [String(context.random.skewed(upTo: context.rowCount("devices"), skew: 1.5))]
            },
            QueryTemplate("acknowledge_alert", .write,
                          "UPDATE alerts SET acknowledged = true WHERE alert_id = $1") { context in
                [String(context.anyKey("alerts"))]
            },
            QueryTemplate("kinds_in_window", .read, """
                SELECT kind, count(*), max(severity) FROM events WHERE occurred_at >= $1 AND occurred_at < $2 \
                GROUP BY kind ORDER BY kind
                """) { context in
                let start = SQLText.dataEpoch + context.random.int(in: 0...(EventValues.historySeconds - 7200))
                return [SQLText.timestamp(start), SQLText.timestamp(start + 3600)]
            },
            QueryTemplate("region_errors", .read, """
                SELECT d.region, count(*) FROM events e JOIN devices d ON d.device_id = e.device_id \
                WHERE e.kind = $1 AND e.occurred_at >= $2 GROUP BY d.region ORDER BY d.region
                """) { context in
                [context.random.element(of: ["error", "reboot"]),
                 SQLText.timestamp(EventValues.historyEnd - context.random.int(in: 1...12) * 3600)]
            },
            QueryTemplate("event_by_id", .read, "SELECT * FROM events WHERE event_id = $1") { context in
                [String(context.anyKey("events"))]
            },
            QueryTemplate("purge_event", .write, "DELETE FROM events WHERE event_id = $1") { context in
                // The oldest events go first, as a retention job would remove them.
                [String(context.random.int(in: 1...max(1, context.rowCount("events") / 10)))]
            },
        ],
        phases: [
            WorkloadPhase("triage", "a device's timeline, an owner's devices", [
                "ingest_event": 35, "device_timeline": 30, "devices_of_owner": 20, "event_by_id": 10, "purge_event": 5,
            ]),
            WorkloadPhase("incident", "severe recent events, a device's open alerts", [
                "ingest_event": 35, "severe_recent": 25, "open_alerts_of_device": 20, "acknowledge_alert": 15,
                "event_by_id": 5,
            ]),
            WorkloadPhase("reporting", "event kinds in a time window, errors by region", [
                "ingest_event": 35, "kinds_in_window": 30, "region_errors": 20, "event_by_id": 10, "purge_event": 5,
            ]),
        ],
        candidateIndexes: [
            CandidateIndex("events", ["device_id"]), CandidateIndex("events", ["device_id", "occurred_at"]),
            CandidateIndex("events", ["occurred_at"]), CandidateIndex("events", ["severity"]),
            CandidateIndex("events", ["severity", "occurred_at"]), CandidateIndex("events", ["kind"]),
            CandidateIndex("events", ["kind", "occurred_at"]), CandidateIndex("devices", ["owner"]),
            CandidateIndex("devices", ["region"]), CandidateIndex("alerts", ["device_id"]),
            CandidateIndex("alerts", ["event_id"]), CandidateIndex("alerts", ["acknowledged"]),
        ])
}

/// The event log's vocabularies and its row shape, shared by seeding and ingestion.
enum EventValues {
    static let regions = ["us-east", "us-west", "eu-central", "eu-west", "ap-south", "ap-east"]
    static let kinds = ["heartbeat", "heartbeat", "heartbeat", "login", "config_change", "warning", "error", "reboot"]
    static let ownerCount = 500
    /// The seeded log covers 30 days; live events follow it.
    static let historySeconds = 30 * 86_400
    static let historyEnd = SQLText.dataEpoch + historySeconds

    static func owner(_ number: Int) -> String { "owner\(number)" }

    static func event(id: Int, device: Int, at time: Int, random: inout WorkloadRandom) -> [String?] {
        let kind = random.element(of: kinds)
        let severity = switch kind {
        case "error": random.int(in: 3...5)
        case "warning", "reboot": random.int(in: 2...4)
        default: random.int(in: 0...1)
        }
        return [String(id), String(device), kind, String(severity), SQLText.timestamp(time),
                "{\"firmware\":\"\(random.int(in: 1...9)).\(random.int(in: 0...20))\",\"seq\":\(id)}"]
    }
}
