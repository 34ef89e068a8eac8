// PostgreSQL 15's keywords (src/include/parser/kwlist.h), with the category that decides where a
// keyword may stand for a name, and whether it may be a column label without AS. Generated from
// `SELECT word, catcode, barelabel FROM pg_get_keywords()` on PostgreSQL 15; do not edit by hand.

/// Where a keyword may also serve as a name, as in PostgreSQL's grammar.
public enum KeywordCategory: Sendable, Hashable {
    /// Usable as any name (ColId, type or function name, label).
    case unreserved
    /// Usable as a column or table name, not as a function or type name (ColId).
    case columnName
    /// Usable as a function or type name, not as a column name (type_function_name).
    case typeOrFunctionName
    /// Usable only as a column label after AS (ColLabel).
    case reserved
}

/// A PostgreSQL keyword; the raw value is its lower-case spelling.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    case abort
    case absolute
    case access
    case action
    case add
    case admin
    case after
    case aggregate
    case all
    case also
    case alter
    case always
    case analyse
    case analyze
    case and
    case any
    case array
    case `as`
    case asc
    case asensitive
    case assertion
    case assignment
    case asymmetric
    case at
    case atomic
    case attach
    case attribute
    case authorization
    case backward
    case before
    case begin
    case between
    case bigint
    case binary
    case bit
    case boolean
    case both
    case breadth
    case by
    case cache
    case call
    case called
    case cascade
    case cascaded
    case `case`
    case cast
    case catalog
    case chain
    case char
    case character
    case characteristics
    case check
    case checkpoint
    case `class`
    case close
    case cluster
    case coalesce
    case collate
    case collation
    case column
    case columns
    case comment
    case comments
    case commit
    case committed
    case compression
    case concurrently
    case configuration
    case conflict
    case connection
    case constraint
    case constraints
    case content
    case `continue`
    case conversion
    case copy
    case cost
    case create
    case cross
    case csv
    case cube
    case current
    case current_catalog
    case current_date
    case current_role
    case current_schema
    case current_time
    case current_timestamp
    case current_user
    case cursor
    case cycle
    case data
    case database
    case day
    case deallocate
    case dec
    case decimal
    case declare
    case `default`
    case defaults
    case deferrable
    case deferred
    case definer
    case delete
    case delimiter
    case delimiters
    case depends
    case depth
    case desc
    case detach
    case dictionary
    case disable
    case discard
    case distinct
    case `do`
    case document
    case domain
    case double
    case drop
    case each
    case `else`
    case enable
    case encoding
    case encrypted
    case end
    case `enum`
    case escape
    case event
    case except
    case exclude
    case excluding
    case exclusive
    case execute
    case exists
    case explain
    case expression
    case `extension`
    case external
    case extract
    case `false`
    case family
    case fetch
    case filter
    case finalize
    case first
    case float
    case following
    case `for`
    case force
    case foreign
    case forward
    case freeze
    case from
    case full
    case function
    case functions
    case generated
    case global
    case grant
    case granted
    case greatest
    case group
    case grouping
    case groups
    case handler
    case having
    case header
    case hold
    case hour
    case identity
    case `if`
    case ilike
    case immediate
    case immutable
    case implicit
    case `import`
    case `in`
    case include
    case including
    case increment
    case index
    case indexes
    case inherit
    case inherits
    case initially
    case inline
    case inner
    case `inout`
    case input
    case insensitive
    case insert
    case instead
    case int
    case integer
    case intersect
    case interval
    case into
    case invoker
    case `is`
    case isnull
    case isolation
    case join
    case key
    case label
    case language
    case large
    case last
    case lateral
    case leading
    case leakproof
    case least
    case left
    case level
    case like
    case limit
    case listen
    case load
    case local
    case localtime
    case localtimestamp
    case location
    case lock
    case locked
    case logged
    case mapping
    case match
    case matched
    case materialized
    case maxvalue
    case merge
    case method
    case minute
    case minvalue
    case mode
    case month
    case move
    case name
    case names
    case national
    case natural
    case nchar
    case new
    case next
    case nfc
    case nfd
    case nfkc
    case nfkd
    case no
    case none
    case normalize
    case normalized
    case not
    case nothing
    case notify
    case notnull
    case nowait
    case null
    case nullif
    case nulls
    case numeric
    case object
    case of
    case off
    case offset
    case oids
    case old
    case on
    case only
    case `operator`
    case option
    case options
    case or
    case order
    case ordinality
    case others
    case out
    case outer
    case over
    case overlaps
    case overlay
    case overriding
    case owned
    case owner
    case parallel
    case parameter
    case parser
    case partial
    case partition
    case passing
    case password
    case placing
    case plans
    case policy
    case position
    case preceding
    case precision
    case prepare
    case prepared
    case preserve
    case primary
    case prior
    case privileges
    case procedural
    case procedure
    case procedures
    case program
    case publication
    case quote
    case range
    case read
    case real
    case reassign
    case recheck
    case recursive
    case ref
    case references
    case referencing
    case refresh
    case reindex
    case relative
    case release
    case rename
    case repeatable
    case replace
    case replica
    case reset
    case restart
    case restrict
    case `return`
    case returning
    case returns
    case revoke
    case right
    case role
    case rollback
    case rollup
    case routine
    case routines
    case row
    case rows
    case rule
    case savepoint
    case schema
    case schemas
    case scroll
    case search
    case second
    case security
    case select
    case sequence
    case sequences
    case serializable
    case server
    case session
    case session_user
    case set
    case setof
    case sets
    case share
    case show
    case similar
    case simple
    case skip
    case smallint
    case snapshot
    case some
    case sql
    case stable
    case standalone
    case start
    case statement
    case statistics
    case stdin
    case stdout
    case storage
    case stored
    case strict
    case strip
    case subscription
    case substring
    case support
    case symmetric
    case sysid
    case system
    case table
    case tables
    case tablesample
    case tablespace
    case temp
    case template
    case temporary
    case text
    case then
    case ties
    case time
    case timestamp
    case to
    case trailing
    case transaction
    case transform
    case treat
    case trigger
    case trim
    case `true`
    case truncate
    case trusted
    case type
    case types
    case uescape
    case unbounded
    case uncommitted
    case unencrypted
    case union
    case unique
    case unknown
    case unlisten
    case unlogged
    case until
    case update
    case user
    case using
    case vacuum
    case valid
    case validate
    case validator
    case value
    case values
    case varchar
    case variadic
    case varying
    case verbose
    case version
    case view
    case views
    case volatile
    case when
    case `where`
    case whitespace
    case window
    case with
    case within
    case without
    case work
    case wrapper
    case write
    case xml
    case xmlattributes
    case xmlconcat
    case xmlelement
    case xmlexists
    case xmlforest
    case xmlnamespaces
    case xmlparse
    case xmlpi
    case xmlroot
    case xmlserialize
    case xmltable
    case year
    case yes
    case zone

    /// The keyword spelled `word` (lower case), if any. A dictionary: `init(rawValue:)` of a
    /// String enum this large compares the word with every case in turn, and the lexer asks for
    /// every word of every statement.
    public static func named(_ word: String) -> Keyword? { byName[word] }

    private static let byName: [String: Keyword] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// The keyword's category.
    public var category: KeywordCategory {
        switch self {
        case .between, .bigint, .bit, .boolean, .char, .character, .coalesce, .dec, .decimal, .exists,
             .extract, .float, .greatest, .grouping, .`inout`, .int, .integer, .interval, .least, .national,
             .nchar, .none, .normalize, .nullif, .numeric, .out, .overlay, .position, .precision, .real,
             .row, .setof, .smallint, .substring, .time, .timestamp, .treat, .trim, .values, .varchar,
             .xmlattributes, .xmlconcat, .xmlelement, .xmlexists, .xmlforest, .xmlnamespaces, .xmlparse,
             .xmlpi, .xmlroot, .xmlserialize, .xmltable:
            return .columnName
        case .authorization, .binary, .collation, .concurrently, .cross, .current_schema, .freeze, .full,
             .ilike, .inner, .`is`, .isnull, .join, .left, .like, .natural, .notnull, .outer, .overlaps,
             .right, .similar, .tablesample, .verbose:
            return .typeOrFunctionName
        case .all, .analyse, .analyze, .and, .any, .array, .`as`, .asc, .asymmetric, .both, .`case`, .cast,
             .check, .collate, .column, .constraint, .create, .current_catalog, .current_date, .current_role,
             .current_time, .current_timestamp, .current_user, .`default`, .deferrable, .desc, .distinct,
             .`do`, .`else`, .end, .except, .`false`, .fetch, .`for`, .foreign, .from, .grant, .group,
             .having, .`in`, .initially, .intersect, .into, .lateral, .leading, .limit, .localtime,
             .localtimestamp, .not, .null, .offset, .on, .only, .or, .order, .placing, .primary, .references,
             .returning, .select, .session_user, .some, .symmetric, .table, .then, .to, .trailing, .`true`,
             .union, .unique, .user, .using, .variadic, .when, .`where`, .window, .with:
            return .reserved
        default:
            return .unreserved
        }
    }

    /// Whether the keyword may be a column label without AS (`SELECT 1 year` may not).
    public var isBareLabel: Bool {
        switch self {
        case .array, .`as`, .char, .character, .create, .day, .except, .fetch, .filter, .`for`, .from,
             .grant, .group, .having, .hour, .intersect, .into, .isnull, .limit, .minute, .month, .notnull,
             .offset, .on, .order, .over, .overlaps, .precision, .returning, .second, .to, .union, .varying,
             .`where`, .window, .with, .within, .without, .year:
            return false
        default:
            return true
        }
    }
}
