// The settings a session reports with ParameterStatus (PostgreSQL's GUC_REPORT variables), and
// the values PostgreSQL 15 reports at startup, in its order. Clients enforce some of them:
// pgjdbc wants client_encoding UTF8 and DateStyle starting with ISO, psycopg wants IntervalStyle
// postgres, asyncpg parses server_version (which must read 15.x; see CLIENTS.md §0).

/// A setting reported to the client.
public struct ServerParameter: Equatable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// What HeliosDB reports as its version: PostgreSQL 15 compatible.
    public static let serverVersion = "15.0 (HeliosDB 0.1)"

    /// The ParameterStatus list PostgreSQL 15 sends after authentication, in its order, for a
    /// session with default settings. An engine reports its own values where a startup
    /// parameter or `options` changed one (TimeZone, DateStyle, application_name...).
    public static func postgres15Defaults(user: String, applicationName: String = "",
                                          clientEncoding: String = "UTF8", isSuperuser: Bool = true,
                                          timeZone: String = "Etc/UTC") -> [ServerParameter] {
        [
            ServerParameter("application_name", applicationName),
            ServerParameter("client_encoding", clientEncoding),
            ServerParameter("DateStyle", "ISO, MDY"),
            ServerParameter("default_transaction_read_only", "off"),
            ServerParameter("in_hot_standby", "off"),
            ServerParameter("integer_datetimes", "on"),
            ServerParameter("IntervalStyle", "postgres"),
            ServerParameter("is_superuser", isSuperuser ? "on" : "off"),
            ServerParameter("server_encoding", "UTF8"),
            ServerParameter("server_version", serverVersion),
            ServerParameter("session_authorization", user),
            ServerParameter("standard_conforming_strings", "on"),
            ServerParameter("TimeZone", timeZone),
        ]
    }
}
